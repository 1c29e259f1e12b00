"""Named queues and per-entity deduplication.

Each entity has a key such as ``order:<shop>:<id>``. While a job for that key is waiting (queued or
scheduled), a marker ``sidecar:pending:<key>`` exists and further enqueues for the key are no-ops;
the job removes the marker when it starts, so an event that arrives during a run gets its own
follow-up job, and the entity lock (``entity_lock``) keeps the two from running at once.
RQ 2 only allows ``[A-Za-z0-9_-]`` in job ids, so the job id is the key made safe plus a short
random suffix that tells runs apart.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from redis import Redis
from redis.client import Pipeline
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.registry import ScheduledJobRegistry

# Workers take jobs in this order: history (backfill) only when nothing else waits.
QUEUE_NAMES = ("orders", "pushback", "catalog", "default", "backfill")
KIND_QUEUE = {
    "order": "orders",
    "customer": "default",
    "exact": "pushback",  # Exact webhook deliveries: what changed in Exact, to push to the shop
    "item": "catalog",
}
PENDING_PREFIX = "sidecar:pending:"
LOCK_PREFIX = "sidecar:lock:"
PROCESS_ENTITY = "sidecar.jobs.tasks.process_entity"

# A marker outlives its job's planned start by this much, so a marker orphaned by a crash between
# SET and enqueue blocks its entity for at most this long (the stale-event sweeper then requeues).
MARKER_SLACK_SECONDS = 900
JOB_TIMEOUT_SECONDS = 300
FAILURE_TTL_SECONDS = 7 * 86400

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
# Compare-and-delete: only the job the marker names may clear it.
_RELEASE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)


def entity_key(kind: str, shop_id: str, entity_id: str) -> str:
    return f"{kind}:{shop_id}:{entity_id}"


def job_id_for(key: str) -> str:
    return f"{_UNSAFE.sub('-', key)[:180]}-{secrets.token_hex(4)}"


class Queues:
    def __init__(self, redis: Redis, job_timeout: int = JOB_TIMEOUT_SECONDS) -> None:
        self.redis = redis
        self.job_timeout = job_timeout
        self.by_name = {name: Queue(name, connection=redis) for name in QUEUE_NAMES}
        self._release = redis.register_script(_RELEASE)

    def enqueue_entity(
        self,
        queue_name: str,
        key: str,
        *args: Any,
        func: str = PROCESS_ENTITY,
        delay: float | None = None,
        pipeline: Pipeline | None = None,
        **kwargs: Any,
    ) -> str | None:
        """Enqueue work for one entity unless a job for it is already waiting.

        Returns the new job id, or None when an existing waiting job already covers the key.
        With ``pipeline`` the job is written when the caller executes it (one round trip for a
        whole batch); the marker is set at once so the dedupe decision is never delayed.
        """
        job_id = job_id_for(key)
        ttl = int((delay or 0) + MARKER_SLACK_SECONDS)
        if not self.redis.set(PENDING_PREFIX + key, job_id, nx=True, ex=ttl):
            return None
        queue = self.by_name[queue_name]
        options = {
            "job_id": job_id,
            "description": key,
            "result_ttl": 0,
            "failure_ttl": FAILURE_TTL_SECONDS,
            "job_timeout": self.job_timeout,
        }
        if pipeline is not None:
            options["pipeline"] = pipeline
        try:
            if delay and delay > 0:
                queue.enqueue_in(timedelta(seconds=delay), func, *args, **kwargs, **options)
            else:
                queue.enqueue(func, *args, **kwargs, **options)
        except BaseException:
            self._release(keys=[PENDING_PREFIX + key], args=[job_id])
            raise
        return job_id

    def claim(self, key: str, job_id: str) -> None:
        """Called when a job starts: from now on a new event for the key needs a new job."""
        self._release(keys=[PENDING_PREFIX + key], args=[job_id])

    def run_scheduled_now(self, key_prefix: str) -> int:
        """Move delayed jobs whose key starts with ``key_prefix`` to the front of the line, for
        example every job of a shop that waited for Exact to be reconnected."""
        moved = 0
        for queue in self.by_name.values():
            registry = ScheduledJobRegistry(queue=queue)
            for job_id in registry.get_job_ids():
                job = queue.fetch_job(job_id)
                if job is None or not (job.description or "").startswith(key_prefix):
                    continue
                registry.remove(job)
                queue.enqueue_job(job)
                moved += 1
        return moved

    def drop_orphan_marker(self, queue_name: str, key: str) -> bool:
        """Remove the key's marker when no live job stands behind it; True if removed.

        A marker is orphaned when the enqueue after it failed (Redis went away in between), or
        when a worker died after taking the job and before claiming it: the job is gone,
        finished or failed, has been "started" for longer than a job may run, or still says
        "queued" or "scheduled" while no queue or schedule holds it (a worker killed between
        taking it off the queue and marking it started, or a Redis restart that kept the job's
        hash but lost its place in line; found by the soak test, 299 of 300).
        """
        raw = self.redis.get(PENDING_PREFIX + key)
        if raw is None:
            return False
        job_id = raw.decode() if isinstance(raw, bytes) else str(raw)
        # Any queue: a backfilled order's job waits on "backfill", not on its kind's queue.
        try:
            job = Job.fetch(job_id, connection=self.redis)
        except NoSuchJobError:
            job = None
        status = job.get_status(refresh=False) if job is not None else None
        alive = status == "deferred" or (
            status in ("queued", "scheduled") and self._in_line(job, status)
        )
        if status == "started" and job.started_at is not None:
            age = (datetime.now(UTC) - job.started_at.replace(tzinfo=UTC)).total_seconds()
            alive = age < self.job_timeout + 60
        if alive:
            return False
        return bool(self._release(keys=[PENDING_PREFIX + key], args=[job_id]))

    def _in_line(self, job: Job, status: str) -> bool:
        """Whether a queued job is in its queue, or a scheduled one in its schedule."""
        if status == "queued":
            return self.redis.lpos(Queue(job.origin, connection=self.redis).key, job.id) is not None
        registry = ScheduledJobRegistry(job.origin, connection=self.redis)
        return self.redis.zscore(registry.key, job.id) is not None

    def is_pending(self, key: str) -> bool:
        return bool(self.redis.exists(PENDING_PREFIX + key))

    def entity_lock(self, key: str):  # noqa: ANN201
        return self.redis.lock(LOCK_PREFIX + key, timeout=self.job_timeout, blocking=False)
