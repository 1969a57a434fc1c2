"""Worker: takes job ids off the Redis list and runs them (here: counts the words of "text")."""
import json
import logging
import os
import signal

import redis

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "info").upper())
log = logging.getLogger("worker")

r = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=10, decode_responses=True)
QUEUE = os.environ.get("QUEUE_NAME", "jobs")
running = True


def stop(signum, _frame):
    global running
    log.info("signal %s received, finishing the current job", signum)
    running = False


def run(job_id):
    key = f"job:{job_id}"
    payload = json.loads(r.hget(key, "payload") or "{}")
    r.hset(key, "status", "running")
    words = len(str(payload.get("text", "")).split())
    r.hset(key, mapping={"status": "done", "result": json.dumps({"words": words})})
    log.info("job %s done", job_id)


def main():
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("worker waiting on queue %r", QUEUE)
    while running:
        item = r.blpop([QUEUE], timeout=5)
        if item is None:
            continue
        _, job_id = item
        try:
            run(job_id)
        except Exception:  # keep the worker alive; record the failure on the job
            log.exception("job %s failed", job_id)
            r.hset(f"job:{job_id}", "status", "failed")


if __name__ == "__main__":
    main()
