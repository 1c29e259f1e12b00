"""Shared set-up for the backfill and reconcile end-to-end tests: a shop on a shop stand-in with
REST credentials, Exact connected through the OAuth dance, settings that map every VAT rate the
stand-ins' generators use, and a way to drive the job queues in-process (RQ's SimpleWorker plus
the scheduler role's move of due delayed jobs)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from rq import SimpleWorker

from sidecar.emulators.woocommerce.generator import CATALOGUE as WOO_CATALOGUE
from sidecar.jobs.queues import QUEUE_NAMES
from sidecar.jobs.scheduler import move_due_jobs
from sidecar.shops.service import add_shop
from tests.integration.exact.conftest import oauth_dance
from tests.support.signing import SignedClient

DIVISION = 100001
MAGENTO_SKUS = ("TSHIRT-BLK-M", "HOODIE-GRY-L", "MUG-001", "BOOK-NL", "CAP-NAVY")
EXTRA_VAT = (("OBE6", 0.06), ("ODE7", 0.07), ("OFR5", 0.055))

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
        [{"Code": sku, "Description": sku, "IsSalesItem": True} for sku in skus],
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
    from sqlalchemy import select

    from sidecar.activity.models import Activity
    from sidecar.sync.history.runs import BackfillRun, counts

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
