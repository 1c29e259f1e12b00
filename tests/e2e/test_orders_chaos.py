"""360 orders through real worker processes while Exact fails: 10 % of calls answer 500/503/429,
5 % of creates time out after Exact committed them and 3 % of order creates lose their answer
outright, a worker is killed with SIGKILL twice (and replaced, as a supervisor would), Redis
crashes once without persistence (every queue, marker and lock gone) and PostgreSQL restarts
once, which every role must outlive on its own. A second shop in the same Exact administration
sends 60 orders with the same numbers as the first shop's, for its own customers. Exactly one
document per order must exist, each equal to the shop's total and booked on that shop's
customer, with no duplicate accounts and every event accounted for."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from sidecar.app import create_app
from sidecar.events.models import Event
from sidecar.jobs import tasks
from sidecar.jobs.queues import LOCK_PREFIX, PENDING_PREFIX
from sidecar.runtime import build_runtime, set_runtime
from sidecar.shops.service import add_shop
from sidecar.sync.links import Link
from tests.support.exact import CLIENT_ID, CLIENT_SECRET, DIVISION, oauth_dance
from tests.support.live import serve
from tests.support.orders import ITEMS, SETTINGS
from tests.support.servers import start_redis
from tests.support.signing import SignedClient

ROOT = Path(__file__).parents[2]
ORDERS = 300
CUSTOMERS = 60
# The second shop: order numbers 10000-10059 again, its own 20 customers.
SECOND_ORDERS = 60
SECOND_CUSTOMERS = 20
TOTAL = ORDERS + SECOND_ORDERS
DEADLINE_SECONDS = 420

# The budget is not what this test is about: a large one with short windows, so the injected
# 429s name short waits.
pytestmark = pytest.mark.exact_emulator(minute_limit=100_000, day_limit=1_000_000, window_seconds=2)


def _orders(count: int = ORDERS, customers: int = CUSTOMERS, prefix: str = "klant") -> list[dict]:
    base = json.loads(
        (
            ROOT
            / "tests/data/fixtures/woocommerce"
            / "order-01-nl-mixed-vat-flatrate-percent-coupon.json"
        ).read_text()
    )
    orders = []
    for n in range(count):
        c = n % customers
        billing = dict(
            base["billing"],
            email=f"{prefix}{c:03d}@example.nl",
            first_name=f"{prefix.capitalize()}{c:03d}",
            last_name="Test",
        )
        orders.append(dict(base, id=10_000 + n, number=str(10_000 + n), billing=billing))
    return orders


def _job_state(rt, job_id: bytes | None) -> dict | None:
    """Where the job a marker names stands: its status and whether a queue or schedule holds it."""
    if job_id is None:
        return None
    from rq.job import Job

    try:
        job = Job.fetch(job_id.decode(), connection=rt.redis)
    except Exception as exc:  # noqa: BLE001 - a diagnostic, never the failure itself
        return {"missing": repr(exc)}
    return {
        "status": job.get_status(refresh=False),
        "origin": job.origin,
        "in_queue": rt.redis.lpos(f"rq:queue:{job.origin}", job.id),
        "in_schedule": rt.redis.zscore(f"rq:scheduled:{job.origin}", job.id),
    }


def _stuck(rt) -> list[dict]:
    """What an order that never got posted left behind, so a failure says why."""
    found = []
    with rt.db.session() as session:
        for link in session.scalars(
            select(Link).where(Link.kind == "order", Link.state != "posted")
        ):
            events = session.execute(
                select(Event.state, Event.error).where(Event.entity_id == link.shop_key)
            ).all()
            key = f"order:{link.shop_id}:{link.shop_key}"
            found.append(
                {
                    "order": link.shop_key,
                    "state": link.state,
                    "attempts": link.attempts,
                    "error": link.last_error,
                    "events": [tuple(e) for e in events],
                    "marker": rt.redis.get(PENDING_PREFIX + key),
                    "job": _job_state(rt, rt.redis.get(PENDING_PREFIX + key)),
                    "lock": rt.redis.pttl(LOCK_PREFIX + key),
                    "scheduled": [
                        j for j in rt.redis.zrange("rq:scheduled:orders", 0, -1) if b"order" in j
                    ][:5],
                }
            )
    return found


WORKER = ("worker", "--queues", "orders,pushback,default")


def _worker(env: dict, role: tuple[str, ...] = WORKER) -> subprocess.Popen:
    """A worker (or, with ``("scheduler",)``, the scheduler role) as its own process group."""
    return subprocess.Popen(
        [sys.executable, "-m", "sidecar.cli", *role],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _posted(rt) -> int | None:  # noqa: ANN001
    """Posted orders, or None while the database is away (a restart in progress)."""
    try:
        with rt.db.session() as session:
            return session.scalar(
                select(func.count())
                .select_from(Link)
                .where(Link.kind == "order", Link.state == "posted")
            )
    except OperationalError:
        return None


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_orders_survive_faults_kills_and_restarts(
    client, exact_runtime, exact, live, tmp_path, pg_server
) -> None:
    oauth_dance(client, live, division=DIVISION)
    with exact_runtime.db.session() as session:
        second = add_shop(
            session, exact_runtime.box, "woocommerce", "https://tweede.example.nl", "Tweede"
        )
    second_client = SignedClient(live, second.id, second.secret)
    oauth_dance(
        second_client, live, division=DIVISION, return_url="https://tweede.example.nl/wp-admin/"
    )
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [{"Code": c, "Description": n, "IsSalesItem": True} for c, n in ITEMS],
    )
    for shop_client in (client, second_client):
        assert (
            shop_client.put(
                "/api/v1/shop/settings",
                {**SETTINGS, "document": {"type": "sales_order"}, "payment": {"methods": []}},
            ).status_code
            == 200
        )

    redis_server = start_redis(persistent=False)  # its crash loses every queue, marker and lock
    config = replace(
        exact_runtime.config,
        redis_url=redis_server.url,
        retry_base_seconds=1,
        retry_cap_seconds=8,
        exact_timeout_seconds=2,
        stale_event_seconds=3,
        job_timeout_seconds=20,
        home=tmp_path,
    )
    rt = build_runtime(config)
    set_runtime(rt)
    env = {
        **os.environ,
        "SIDECAR_DATABASE_URL": config.database_url,
        "SIDECAR_REDIS_URL": config.redis_url,
        "SIDECAR_SECRET_KEY": config.secret_key,
        "SIDECAR_HOME": str(tmp_path),
        "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
        "SIDECAR_EXACT_CLIENT_ID": CLIENT_ID,
        "SIDECAR_EXACT_CLIENT_SECRET": CLIENT_SECRET,
        "SIDECAR_EXACT_BASE_URL": exact.base_url,
        "SIDECAR_PUBLIC_URL": live,
        "SIDECAR_RETRY_BASE_SECONDS": "1",
        # An attempt makes several calls, so a third of attempts meet a fault: uncapped, an unlucky
        # order's eighth wait alone (2**8 s) would outlast the deadline.
        "SIDECAR_RETRY_CAP_SECONDS": "8",
        "SIDECAR_EXACT_TIMEOUT_SECONDS": "2",
        "SIDECAR_JOB_TIMEOUT_SECONDS": "20",
        "SIDECAR_LOG_LEVEL": "WARNING",
    }
    workers: list[subprocess.Popen] = []
    try:
        with serve(create_app(runtime=rt)) as url:
            sends = (
                (SignedClient(url, client.shop_id, client.secret), _orders()),
                (
                    SignedClient(url, second.id, second.secret),
                    _orders(SECOND_ORDERS, SECOND_CUSTOMERS, "tweede"),
                ),
            )
            for shop_client, orders in sends:
                for start in range(0, len(orders), 100):
                    batch = [
                        {
                            "id": f"c{o['id']}",
                            "type": "order.updated",
                            "occurred_at": "2026-11-21T12:00:00Z",
                            "entity_id": str(o["id"]),
                            "data": o,
                        }
                        for o in orders[start : start + 100]
                    ]
                    answer = shop_client.post("/api/v1/events/batch", {"events": batch})
                    results = [r["status"] for r in answer.json()["results"]]
                    assert results == ["accepted"] * len(batch)

            for status, share in ((500, 0.04), (503, 0.03), (429, 0.03)):
                exact.inject_fault(
                    "status", "/api/v1/*", status=status, count=10_000, probability=share
                )
            for path in ("/api/v1/*/salesorder/SalesOrders", "/api/v1/*/crm/Accounts"):
                exact.inject_fault(
                    "timeout_after_commit",
                    path,
                    method="POST",
                    delay=3,
                    count=10_000,
                    probability=0.05,
                )
            exact.inject_fault(
                "drop_after_commit",
                "/api/v1/*/salesorder/SalesOrders",
                method="POST",
                count=10_000,
                probability=0.03,
            )

            roles = [WORKER, WORKER, ("scheduler",)]
            workers = [_worker(env, role) for role in roles]
            kills, restarted, pg_restarted = 0, False, False
            deadline = time.monotonic() + DEADLINE_SECONDS
            posted = 0
            while time.monotonic() < deadline:
                time.sleep(1)
                posted = _posted(rt) or posted
                if posted >= TOTAL:
                    break
                if kills < 2 and posted >= (kills + 1) * TOTAL // 3:
                    os.killpg(workers[kills].pid, signal.SIGKILL)  # mid-job, no clean-up
                    workers[kills].wait()
                    workers[kills] = _worker(env)
                    kills += 1
                if not restarted and posted >= TOTAL // 2:
                    redis_server.restart(down_seconds=1.0)  # SIGTERM, nothing saved
                    restarted = True
                if not pg_restarted and posted >= 3 * TOTAL // 4:
                    pg_server.restart(down_seconds=1.0)
                    pg_restarted = True
                # Nothing here restarts a role that died: the roles must outlive the restart.
                dead = [i for i, process in enumerate(workers) if process.poll() is not None]
                assert not dead, (
                    f"roles {[roles[i] for i in dead]} died (Redis restarted: {restarted})"
                )
                # The scheduler role runs this every minute; here every second, so the test
                # does not wait for the period (Redis may be restarting right now).
                with contextlib.suppress(Exception):
                    tasks.requeue_stale_events()
            assert kills == 2 and restarted and pg_restarted, (kills, restarted, posted)
            elapsed = time.monotonic() - deadline + DEADLINE_SECONDS
            assert posted == TOTAL, (
                f"only {posted} of {TOTAL} posted after {elapsed:.0f} s: {_stuck(rt)}"
            )
    finally:
        for process in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(20)
        set_runtime(None)
        rt.close()
        redis_server.stop()

    # The checks below read with the test's own runtime, whose pooled connections the PostgreSQL
    # restart cut (the roles and the web app above dealt with that themselves).
    exact_runtime.db.engine.dispose()
    documents = exact.records(DIVISION, "salesorder/SalesOrders")
    assert len(documents) == TOTAL, "exactly one document per order"
    refs = Counter(d["YourRef"] for d in documents)
    assert refs == Counter(
        [str(10_000 + n) for n in range(ORDERS)] + [str(10_000 + n) for n in range(SECOND_ORDERS)]
    )
    # each order is bound to a document of its own, booked on its own shop's customer
    emails = {a["ID"]: a.get("Email") or "" for a in exact.records(DIVISION, "crm/Accounts")}
    by_id = {d["OrderID"]: d for d in documents}
    with exact_runtime.db.session() as session:
        bound = session.execute(
            select(Link.shop_id, Link.shop_key, Link.exact_id).where(Link.kind == "order")
        ).all()
    assert len({exact_id for _, _, exact_id in bound}) == TOTAL, "no document bound twice"
    for shop_id, key, exact_id in bound:
        document = by_id[exact_id]
        assert document["YourRef"] == key
        owner = "tweede" if shop_id == second.id else "klant"
        assert emails[document["OrderedBy"]].startswith(owner), (shop_id, key)
    totals: dict[str, Decimal] = {}
    for line in exact.records(DIVISION, "salesorder/SalesOrderLines"):
        totals[line["OrderID"]] = totals.get(line["OrderID"], Decimal(0)) + (
            Decimal(str(line["AmountFC"])) + Decimal(str(line["VATAmount"]))
        )
    assert set(totals.values()) == {Decimal("47.47")}
    accounts = [
        a
        for a in exact.records(DIVISION, "crm/Accounts")
        if (a.get("Email") or "").startswith("klant")
    ]
    assert len(accounts) == CUSTOMERS, "no duplicate accounts"
    seconds = [a for a in emails.values() if a.startswith("tweede")]
    assert len(seconds) == SECOND_CUSTOMERS, "no duplicate accounts of the second shop"
    with exact_runtime.db.session() as session:
        states = dict(
            session.execute(select(Event.state, func.count()).group_by(Event.state)).all()
        )
    assert states == {"processed": TOTAL}, states
    faults = [e for e in exact.request_log() if e.get("fault")]
    assert len(faults) >= ORDERS // 10, "the faults really happened"
