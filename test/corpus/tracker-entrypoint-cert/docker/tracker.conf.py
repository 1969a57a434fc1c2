SECRET_KEY_FROM_ENV = True
CACHE = "redis://redis:6379"
