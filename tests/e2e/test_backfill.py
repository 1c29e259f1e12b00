"""Backfill end to end: the shop stand-in's order history -> signed POST /api/v1/shop/backfill ->
step jobs paging the shop's REST API -> the order flow -> the Exact emulator. Asserts documents
in Exact (one per order in a trigger status, none for the others), progress over HTTP, and, with
real worker processes, a run that survives a SIGKILL mid-run without a duplicate."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sidecar.emulators.magento import MagentoConfig
from sidecar.emulators.magento.generator import generate_orders as magento_orders
from sidecar.emulators.magento.testing import running_magento
from sidecar.emulators.woocommerce import WooConfig
from sidecar.emulators.woocommerce.generator import generate_orders as woo_orders
from sidecar.emulators.woocommerce.testing import running_woocommerce
from tests.support.backfill import (
    UNLIMITED,
    WOO_TRIGGER,
    backfill_progress,
    connect_shop,
    days_ago,
    drain,
    events_per_order,
    order_links,
    run_state,
    woo_history,
)
from tests.support.exact import DIVISION

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.exact_emulator(**UNLIMITED)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_woocommerce_history_is_posted_once_with_progress(exact_runtime, exact, live) -> None:
    with running_woocommerce(WooConfig(seed=())) as woo:
        history = woo_history(120, 12)
        ids = woo.insert_orders(history)
        # A trigger-status order last modified before the chosen date stays out.
        old = woo_orders(1, seed=99, start=days_ago(200), end=days_ago(150))[0]
        old["status"] = "processing"
        old_id = woo.insert_order(old)
        shop, client = connect_shop(
            exact_runtime,
            live,
            exact,
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
        )
        expected = {str(i) for i, o in zip(ids, history, strict=True) if o["status"] in WOO_TRIGGER}
        assert len(expected) == 120

        before = backfill_progress(client)
        assert before["state"] == "none" and before["total"] is None and before["eta"] is None

        since = days_ago(90).date().isoformat()
        started = client.post("/api/v1/shop/backfill", {"since": since})
        assert started.status_code == 202, started.text
        assert started.json()["state"] == "running" and started.json()["since"] == since
        # A second start (a new request: the same signed one again would be a replay, answered
        # with the first answer)
        again = client.post(
            "/api/v1/shop/backfill", {"since": since}, timestamp=int(time.time()) + 1
        )
        assert again.status_code == 409 and again.json()["error"]["code"] == "backfill_running"

        drain(exact_runtime, lambda: run_state(exact_runtime) == "done")

        done = backfill_progress(client)
        assert (done["state"], done["done"], done["total"], done["failed"], done["eta"]) == (
            "done",
            120,
            120,
            0,
            0,
        )
        documents = exact.records(DIVISION, "salesorder/SalesOrders")
        assert sorted(d["YourRef"] for d in documents) == sorted(expected)
        links = order_links(exact_runtime)
        assert {k for k, v in links.items() if v == "posted"} == expected
        assert str(old_id) not in links
        events = events_per_order(exact_runtime)
        assert set(events) == expected and set(events.values()) == {1}
        lists = [
            e
            for e in woo.request_log()
            if e["method"] == "GET" and e["path"] == "/wp-json/wc/v3/orders"
        ]
        assert lists and all("per_page=100" in e["query"] for e in lists)

        # A second run over the same history finds every order posted: no event, no document.
        # (Pushback moved the orders' modification time; a run covers what was modified before
        # the second it started, so let that second pass.)
        drain(exact_runtime, lambda: True)
        time.sleep(1.1)
        assert client.post("/api/v1/shop/backfill", {"since": since}).status_code == 202
        drain(exact_runtime, lambda: run_state(exact_runtime) == "done")
        second = backfill_progress(client)
        assert (second["done"], second["total"], second["failed"]) == (120, 120, 0)
        assert len(exact.records(DIVISION, "salesorder/SalesOrders")) == 120
        assert events_per_order(exact_runtime) == events


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_history_is_posted_once(exact_runtime, exact, live) -> None:
    with running_magento(MagentoConfig(seed=())) as mage:
        history = magento_orders(160, seed=5, start=days_ago(40), end=days_ago(1))
        ids = mage.insert_orders(history)
        shop, client = connect_shop(
            exact_runtime, live, exact, "magento", mage.base_url, mage.credentials()
        )
        expected = {
            str(i)
            for i, o in zip(ids, history, strict=True)
            if o["status"] in ("processing", "complete")
        }
        assert len(expected) > 100, "more than one page of 100"
        started = client.post("/api/v1/shop/backfill", {"since": days_ago(60).date().isoformat()})
        assert started.status_code == 202, started.text
        drain(exact_runtime, lambda: run_state(exact_runtime) == "done")
        state = backfill_progress(client)
        assert (state["done"], state["total"], state["failed"]) == (len(expected), len(expected), 0)
        documents = exact.records(DIVISION, "salesorder/SalesOrders")
        numbers = {str(o["increment_id"]) for o in mage.orders() if str(o["entity_id"]) in expected}
        assert sorted(d["YourRef"] for d in documents) == sorted(numbers)
        lists = [
            e for e in mage.request_log() if e["method"] == "GET" and e["path"] == "/rest/V1/orders"
        ]
        assert len(lists) >= 2 and all(e["status"] == 200 for e in lists)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "since"),
        ({"since": "2026-02-30"}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"since": 20260101}, "since"),
        ({"since": "2999-01-01"}, "since"),
        ({"since": "2026-01-01", "until": "2026-02-01"}, "until"),
    ],
)
def test_bad_requests_name_the_field(client, body, field) -> None:
    answer = client.post("/api/v1/shop/backfill", body)
    assert answer.status_code == 400, answer.text
    assert field in answer.json()["error"]["fields"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_credentials_is_a_conflict_that_says_what_to_do(client) -> None:
    answer = client.post("/api/v1/shop/backfill", {"since": "2026-01-01"})
    assert answer.status_code == 409
    assert "credentials" in answer.json()["error"]["message"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cli_starts_a_run_and_follows_it_until_done(exact_runtime, exact, live, tmp_path) -> None:
    with running_woocommerce(WooConfig(seed=())) as woo:
        ids = woo.insert_orders(woo_history(12, 3, seed=3))
        shop, _client = connect_shop(
            exact_runtime,
            live,
            exact,
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
        )
        config = exact_runtime.config
        env = {
            **os.environ,
            "SIDECAR_HOME": str(tmp_path),
            "SIDECAR_DATABASE_URL": config.database_url,
            "SIDECAR_REDIS_URL": config.redis_url,
            "SIDECAR_SECRET_KEY": config.secret_key,
            "SIDECAR_ENV_FILE": str(tmp_path / "no.env"),
        }
        cli = [sys.executable, "-m", "sidecar.cli", "backfill"]
        future = subprocess.run(
            [*cli, shop.id, "--since", "2999-01-01"], env=env, capture_output=True, text=True
        )
        assert future.returncode == 2 and "--since: Must not be in the future" in future.stderr
        unknown = subprocess.run(
            [*cli, "shp_nope", "--since", "2026-01-01"], env=env, capture_output=True, text=True
        )
        assert unknown.returncode == 2 and "No shop" in unknown.stderr

        since = days_ago(90).date().isoformat()
        follower = subprocess.Popen(
            [*cli, shop.id, "--since", since, "--wait", "--interval", "0.5"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            while run_state(exact_runtime) is None and time.monotonic() < deadline:
                time.sleep(0.2)
            drain(exact_runtime, lambda: run_state(exact_runtime) == "done")
            out, err = follower.communicate(timeout=30)
        finally:
            if follower.poll() is None:
                follower.kill()
        assert follower.returncode == 0, err
        lines = out.strip().splitlines()
        assert lines[0].startswith("running: ")
        assert lines[-1] == "done: 12 of 12 done, 0 failed, eta 0 s"
        assert len(exact.records(DIVISION, "salesorder/SalesOrders")) == 12
        assert len(ids) == 15
