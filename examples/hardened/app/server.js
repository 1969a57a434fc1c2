'use strict';
// edge-api: GET /healthz, GET /api/hello (Bearer token from the api_token secret file).
// It writes nothing to disk except under /tmp and /var/cache/edge-api (tmpfs), so it runs
// with a read-only root file system.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');

const read = (path) => fs.readFileSync(path, 'utf8').trim();
const config = JSON.parse(read(process.env.CONFIG_PATH || '/etc/edge-api/config.json'));
const motd = read(process.env.MOTD_PATH || '/etc/edge-api/motd.txt');
const token = Buffer.from(read(process.env.API_TOKEN_FILE || '/run/secrets/api_token'));
const sessionKey = read(process.env.SESSION_KEY_FILE || '/run/secrets/session_signing_key');
if (token.length === 0) throw new Error('the api_token secret is empty');

function authorized(req) {
  const given = Buffer.from((req.headers.authorization || '').replace(/^Bearer /, ''));
  return given.length === token.length && crypto.timingSafeEqual(given, token);
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
  if (req.url === '/api/hello') {
    if (!authorized(req)) return send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    const session = crypto.createHmac('sha256', sessionKey).update(String(Date.now())).digest('hex');
    return send(res, 200, { message: `${config.greeting}, world`, motd }, { 'set-cookie': `s=${session}; HttpOnly; Secure` });
  }
  return send(res, 404, { error: 'not found' });
});

// compose sets stop_signal: SIGINT; Kubernetes sends SIGTERM. Handle both.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log(`${signal} received, draining connections`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 30_000).unref();
  });
}

server.listen(Number(process.env.PORT || 80), () => console.log(`edge-api listening on :${server.address().port}`));
