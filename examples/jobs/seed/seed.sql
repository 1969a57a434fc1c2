-- Sample rows, loaded only into an empty table so that re-running the job changes nothing.
INSERT INTO api.todos (title, done)
SELECT v.title, v.done
FROM (VALUES
  ('read the compose file', true),
  ('synth the manifests', false),
  ('apply them with kubectl apply -k', false)
) AS v(title, done)
WHERE NOT EXISTS (SELECT 1 FROM api.todos);
