"""The stage the status pushback end-to-end tests play on: a shop stand-in (WooCommerce or Magento)
with an order the sidecar has posted to the Exact emulator, what Exact then does to that order
(delivered, paid), what the shop shows afterwards, and the scheduler's status poll.

Used by the default-rule tests (test_status_pushback) and the tests of the shop's own rules,
closed orders, lost writes and the poll's budget (test_status_pushback_rules)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.exact.client import ExactClient
from sidecar.shops.service import add_shop
from sidecar.sync.links import Link
from sidecar.sync.pushback import status_poll
from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import ITEMS, SETTINGS, order_event, run_jobs
from tests.support.signing import SignedClient

MAGENTO_ORDER = (
    Path(__file__).parents[1] / "data" / "fixtures" / "magento" / "order-nl-configurable.json"
)
MAGENTO_ITEMS = ("TSHIRT-BLK-M", "HOODIE-GRY-L", "MUG-001", "BEAN-1KG", "TOWEL-2495")
MAGENTO_SETTINGS = {
    "trigger_statuses": ["processing", "complete"],
    "vat": {"rates": [{"shop_rate": "NL-21", "exact": "21"}], "untaxed": "0"},
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8040", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING"},
}
DOCUMENT = {
    "order_delivered": {"type": "sales_order"},
    "invoice_paid": {"type": "sales_invoice", "journal": "70", "process": True},
}


@dataclass
class Stage:
    rt: Any
    exact: Any
    shop: Any
    platform: str
    client: SignedClient
    order_id: str
    link: Link

    # -- the shop side ---------------------------------------------------------------------
    def status(self) -> str:
        return str(self.shop.order(int(self.order_id))["status"])

    def notes(self) -> list[str]:
        if self.platform == "woocommerce":
            return [n["note"] for n in self.shop.notes(int(self.order_id))]
        return [h.get("comment") or "" for h in self.shop.history(int(self.order_id))]

    def writes(self) -> list[dict]:
        return [r for r in self.shop.request_log() if r["method"] in ("POST", "PUT", "PATCH")]

    # -- the Exact side --------------------------------------------------------------------
    def happen(self, rule: str) -> None:
        """What the warehouse or the bank does in Exact."""
        if rule == "invoice_paid":
            self.exact.pay_invoice(DIVISION, int(self.link.exact_number))
            return
        lines = [
            r
            for r in self.exact.records(DIVISION, "salesorder/SalesOrderLines")
            if r["OrderID"] == self.link.exact_id
        ]
        ExactClient(self.rt, self.client.shop_id).create(
            "salesorder/GoodsDeliveries",
            {
                "DeliveryDate": "2026-11-23T00:00:00",
                "GoodsDeliveryLines": [
                    {"SalesOrderLineID": r["ID"], "QuantityDelivered": float(r["Quantity"])}
                    for r in lines
                ],
            },
        )

    def touch_document(self, rule: str, remark: str) -> None:
        """Another change to the Exact document, so Exact sends its webhook again. A minute
        later: the emulator stamps EventCreatedOn in whole seconds, and a delivery with the same
        topic, key, action and time is the same delivery."""
        self.exact.advance_clock(60)
        endpoint = (
            "salesinvoice/SalesInvoices" if rule == "invoice_paid" else "salesorder/SalesOrders"
        )
        self.exact.patch_record(DIVISION, endpoint, self.link.exact_id, {"Remarks": remark})


def stage_order(
    platform: str, shop: Any, rt: Any, exact: Any, live: str, rule: str, webhooks: bool
) -> Stage:
    """Connect a new shop on the ``shop`` stand-in to Exact (with or without a public URL for
    Exact's webhooks), save settings for ``rule``'s document type, and post one order."""
    with rt.db.session() as session:
        added = add_shop(session, rt.box, platform, shop.base_url, "Winkel")
    client = SignedClient(live, added.id, added.secret)
    oauth_dance(client, live, division=DIVISION, return_url=shop.base_url + "/admin/")
    if not webhooks:
        rt.config = replace(rt.config, public_url=None)
    run_jobs(rt)  # what connecting queued: the webhook subscriptions (or nothing without a URL)
    if platform == "woocommerce":
        codes = [code for code, _name in ITEMS]
        creds = {"consumer_key": shop.rw.consumer_key, "consumer_secret": shop.rw.consumer_secret}
        settings = {**SETTINGS, "document": DOCUMENT[rule]}
        shop.patch_order(15, status="processing")
        order = shop.order(15)
        event = order_event(order, "o1")
    else:
        codes = list(MAGENTO_ITEMS)
        creds = shop.credentials()
        settings = {**MAGENTO_SETTINGS, "document": DOCUMENT[rule]}
        order = json.loads(MAGENTO_ORDER.read_text())
        event = {
            "id": "o1",
            "type": "order.updated",
            "occurred_at": "2026-11-21T12:00:00Z",
            "entity_id": str(order["entity_id"]),
            "data": order,
        }
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [{"Code": c, "Description": c, "IsSalesItem": True} for c in codes],
    )
    assert client.post("/api/v1/shop/credentials", creds).status_code == 200
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    assert client.post("/api/v1/events", event).status_code == 202
    run_jobs(rt)
    order_id = event["entity_id"]
    with rt.db.session() as session:
        link = session.scalar(select(Link).where(Link.kind == "order", Link.shop_key == order_id))
        session.expunge(link)
    assert link.state == "posted", link.last_error
    subscribed = {row["Topic"] for row in exact.records(DIVISION, "webhooks/WebhookSubscriptions")}
    assert subscribed == (
        {"SalesOrders", "GoodsDeliveries", "SalesInvoices", "SalesEntries"} if webhooks else set()
    )
    return Stage(rt, exact, shop, platform, client, order_id, link)


def running_shop(platform: str):  # noqa: ANN201
    """The WooCommerce or Magento stand-in, as a context manager."""
    if platform == "woocommerce":
        from sidecar.emulators.woocommerce.testing import running_woocommerce

        return running_woocommerce()
    from sidecar.emulators.magento.testing import running_magento

    return running_magento()


def poll_statuses(stage: Stage) -> None:
    """What the scheduler does every minute, with the poll interval already over."""
    stage.rt.redis.delete(status_poll.POLL_LEASE + stage.client.shop_id)
    status_poll.tick(stage.rt)
    run_jobs(stage.rt)


def activity_messages(rt) -> list[str]:  # noqa: ANN001
    """The messages of every activity line the sidecar wrote."""
    with rt.db.session() as session:
        return [a.message for a in session.scalars(select(Activity))]
