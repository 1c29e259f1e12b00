"""Workers outlive a Redis restart (issue: "workers die when Redis restarts").

A real ``exact-sidecar worker`` process works a real Redis; Redis is stopped for a few seconds and
started again on the same port, with an append-only file and without persistence, while the
worker is running a job. Nothing in
the test restarts the worker: it must still be running afterwards, pick up an event that
arrives after the restart, say in its log that it reconnected, and still stop cleanly on SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rq import Queue
from sqlalchemy import select

from sidecar.events import ingest
from sidecar.events.models import Event
from sidecar.events.schemas import EVENT_SCHEMA
from sidecar.runtime import Runtime
from tests.support.servers import RedisServer, start_redis
from tests.support.signing import event

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture(params=[False, True], ids=["no-persistence", "append-only-file"])
def redis_server(request: pytest.FixtureRequest) -> Iterator[RedisServer]:
    """A Redis of this test's own, so restarting it disturbs no other test."""
    server = start_redis(persistent=request.param)
    yield server
    server.stop()


def _accept(runtime: Runtime, shop_id: str, event_id: str, customer: str) -> None:
    loaded = [EVENT_SCHEMA.load(event(event_id, customer, type_="customer.updated", data={}))]
    outcomes = ingest.store_events(runtime, shop_id, loaded)
    ingest.dispatch(runtime, shop_id, loaded, outcomes)


def _state(runtime: Runtime, event_id: str) -> str | None:
    with runtime.db.session() as session:
        return session.scalar(select(Event.state).where(Event.event_id == event_id))


def _wait_processed(runtime: Runtime, event_id: str, worker: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _state(runtime, event_id) != "processed":
        assert worker.poll() is None, f"the worker exited ({worker.returncode}):\n{log.read_text()}"
        time.sleep(0.2)
    assert _state(runtime, event_id) == "processed", log.read_text()


def test_a_worker_outlives_a_redis_restart(
    runtime: Runtime, redis_server: RedisServer, shop, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "SIDECAR_DATABASE_URL": runtime.config.database_url,
        "SIDECAR_REDIS_URL": redis_server.url,
        "SIDECAR_SECRET_KEY": runtime.config.secret_key,
        "SIDECAR_HOME": str(tmp_path),
        "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
        "SIDECAR_LOG_LEVEL": "INFO",
    }
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "sidecar.cli", "worker"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _accept(runtime, shop.id, "before", "7")
        _wait_processed(runtime, "before", worker, log)

        # Redis goes away while the worker runs a job, and is still away when the job ends: the
        # worker then has to write the outcome to a Redis that is not there (RQ quits on that).
        busy = Queue("default", connection=runtime.redis).enqueue("time.sleep", 2)
        deadline = time.monotonic() + 30
        while busy.get_status(refresh=True) != "started" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert busy.get_status(refresh=True) == "started", log.read_text()
        redis_server.restart(down_seconds=4.0)
        time.sleep(2)
        assert worker.poll() is None, f"the worker died with Redis:\n{log.read_text()}"

        _accept(runtime, shop.id, "after", "8")
        _wait_processed(runtime, "after", worker, log)
        # RQ gave up under the job and the role started a fresh worker (not RQ's own retry).
        assert "restarting the worker (restart 1)" in log.read_text(), log.read_text()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
        code = worker.wait(30)
    assert code == 0, f"SIGTERM should stop the worker cleanly:\n{log.read_text()}"
