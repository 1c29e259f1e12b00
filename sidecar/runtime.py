"""The per-process bundle of configuration, database, Redis and the secret box.

Web processes build it in ``create_app``; workers and the scheduler build it lazily the first time
a job needs it, from the same environment, so a job function only ever asks ``get_runtime()``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from redis import Redis

import sidecar.models  # noqa: F401 - every mapper must be known before the first flush
from sidecar.config import Config, load_config
from sidecar.db import Database
from sidecar.jobs.queues import Queues
from sidecar.security import SecretBox


@dataclass
class Runtime:
    config: Config
    db: Database
    redis: Redis
    box: SecretBox

    @cached_property
    def queues(self) -> Queues:
        # One instance per process: RQ caches the Redis server version per Queue object, and a
        # fresh one per request would cost an INFO round trip every time.
        return Queues(self.redis, self.config.job_timeout_seconds)

    def close(self) -> None:
        self.db.dispose()
        self.redis.close()


def connect_redis(url: str) -> Redis:
    # Short timeouts: a Redis outage must turn into a quick retry or 503, never a hung request.
    return Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30)


def build_runtime(config: Config | None = None) -> Runtime:
    config = config or load_config()
    return Runtime(
        config=config,
        db=Database(config.database_url, config.sqlite_busy_timeout_ms),
        redis=connect_redis(config.redis_url),
        box=SecretBox(config.secret_key),
    )


_lock = threading.Lock()
_current: Runtime | None = None


def get_runtime() -> Runtime:
    global _current
    with _lock:
        if _current is None:
            _current = build_runtime()
        return _current


def set_runtime(runtime: Runtime | None) -> None:
    """Install a runtime for this process (the worker and the tests use it)."""
    global _current
    with _lock:
        _current = runtime
