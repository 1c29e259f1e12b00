"""Status pushback end to end: a shop order is posted to the Exact stand-in through the real
flow, then Exact pays its invoice or delivers its order, and the sidecar (through Exact webhooks
over real HTTP, or through the poll of Exact's sync/bulk endpoints) sets the shop's status and
writes one note, on the WooCommerce and Magento stand-ins. A second delivery or poll writes
nothing, and every shop write is one the plugins recognise as the sidecar's own."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from rq import SimpleWorker
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.events.models import Event
from sidecar.exact.client import ExactClient
from sidecar.shops.service import add_shop
from sidecar.sync.cursors import get_cursor
from sidecar.sync.links import Link
from sidecar.sync.pushback import status_poll
from tests.e2e.test_orders_flow import ITEMS, SETTINGS, _event
from tests.integration.exact.conftest import oauth_dance
from tests.support.signing import SignedClient

DIVISION = 100001
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
DONE = {"woocommerce": "completed", "magento": "complete"}
LABEL = {"order_delivered": ("sales order", "delivered"), "invoice_paid": ("sales invoice", "paid")}


def _work(rt) -> None:  # noqa: ANN001
    SimpleWorker(["orders", "default", "pushback"], connection=rt.redis).work(burst=True)


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


def _stage(
    platform: str, shop: Any, rt: Any, exact: Any, live: str, rule: str, webhooks: bool
) -> Stage:
    with rt.db.session() as session:
        added = add_shop(session, rt.box, platform, shop.base_url, "Winkel")
    client = SignedClient(live, added.id, added.secret)
    oauth_dance(client, live, division=DIVISION, return_url=shop.base_url + "/admin/")
    if not webhooks:
        rt.config = replace(rt.config, public_url=None)
    _work(rt)  # what connecting queued: the webhook subscriptions (or nothing without a URL)
    if platform == "woocommerce":
        codes = [code for code, _name in ITEMS]
        creds = {"consumer_key": shop.rw.consumer_key, "consumer_secret": shop.rw.consumer_secret}
        settings = {**SETTINGS, "document": DOCUMENT[rule]}
        shop.patch_order(15, status="processing")
        order = shop.order(15)
        event = _event(order, "o1")
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
    _work(rt)
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


def _running(platform: str):  # noqa: ANN202
    if platform == "woocommerce":
        from sidecar.emulators.woocommerce.testing import running_woocommerce

        return running_woocommerce()
    from sidecar.emulators.magento.testing import running_magento

    return running_magento()


def _poll(stage: Stage) -> None:
    """What the scheduler does every minute, with the poll interval already over."""
    stage.rt.redis.delete(status_poll.POLL_LEASE + stage.client.shop_id)
    status_poll.tick(stage.rt)
    _work(stage.rt)


def _activity(rt) -> list[str]:  # noqa: ANN001
    with rt.db.session() as session:
        return [a.message for a in session.scalars(select(Activity))]


def _order_events(rt) -> list[str]:  # noqa: ANN001
    with rt.db.session() as session:
        return [
            e.event_id for e in session.scalars(select(Event).where(Event.entity_kind == "order"))
        ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("rule", ["order_delivered", "invoice_paid"])
@pytest.mark.parametrize("path", ["webhook", "poll"])
@pytest.mark.parametrize("platform", ["woocommerce", "magento"])
def test_rule_sets_the_status_and_one_note(
    exact_runtime, exact, live, platform, path, rule
) -> None:
    with _running(platform) as shop:
        stage = _stage(platform, shop, exact_runtime, exact, live, rule, webhooks=path == "webhook")
        document, word = LABEL[rule]
        note = f"Exact Online: {document} {stage.link.exact_number} is {word}."
        before = stage.status()
        assert before == "processing" and note not in stage.notes()
        writes_before = len(stage.writes())

        if path == "webhook":
            # Exact announces the sidecar's own posting too; that costs no status read.
            exact.webhook_deliveries()
            _work(exact_runtime)
            assert exact.count_calls("GET", "salesorder/SalesOrders") == 0
            with exact_runtime.db.session() as session:
                stored = [
                    e.type for e in session.scalars(select(Event).where(Event.source == "exact"))
                ]
            if rule == "order_delivered":  # only "Create" so far: answered, not stored
                assert any(d.get("topic") == "SalesOrders" for d in exact.webhook_deliveries())
                assert stored == []
        # A poll has just run: the next one is not due for poll_minutes.
        lease = status_poll.POLL_LEASE + stage.client.shop_id
        exact_runtime.redis.set(lease, "1", ex=300)
        stage.happen(rule)
        if path == "webhook":
            if rule == "invoice_paid":
                # No webhook topic exists for receivables; a change to one of our invoices is
                # what Exact announces, and it brings the receivables poll forward.
                stage.touch_document(rule, "paid by bank")
            deliveries = [d for d in exact.webhook_deliveries() if d["kind"] == "delivery"]
            assert deliveries and all(d["status"] == 200 for d in deliveries)
            _work(exact_runtime)
            if rule == "invoice_paid":
                assert not exact_runtime.redis.exists(lease), "the next minute polls"
                status_poll.tick(exact_runtime)
                _work(exact_runtime)
        else:
            assert exact.webhook_deliveries() == []
            calls = len(exact.request_log())
            _poll(stage)
            assert len(exact.request_log()) == calls + 1, "one call: the sync or bulk page"

        assert stage.status() == DONE[platform]
        assert stage.notes().count(note) == 1
        if path == "webhook" and rule == "order_delivered":
            assert exact.count_calls("GET", "salesorder/SalesOrders") >= 1, "the status was read"
        assert (
            f"Order {stage.order_id}: {document} {stage.link.exact_number} is {word} in Exact "
            f"Online; status set to {DONE[platform]}." in _activity(exact_runtime)
        )
        with exact_runtime.db.session() as session:
            cursors = {
                name: get_cursor(session, stage.client.shop_id, f"exact:{DIVISION}:{name}")
                for name in ("sync/SalesOrder/SalesOrderHeaders", "cashflow/Receivables")
            }
            pushed = session.scalar(
                select(Link).where(
                    Link.kind == "status", Link.shop_key == f"{stage.order_id}:{rule}"
                )
            )
            assert pushed.state == "posted" and pushed.exact_number == stage.link.exact_number
        read = (
            "cashflow/Receivables"
            if rule == "invoice_paid"
            else "sync/SalesOrder/SalesOrderHeaders"
        )
        assert (cursors[read] is not None) == (path == "poll" or rule == "invoice_paid"), cursors
        shop_writes = stage.writes()[writes_before:]
        assert shop_writes, "the shop was written to"
        # Loop prevention: every write is made with the credentials the plugin created for the
        # sidecar (WooCommerce skips events of that API user; Magento's route runs inside the
        # PushbackGuard), so no new order event reaches the sidecar.
        if platform == "woocommerce":
            assert {w["consumer_key"] for w in shop_writes} == {shop.rw.consumer_key}
        else:
            assert all(w["path"].startswith("/rest/V1/exactsidecar/orders/") for w in shop_writes)
        assert _order_events(exact_runtime) == ["o1"]

        # Idempotency: the same news again writes nothing and asks Exact nothing more.
        exact_calls = len(exact.request_log())
        writes = len(stage.writes())
        if path == "webhook":
            stage.touch_document(rule, "again")
            assert exact.webhook_deliveries()
            _work(exact_runtime)
            assert len(exact.request_log()) == exact_calls, "the database said: already pushed"
        else:
            _poll(stage)
            assert len(exact.request_log()) == exact_calls, "nothing waits: the poll reads nothing"
        assert len(stage.writes()) == writes
        assert stage.notes().count(note) == 1
        assert stage.status() == DONE[platform]
        with exact_runtime.db.session() as session:
            states = {e.type: e.state for e in session.scalars(select(Event))}
            errors = [a.message for a in session.scalars(select(Activity)) if a.level == "error"]
        assert set(states.values()) == {"processed"}, states
        assert errors == []
        if path == "webhook" and rule == "order_delivered":
            assert {"exact.SalesOrders", "exact.GoodsDeliveries"} <= set(states)
