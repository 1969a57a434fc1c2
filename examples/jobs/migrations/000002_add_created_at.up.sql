ALTER TABLE api.todos ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
