"""Status pushback end to end: a shop order is posted to the Exact stand-in through the real
flow, then Exact pays its invoice or delivers its order, and the sidecar (through Exact webhooks
over real HTTP, or through the poll of Exact's sync/bulk endpoints) sets the shop's status and
writes one note, on the WooCommerce and Magento stand-ins. A second delivery or poll writes
nothing, and every shop write is one the plugins recognise as the sidecar's own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.events.models import Event
from sidecar.sync.cursors import get_cursor
from sidecar.sync.links import Link
from sidecar.sync.pushback import status_poll
from tests.support.exact import DIVISION
from tests.support.orders import run_jobs
from tests.support.pushback import activity_messages, poll_statuses, running_shop, stage_order

DONE = {"woocommerce": "completed", "magento": "complete"}
LABEL = {"order_delivered": ("sales order", "delivered"), "invoice_paid": ("sales invoice", "paid")}


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
    with running_shop(platform) as shop:
        stage = stage_order(
            platform, shop, exact_runtime, exact, live, rule, webhooks=path == "webhook"
        )
        document, word = LABEL[rule]
        note = f"Exact Online: {document} {stage.link.exact_number} is {word}."
        before = stage.status()
        assert before == "processing" and note not in stage.notes()
        writes_before = len(stage.writes())

        if path == "webhook":
            # Exact announces the sidecar's own posting too; that costs no status read.
            exact.webhook_deliveries()
            run_jobs(exact_runtime)
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
            run_jobs(exact_runtime)
            if rule == "invoice_paid":
                assert not exact_runtime.redis.exists(lease), "the next minute polls"
                status_poll.tick(exact_runtime)
                run_jobs(exact_runtime)
        else:
            assert exact.webhook_deliveries() == []
            calls = len(exact.request_log())
            poll_statuses(stage)
            assert len(exact.request_log()) == calls + 1, "one call: the sync or bulk page"

        assert stage.status() == DONE[platform]
        assert stage.notes().count(note) == 1
        if path == "webhook" and rule == "order_delivered":
            assert exact.count_calls("GET", "salesorder/SalesOrders") >= 1, "the status was read"
        assert (
            f"Order {stage.order_id}: {document} {stage.link.exact_number} is {word} in Exact "
            f"Online; status set to {DONE[platform]}." in activity_messages(exact_runtime)
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
            run_jobs(exact_runtime)
            assert len(exact.request_log()) == exact_calls, "the database said: already pushed"
        else:
            poll_statuses(stage)
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
