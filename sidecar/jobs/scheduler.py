"""The scheduler role: enqueue each periodic job (``jobs.schedule.PERIODIC``) when it is due.

Delayed one-off jobs (retries) are moved to their queues by RQ's own scheduler inside the workers
(``--with-scheduler``); this loop only handles the periodic table. A Redis lease per entry (SET NX
with the period as expiry) lets several schedulers run without enqueueing anything twice.
"""

from __future__ import annotations

import logging
import threading
import time

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

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


def run(redis: Redis, stop: threading.Event, interval: float = 1.0) -> None:
    log.info("scheduler started with %d periodic jobs", len(PERIODIC))
    while not stop.is_set():
        try:
            for name in tick(redis):
                log.info("enqueued periodic job %s", name)
        except RedisError as exc:
            log.warning("scheduler cannot reach Redis: %s", exc)
        stop.wait(interval)
