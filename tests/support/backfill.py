"""Shared set-up for the backfill and reconcile end-to-end tests: a shop on a shop stand-in with
REST credentials, Exact connected through the OAuth dance, settings that map every VAT rate the
stand-ins' generators use, a WooCommerce order history, a way to drive the job queues in-process
(RQ's SimpleWorker plus the scheduler role's move of due delayed jobs), and what a run left
behind (links, events, the run's state and its progress over HTTP).

Used by test_backfill, test_backfill_resume and test_reconcile, and by bench/backfill.py."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from rq import SimpleWorker
from sqlalchemy import select

from sidecar.emulators.woocommerce.generator import CATALOGUE as WOO_CATALOGUE
from sidecar.emulators.woocommerce.generator import generate_orders as woo_orders
from sidecar.events.models import Event
from sidecar.jobs.queues import QUEUE_NAMES
from sidecar.jobs.scheduler import move_due_jobs
from sidecar.shops.service import add_shop
from sidecar.sync.history.runs import BackfillRun
from sidecar.sync.links import Link
from tests.support.exact import DIVISION, oauth_dance
from tests.support.signing import SignedClient

MAGENTO_SKUS = ("TSHIRT-BLK-M", "HOODIE-GRY-L", "MUG-001", "BOOK-NL", "CAP-NAVY")
EXTRA_VAT = (("OBE6", 0.06), ("ODE7", 0.07), ("OFR5", 0.055))
WOO_TRIGGER = ("processing", "completed")
# Exact's real limit (60 calls a minute) would make these tests take minutes; pacing under the
# limit is measured by bench/backfill.py. For ``pytest.mark.exact_emulator(**UNLIMITED)``.
UNLIMITED = {"minute_limit": 1_000_000, "day_limit": 10_000_000}

ROUNDING_ITEM = "AFRONDING"
WOO_SETTINGS: dict[str, Any] = {
    "trigger_statuses": ["processing", "completed"],
    "document": {"type": "sales_order"},
    "vat": {
        "rates": [
            {"shop_rate": str(n), "exact": code}
            for n, code in enumerate(
                ("21", "9", "OBE", "OBE6", "ODE", "ODE7", "OFR", "OFR5"), start=1
            )
        ],
        "reverse_charge": "ICP",
        "export": "EXP",
        "untaxed": "0",
    },
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8030", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING", "gl_account": "8000"},
    "items": {"no_sku_item": "INSTALL"},
    "payment": {"methods": []},
    # Exact computes line VAT itself: a shipping line alone at 19 % whose half cent the shop
    # rounded down (1.80 where Exact says 1.81) keeps the shop's VAT only with a rounding line
    "rounding": {"item": ROUNDING_ITEM},
}
MAGENTO_SETTINGS: dict[str, Any] = {
    "trigger_statuses": ["processing", "complete"],
    "document": {"type": "sales_order"},
    "vat": {
        "rates": [{"shop_rate": "NL-21", "exact": "21"}, {"shop_rate": "NL-9", "exact": "9"}],
        "untaxed": "0",
    },
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8030", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING"},
    "payment": {"methods": []},
    "rounding": {"item": ROUNDING_ITEM},
}


def connect_shop(runtime, live: str, exact, platform: str, shop_url: str, credentials: dict):  # noqa: ANN001, ANN201
    """Register the shop, connect Exact, hand over REST credentials, save settings."""
    with runtime.db.session() as session:
        shop = add_shop(session, runtime.box, platform, shop_url, "Winkel")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION, return_url=shop_url + "/admin/")
    skus = [c[1] for c in WOO_CATALOGUE] if platform == "woocommerce" else list(MAGENTO_SKUS)
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [{"Code": sku, "Description": sku, "IsSalesItem": True} for sku in [*skus, ROUNDING_ITEM]],
    )
    exact.insert_records(
        DIVISION,
        "vat/VATCodes",
        [
            {
                "Code": code,
                "Description": code,
                "Percentage": percent,
                "Type": "E",
                "VATTransactionType": "S",
            }
            for code, percent in EXTRA_VAT
        ],
    )
    assert client.post("/api/v1/shop/credentials", credentials).status_code == 200
    settings = WOO_SETTINGS if platform == "woocommerce" else MAGENTO_SETTINGS
    saved = client.put("/api/v1/shop/settings", settings)
    assert saved.status_code == 200, saved.text
    return shop, client


def days_ago(days: float) -> datetime:
    return (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0)


def drain(runtime, until, seconds: float = 120.0) -> None:  # noqa: ANN001
    """Run every queue in this process, moving delayed jobs when due, until ``until()``."""
    deadline = time.monotonic() + seconds
    worker = SimpleWorker(list(QUEUE_NAMES), connection=runtime.redis)
    while time.monotonic() < deadline:
        move_due_jobs(runtime.redis)
        worker.work(burst=True)
        if until():
            return
        time.sleep(0.2)
    raise AssertionError(f"the queues did not finish in time: {describe(runtime)}")


def describe(runtime) -> dict:  # noqa: ANN001
    """What a stuck run left behind: its row, counts, the last activity lines, queue lengths."""
    from sidecar.activity.models import Activity
    from sidecar.sync.history.runs import counts

    with runtime.db.session() as session:
        run = session.scalar(select(BackfillRun).order_by(BackfillRun.id.desc()).limit(1))
        lines = [
            (a.level, a.message)
            for a in session.scalars(select(Activity).order_by(Activity.id.desc()).limit(8))
        ]
        numbers = counts(session, run) if run is not None else None
        row = (
            {c: getattr(run, c) for c in ("state", "position", "listed", "error", "attempts")}
            if run is not None
            else None
        )
    queues = {name: runtime.redis.llen(f"rq:queue:{name}") for name in QUEUE_NAMES}
    return {"run": row, "counts": numbers, "activity": lines, "queues": queues}


def woo_history(trigger: int, other: int, seed: int = 7) -> list[dict]:
    """``trigger`` orders in a trigger status and ``other`` outside, over the last 60 days."""
    orders = woo_orders(
        int((trigger + other) * 1.6) + 20, seed=seed, start=days_ago(60), end=days_ago(1)
    )
    chosen = [o for o in orders if o["status"] in WOO_TRIGGER][:trigger]
    chosen += [o for o in orders if o["status"] not in WOO_TRIGGER][:other]
    assert len(chosen) == trigger + other
    return chosen


def order_links(runtime) -> dict[str, str]:  # noqa: ANN001
    """Each order's shop key and the state of its link."""
    with runtime.db.session() as session:
        return dict(
            session.execute(select(Link.shop_key, Link.state).where(Link.kind == "order")).all()
        )


def events_per_order(runtime) -> Counter:  # noqa: ANN001
    """How many order events the sidecar stored, per order."""
    with runtime.db.session() as session:
        return Counter(
            session.scalars(select(Event.entity_id).where(Event.entity_kind == "order")).all()
        )


def run_state(runtime) -> str | None:  # noqa: ANN001
    """The state of the latest backfill run, None before the first."""
    with runtime.db.session() as session:
        return session.scalar(select(BackfillRun.state).order_by(BackfillRun.id.desc()).limit(1))


def backfill_progress(client) -> dict:  # noqa: ANN001
    """The backfill's progress as the shop sees it: GET /api/v1/shop/backfill."""
    answer = client.get("/api/v1/shop/backfill")
    assert answer.status_code == 200, answer.text
    return answer.json()
