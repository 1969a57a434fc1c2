<?php
echo "hello from php-fpm";
