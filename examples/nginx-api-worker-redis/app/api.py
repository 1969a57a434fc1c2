"""HTTP API: POST /jobs queues a job, GET /jobs/<id> reports it, GET /healthz, GET /readyz."""
import json
import logging
import os
import signal
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "info").upper())
log = logging.getLogger("api")

r = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2, decode_responses=True)
QUEUE = os.environ.get("QUEUE_NAME", "jobs")
MAX_BODY = 64 * 1024


class Handler(BaseHTTPRequestHandler):
    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/healthz":
            return self._send(200, {"status": "ok"})
        if self.path == "/readyz":
            try:
                r.ping()
            except redis.RedisError as err:
                return self._send(503, {"status": "redis unavailable", "error": str(err)})
            return self._send(200, {"status": "ready"})
        if self.path.startswith("/jobs/"):
            job = r.hgetall(f"job:{self.path[len('/jobs/'):]}")
            if not job:
                return self._send(404, {"error": "no such job"})
            return self._send(200, job)
        return self._send(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/jobs":
            return self._send(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(413, {"error": "request body too large"})
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            return self._send(400, {"error": "request body is not JSON"})
        job_id = uuid.uuid4().hex
        r.hset(f"job:{job_id}", mapping={"id": job_id, "status": "queued", "payload": json.dumps(payload)})
        r.expire(f"job:{job_id}", 24 * 3600)
        r.rpush(QUEUE, job_id)
        return self._send(202, {"id": job_id, "status": "queued"})

    def log_message(self, fmt, *args):
        log.debug("%s %s", self.address_string(), fmt % args)


def main():
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)

    def stop(signum, _frame):
        log.info("signal %s received, shutting down", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("api listening on :%d, queue %r", port, QUEUE)
    server.serve_forever()


if __name__ == "__main__":
    main()
