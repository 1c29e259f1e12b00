"""The worker role: an RQ worker that outlives a Redis restart.

RQ's worker retries only its blocking dequeue when Redis goes away; any other Redis call (the
heartbeat, registering, the maintenance tasks, monitoring a job) ends ``Worker.work`` ("found an
unhandled exception, quitting") or raises out of it, so a one-second Redis restart used to end
every worker process and stop all orders until a person restarted them. Here the worker is
started again in the same process: after waiting until Redis answers again (from half a second
up to ``MAX_WAIT_SECONDS``, doubling), with a fresh RQ worker. A shutdown that was asked for
(SIGTERM, Ctrl-C; warm, so a running job finishes) ends the role as before, and so does an empty
queue in burst mode.

Every module a job runs from is imported once here, before the first fork (``preload``): RQ
runs each job in a forked work-horse and imports the job's function there by name, so a worker
that had not imported the flows paid their import (0.14 s, measured) on every single job, the
constant part of the wait between an event and its document (docs/benchmarks.md).

Nothing is lost meanwhile: events are in the database, a job that a Redis without persistence
forgot is queued again by the stale-event sweeper (``tasks.requeue_stale_events``), and a job that
was running when Redis went away is settled by the link it recorded before calling Exact.
"""

from __future__ import annotations

import gc
import importlib
import logging
import signal
import threading
import time
from collections.abc import Callable, Sequence
from types import FrameType

from redis import Redis
from redis.exceptions import RedisError
from rq import Worker

log = logging.getLogger(__name__)

FIRST_WAIT_SECONDS = 0.5
MAX_WAIT_SECONDS = 30.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The module every job runs from: it imports, at module level, each module whose functions jobs
# name (``func="sidecar.jobs.tasks.push_order"``, the periodic table); tests/unit/
# test_worker_preload.py finds every such name in the code and checks that ``preload`` loads it.
JOB_MODULES = ("sidecar.jobs.tasks",)


def preload() -> None:
    """Import every job's module in the worker itself, so forked work-horses inherit them; then
    freeze what is loaded, so the cyclic collector of each horse does not walk (and so copy, page
    by page) everything the worker had built before the fork."""
    for name in JOB_MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()


class SidecarWorker(Worker):
    """RQ's worker, remembering whether a shutdown was asked for (it then must not restart)."""

    stop_signalled = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_signalled = True
        super().request_stop(signum, frame)


def _wait_for_redis(redis: Redis, stop: threading.Event, wait: float) -> bool:
    """Block until Redis answers a PING; False when a shutdown was asked for meanwhile."""
    while not stop.wait(wait):
        try:
            redis.ping()
            return True
        except RedisError as exc:
            log.warning("worker: Redis is not reachable (%s); next try in %.1f s", exc, wait)
            wait = min(wait * 2, MAX_WAIT_SECONDS)
    return False


def _setter(stop: threading.Event) -> Callable[[int, FrameType | None], None]:
    return lambda *_: stop.set()


def run(redis: Redis, queues: Sequence[str], *, burst: bool = False) -> int:
    """Work ``queues`` until asked to stop; returns how many times the worker was restarted."""
    preload()
    restarts = 0
    wait = FIRST_WAIT_SECONDS
    while True:
        worker = SidecarWorker(list(queues), connection=redis)
        started = time.monotonic()
        try:
            worker.work(with_scheduler=True, burst=burst)
        except RedisError as exc:  # raised while registering or unregistering the worker
            log.warning("worker: lost Redis (%s)", exc)
        if worker.stop_signalled or burst:
            return restarts
        # RQ quit on its own: Redis went away under it (or an error RQ does not handle). Wait
        # for Redis, answering a shutdown signal meanwhile, then start a fresh worker.
        stop = threading.Event()
        previous = {
            sig: signal.signal(sig, _setter(stop)) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        # A worker that quits again soon after its start waits longer each time (an error that
        # is not Redis's would otherwise restart it twice a second); a long run resets the wait.
        wait = FIRST_WAIT_SECONDS if time.monotonic() - started > 60 else wait
        try:
            if not _wait_for_redis(redis, stop, wait):
                log.info("worker: stopping on request while waiting for Redis")
                return restarts
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        wait = min(wait * 2, MAX_WAIT_SECONDS)
        restarts += 1
        log.warning("worker: Redis answers again; restarting the worker (restart %d)", restarts)
