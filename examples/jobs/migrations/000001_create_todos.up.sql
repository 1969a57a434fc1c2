CREATE SCHEMA IF NOT EXISTS api;

CREATE TABLE api.todos (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title  text NOT NULL CHECK (title <> ''),
  done   boolean NOT NULL DEFAULT false,
  due    timestamptz
);

-- The role PostgREST switches to for anonymous requests.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'web_anon') THEN
    CREATE ROLE web_anon NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA api TO web_anon;
GRANT SELECT ON api.todos TO web_anon;
