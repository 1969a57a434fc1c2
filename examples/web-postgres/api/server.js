'use strict';
// A deliberately small API: GET/POST /notes, GET /healthz (process is up), GET /readyz (database reachable).
const http = require('node:http');
const { Pool } = require('pg');

const port = Number(process.env.PORT || 3000);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX || 10),
});
const debug = process.env.LOG_LEVEL === 'debug';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 64 * 1024) throw Object.assign(new Error('request body too large'), { status: 413 });
  }
  try {
    return JSON.parse(raw || '{}');
  } catch {
    throw Object.assign(new Error('request body is not JSON'), { status: 400 });
  }
}

const server = http.createServer(async (req, res) => {
  if (debug) console.log(req.method, req.url);
  try {
    if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
    if (req.url === '/readyz') {
      await pool.query('SELECT 1');
      return send(res, 200, { status: 'ready' });
    }
    if (req.url === '/notes' && req.method === 'GET') {
      const { rows } = await pool.query('SELECT id, body, created_at FROM notes ORDER BY id DESC LIMIT 100');
      return send(res, 200, rows);
    }
    if (req.url === '/notes' && req.method === 'POST') {
      const { body } = await readJson(req);
      if (typeof body !== 'string' || body.trim() === '') return send(res, 400, { error: '"body" must be a non-empty string' });
      const { rows } = await pool.query('INSERT INTO notes (body) VALUES ($1) RETURNING id, body, created_at', [body]);
      return send(res, 201, rows[0]);
    }
    return send(res, 404, { error: 'not found' });
  } catch (err) {
    if (err.status) return send(res, err.status, { error: err.message });
    console.error(err);
    return send(res, 500, { error: 'internal error' });
  }
});

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  server.listen(port, () => console.log(`notes-api listening on :${port}`));
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`${signal} received, shutting down`);
    server.close(() => pool.end().then(() => process.exit(0)));
  });
}

main().catch((err) => {
  console.error('startup failed:', err.message);
  process.exit(1);
});
