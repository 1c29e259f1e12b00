"""The scheduler role: enqueue each periodic job (``jobs.schedule.PERIODIC``) when it is due,
and move delayed jobs (retries) whose time has come onto their queues.

RQ's own scheduler, inside the workers (``--with-scheduler``), moves delayed jobs too, but it dies
with its Redis connection and a worker only restarts it every ten minutes; retries would then wait
that long after a Redis restart. So this loop moves them as well, every second: a job is taken out
of the scheduled registry with ZREM first, and only the process whose ZREM removed it enqueues it.
A Redis lease per periodic entry (SET NX with the period as expiry) lets several schedulers run
without enqueueing anything twice.
"""

from __future__ import annotations

import logging
import threading
import time

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.registry import ScheduledJobRegistry

from sidecar.jobs.queues import QUEUE_NAMES
from sidecar.jobs.schedule import PERIODIC, Periodic

log = logging.getLogger(__name__)
LEASE_PREFIX = "sidecar:periodic:"


def tick(redis: Redis, table: tuple[Periodic, ...] = PERIODIC) -> list[str]:
    """Enqueue every entry whose lease has lapsed; returns the names enqueued."""
    enqueued = []
    for entry in table:
        if redis.set(LEASE_PREFIX + entry.name, str(time.time()), nx=True, ex=entry.every):
            Queue(entry.queue, connection=redis).enqueue(
                entry.func,
                job_id=f"periodic-{entry.name}-{int(time.time())}",
                description=f"periodic:{entry.name}",
                result_ttl=3600,
                failure_ttl=7 * 86400,
            )
            enqueued.append(entry.name)
    return enqueued


def move_due_jobs(redis: Redis) -> int:
    """Enqueue delayed jobs whose time has come; returns how many this call moved."""
    moved = 0
    for name in QUEUE_NAMES:
        queue = Queue(name, connection=redis)
        registry = ScheduledJobRegistry(queue=queue)
        for job_id in registry.get_jobs_to_schedule(int(time.time())):
            if not redis.zrem(registry.key, job_id):
                continue  # another scheduler (or RQ's) took it
            job = queue.fetch_job(job_id)
            if job is not None:
                queue.enqueue_job(job)
                moved += 1
    return moved


def run(redis: Redis, stop: threading.Event, interval: float = 1.0) -> None:
    log.info("scheduler started with %d periodic jobs", len(PERIODIC))
    while not stop.is_set():
        try:
            for name in tick(redis):
                log.info("enqueued periodic job %s", name)
            if moved := move_due_jobs(redis):
                log.info("moved %d delayed job(s) onto their queues", moved)
        except RedisError as exc:
            log.warning("scheduler cannot reach Redis: %s", exc)
        stop.wait(interval)
