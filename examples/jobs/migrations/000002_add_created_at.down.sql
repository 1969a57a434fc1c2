ALTER TABLE api.todos DROP COLUMN IF EXISTS created_at;
