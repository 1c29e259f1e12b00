"""Prometheus metrics kept in Redis, so every web process, worker and machine adds to one tally.

gunicorn runs several web processes and workers may run on other machines; counters held in one
process's memory would show a fraction of the truth on each scrape. Counting in Redis hashes costs
one pipelined command next to the enqueue we send anyway, and ``/metrics`` renders the hashes
(plus live queue sizes) through a prometheus_client collector.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from redis import Redis
from rq import Queue
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from sidecar.jobs.queues import QUEUE_NAMES

EVENTS_KEY = "sidecar:metrics:events"
JOBS_KEY = "sidecar:metrics:jobs"
JOB_SECONDS_KEY = "sidecar:metrics:job_seconds"
WAIT_SECONDS_KEY = "sidecar:metrics:job_wait_seconds"
EXACT_CALLS_KEY = "sidecar:metrics:exact_calls"
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


def count_event(redis: Redis, shop_id: str, outcome: str, amount: int = 1) -> None:
    redis.hincrby(EVENTS_KEY, f"{shop_id}|{outcome}", amount)


def _observe(pipe, key: str, queue: str, seconds: float) -> None:  # noqa: ANN001
    for bound in BUCKETS:
        if seconds <= bound:
            pipe.hincrby(key, f"{queue}|{bound}", 1)
    pipe.hincrby(key, f"{queue}|+Inf", 1)
    pipe.hincrbyfloat(key, f"{queue}|sum", seconds)


def observe_job(redis: Redis, queue: str, outcome: str, seconds: float) -> None:
    pipe = redis.pipeline(transaction=False)
    pipe.hincrby(JOBS_KEY, f"{queue}|{outcome}", 1)
    _observe(pipe, JOB_SECONDS_KEY, queue, seconds)
    pipe.execute()


def observe_wait(redis: Redis, queue: str, seconds: float) -> None:
    """How long a job waited in its queue before a worker took it (hand-off and fork
    included): with the run time, this says where an order's seconds go."""
    pipe = redis.pipeline(transaction=False)
    _observe(pipe, WAIT_SECONDS_KEY, queue, max(seconds, 0.0))
    pipe.execute()


def count_exact_call(redis: Redis, endpoint: str, status: int | str) -> None:
    redis.hincrby(EXACT_CALLS_KEY, f"{endpoint}|{status}", 1)


def _split(raw: dict[bytes, bytes]) -> Iterator[tuple[str, str, str]]:
    for field, value in raw.items():
        left, _, right = field.decode().rpartition("|")
        yield left, right, value.decode()


class RedisCollector(Collector):
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def collect(self):  # noqa: ANN201
        events = CounterMetricFamily(
            "sidecar_events", "Plugin events by shop and outcome", labels=["shop", "outcome"]
        )
        for shop, outcome, value in _split(self.redis.hgetall(EVENTS_KEY)):
            events.add_metric([shop, outcome], float(value))
        yield events

        jobs = CounterMetricFamily(
            "sidecar_jobs", "Finished job runs by queue and outcome", labels=["queue", "outcome"]
        )
        for queue, outcome, value in _split(self.redis.hgetall(JOBS_KEY)):
            jobs.add_metric([queue, outcome], float(value))
        yield jobs

        yield self._histogram(
            "sidecar_job_duration_seconds", "Job run time by queue", JOB_SECONDS_KEY
        )
        yield self._histogram(
            "sidecar_job_wait_seconds",
            "Time a job waited in its queue before a worker started it",
            WAIT_SECONDS_KEY,
        )

        calls = CounterMetricFamily(
            "sidecar_exact_calls",
            "Exact Online calls by endpoint and status",
            labels=["endpoint", "status"],
        )
        for endpoint, status, value in _split(self.redis.hgetall(EXACT_CALLS_KEY)):
            calls.add_metric([endpoint, status], float(value))
        yield calls

        yield self._queue_sizes()

    def _histogram(self, name: str, text: str, key: str) -> HistogramMetricFamily:
        family = HistogramMetricFamily(name, text, labels=["queue"])
        per_queue: dict[str, dict[str, float]] = {}
        for queue, bucket, value in _split(self.redis.hgetall(key)):
            per_queue.setdefault(queue, {})[bucket] = float(value)
        for queue, values in sorted(per_queue.items()):
            buckets = [(str(b), values.get(str(b), 0.0)) for b in BUCKETS]
            buckets.append(("+Inf", values.get("+Inf", 0.0)))
            family.add_metric([queue], buckets, values.get("sum", 0.0))
        return family

    def _queue_sizes(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "sidecar_queue_jobs", "Jobs by queue and state right now", labels=["queue", "state"]
        )
        for name in QUEUE_NAMES:
            queue = Queue(name, connection=self.redis)
            family.add_metric([name, "queued"], float(queue.count))
            for state, registry in (
                ("scheduled", ScheduledJobRegistry),
                ("started", StartedJobRegistry),
                ("failed", FailedJobRegistry),
                ("deferred", DeferredJobRegistry),
            ):
                family.add_metric([name, state], float(registry(queue=queue).count))
        return family
