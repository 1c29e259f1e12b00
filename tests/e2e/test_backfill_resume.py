"""Backfill of 1,000 orders through real worker processes (``exact-sidecar worker`` and the
scheduler role), interrupted by SIGKILL of every worker mid-run and resumed by new workers: each
order is posted to Exact exactly once, no event is stored twice, no customer is created twice.

Slow by nature (about 3,000 jobs in forked work horses against three stand-ins in this process):
14 minutes on the shared 2-core machine under a load of 8, so the quick suite can leave it out
like the chaos test (``--ignore=tests/e2e/test_backfill_resume.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from sidecar.emulators.woocommerce import WooConfig
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.jobs import tasks
from sidecar.sync.history import backfill
from tests.support.backfill import (
    UNLIMITED,
    WOO_TRIGGER,
    backfill_progress,
    connect_shop,
    days_ago,
    describe,
    events_per_order,
    order_links,
    run_state,
    woo_history,
)
from tests.support.exact import CLIENT_ID, CLIENT_SECRET, DIVISION

pytestmark = pytest.mark.exact_emulator(**UNLIMITED)
ROOT = Path(__file__).parents[2]
WORKER = ("worker",)  # every queue, as scripts/run.sh starts it
KILL_AFTER = 300


def _spawn(env: dict, role: tuple[str, ...] = WORKER) -> subprocess.Popen:
    """A sidecar role as its own process group, so SIGKILL takes its work horse along."""
    return subprocess.Popen(
        [sys.executable, "-m", "sidecar.cli", *role],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_killed_worker_resumes_the_run_without_duplicates(
    exact_runtime, exact, live, tmp_path
) -> None:
    with running_woocommerce(WooConfig(seed=())) as woo:
        history = woo_history(1000, 40, seed=11)
        ids = woo.insert_orders(history)
        shop, client = connect_shop(
            exact_runtime,
            live,
            exact,
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
        )
        expected = {str(i) for i, o in zip(ids, history, strict=True) if o["status"] in WOO_TRIGGER}
        emails = {o["billing"]["email"] for o in history if o["status"] in WOO_TRIGGER}
        # The in-process periodic calls below (what the scheduler role runs every minute) use
        # the same short ages as the worker processes.
        exact_runtime.config = replace(
            exact_runtime.config, stale_event_seconds=3, job_timeout_seconds=20
        )
        env = {
            **os.environ,
            "SIDECAR_DATABASE_URL": exact_runtime.config.database_url,
            "SIDECAR_REDIS_URL": exact_runtime.config.redis_url,
            "SIDECAR_SECRET_KEY": exact_runtime.config.secret_key,
            "SIDECAR_HOME": str(tmp_path),
            "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
            "SIDECAR_EXACT_CLIENT_ID": CLIENT_ID,
            "SIDECAR_EXACT_CLIENT_SECRET": CLIENT_SECRET,
            "SIDECAR_EXACT_BASE_URL": exact.base_url,
            "SIDECAR_PUBLIC_URL": live,
            "SIDECAR_RETRY_BASE_SECONDS": "1",
            "SIDECAR_JOB_TIMEOUT_SECONDS": "20",
            "SIDECAR_STALE_EVENT_SECONDS": "3",
            "SIDECAR_LOG_LEVEL": "WARNING",
        }
        processes: list[subprocess.Popen] = []
        try:
            since = days_ago(90).date().isoformat()
            assert client.post("/api/v1/shop/backfill", {"since": since}).status_code == 202
            processes = [_spawn(env), _spawn(env), _spawn(env), _spawn(env, ("scheduler",))]
            deadline = time.monotonic() + 900
            while backfill_progress(client)["done"] < KILL_AFTER and time.monotonic() < deadline:
                time.sleep(0.3)
            for process in processes[:3]:
                os.killpg(process.pid, signal.SIGKILL)  # mid-job: no clean-up at all
                process.wait()
            interrupted = backfill_progress(client)
            assert interrupted["state"] == "running", interrupted
            assert KILL_AFTER <= interrupted["done"] < 1000, interrupted

            processes[:3] = [_spawn(env), _spawn(env), _spawn(env)]
            while run_state(exact_runtime) != "done" and time.monotonic() < deadline:
                time.sleep(1)
                # The scheduler role runs these every minute; here every second.
                tasks.requeue_stale_events()
                backfill.resume_runs()
            assert run_state(exact_runtime) == "done", describe(exact_runtime)
        finally:
            for process in processes:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(20)

        final = backfill_progress(client)
        assert (final["done"], final["total"], final["failed"], final["eta"]) == (1000, 1000, 0, 0)
        documents = exact.records(DIVISION, "salesorder/SalesOrders")
        refs = Counter(d["YourRef"] for d in documents)
        assert set(refs) == expected and set(refs.values()) == {1}, "one document per order"
        links = order_links(exact_runtime)
        assert {k for k, v in links.items() if v == "posted"} == expected == set(links)
        events = events_per_order(exact_runtime)
        assert set(events) == expected and set(events.values()) == {1}, "no event stored twice"
        accounts = [
            a
            for a in exact.records(DIVISION, "crm/Accounts")
            if "@example." in (a.get("Email") or "")
        ]
        assert len(accounts) == len(emails), "no customer created twice"
