#!/usr/bin/env node
// Rewrites the README's table of attention codes from src/attention.ts (test/cli/strict.test.ts checks they match).
// Run after adding a code and building: `npm run build && node scripts/update-readme-attention.js`.
'use strict';
const fs = require('fs');
const path = require('path');
const { attentionTable } = require('../lib/src/attention-table.js');
const file = path.join(__dirname, '..', 'README.md');
const s = fs.readFileSync(file, 'utf8');
const start = s.indexOf('<!-- attention-table -->');
const end = s.indexOf('<!-- /attention-table -->');
if (start < 0 || end < 0) throw new Error('README: the attention table markers are not found');
fs.writeFileSync(file, `${s.slice(0, start)}<!-- attention-table -->\n${attentionTable()}\n${s.slice(end)}`);
