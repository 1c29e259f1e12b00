"""Status pushback beyond the defaults: the shop's own rules and notes, orders the shop closed, a
write whose answer was lost, the rate-limit budget, pushback switched off, and webhooks that
cannot be set up (the poll takes over)."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace

import pytest

from sidecar.exact.client import ExactClient
from sidecar.exact.ratelimit import Budget, Reserve
from sidecar.jobs import tasks
from sidecar.sync.pushback import status, status_poll
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, run_jobs
from tests.support.pushback import (
    DOCUMENT,
    activity_messages,
    poll_statuses,
    running_shop,
    stage_order,
)


def _settings(stage, pushback: dict) -> None:  # noqa: ANN001
    document = {**SETTINGS, "document": DOCUMENT["order_delivered"], "pushback": pushback}
    saved = stage.client.put("/api/v1/shop/settings", document)
    assert saved.status_code == 200, saved.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_own_note_without_status(exact_runtime, exact, live) -> None:
    with running_shop("woocommerce") as woo:
        stage = stage_order(
            "woocommerce", woo, exact_runtime, exact, live, "order_delivered", False
        )
        rules = [{"when": "order_delivered", "status": None, "note": "Verzonden: {number}"}]
        _settings(stage, {"rules": rules, "poll_minutes": 10})
        stage.happen("order_delivered")
        poll_statuses(stage)
        note = f"Verzonden: {stage.link.exact_number}"
        assert stage.notes().count(note) == 1
        assert stage.status() == "processing", "a note-only rule leaves the status alone"
        assert exact_runtime.redis.ttl(status_poll.POLL_LEASE + stage.client.shop_id) > 9 * 60


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_cancelled_order_keeps_its_status_and_gets_the_note(exact_runtime, exact, live) -> None:
    with running_shop("woocommerce") as woo:
        stage = stage_order(
            "woocommerce", woo, exact_runtime, exact, live, "order_delivered", False
        )
        woo.patch_order(15, status="cancelled")
        stage.happen("order_delivered")
        poll_statuses(stage)
        assert stage.status() == "cancelled", "Exact's news never reopens a cancelled order"
        assert (
            stage.notes().count(
                f"Exact Online: sales order {stage.link.exact_number} is delivered."
            )
            == 1
        )
        assert any("the order stays cancelled" in line for line in activity_messages(exact_runtime))


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("platform", ["woocommerce", "magento"])
def test_a_write_whose_answer_was_lost_is_not_repeated(exact_runtime, exact, live, platform):
    with running_shop(platform) as shop:
        stage = stage_order(platform, shop, exact_runtime, exact, live, "invoice_paid", False)
        if platform == "woocommerce":
            shop.inject_fault("drop_after_commit", "/wp-json/wc/v3/orders/15/notes", method="POST")
        else:
            shop.inject_fault(
                "drop_after_commit", "/rest/V1/exactsidecar/orders/*/sync", method="POST"
            )
        stage.happen("invoice_paid")
        poll_statuses(stage)
        note = f"Exact Online: sales invoice {stage.link.exact_number} is paid."
        assert stage.notes().count(note) == 1, "the dropped write landed"
        writes = len(stage.writes())
        # The retry waits for its time; run it now.
        assert exact_runtime.queues.run_scheduled_now(f"status:{stage.client.shop_id}:") == 1
        run_jobs(exact_runtime)
        assert stage.notes().count(note) == 1, "no second note after the lost answer"
        assert len(stage.writes()) == writes, "the retry read the order and wrote nothing"
        assert stage.status() == {"woocommerce": "completed", "magento": "complete"}[platform]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_poll_waits_for_the_budget_and_never_uses_the_orders_reserve(
    exact_runtime, exact, live
) -> None:
    with running_shop("woocommerce") as woo:
        stage = stage_order(
            "woocommerce", woo, exact_runtime, exact, live, "order_delivered", False
        )
        stage.happen("order_delivered")
        cfg = exact_runtime.config
        budget = Budget(
            exact_runtime.redis,
            cfg.exact_client_id,
            DIVISION,
            Reserve(cfg.exact_reserve_minute, cfg.exact_reserve_day),
        )
        # Exactly the reserve is left this minute: orders may use it, the poll may not.
        reset_ms = int(time.time() * 1000) + 50_000
        exact_runtime.redis.hset(
            budget.key, mapping={"m_rem": cfg.exact_reserve_minute, "m_reset": reset_ms}
        )
        calls = len(exact.request_log())
        assert tasks.status_poll(stage.client.shop_id) == "deferred"
        assert len(exact.request_log()) == calls, "nothing was sent to Exact"
        assert stage.status() == "processing"

        exact_runtime.redis.delete(budget.key)
        poll_statuses(stage)
        assert stage.status() == "completed"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_switched_off_pushback_reads_nothing(exact_runtime, exact, live) -> None:
    with running_shop("woocommerce") as woo:
        stage = stage_order(
            "woocommerce", woo, exact_runtime, exact, live, "order_delivered", False
        )
        _settings(stage, {"enabled": False})
        stage.happen("order_delivered")
        calls = len(exact.request_log())
        poll_statuses(stage)
        assert len(exact.request_log()) == calls
        assert stage.status() == "processing"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_unreachable_callback_falls_back_to_polling(exact_runtime, exact, live) -> None:
    with running_shop("magento") as mage:
        stage = stage_order("magento", mage, exact_runtime, exact, live, "order_delivered", False)
        exact_runtime.config = replace(exact_runtime.config, public_url="http://127.0.0.1:9")
        assert status_poll.subscribe(exact_runtime, stage.client.shop_id) == "failed"
        assert exact.records(DIVISION, "webhooks/WebhookSubscriptions") == []
        assert any("polled instead" in line for line in activity_messages(exact_runtime))
        stage.happen("order_delivered")
        poll_statuses(stage)
        assert stage.status() == "complete"
        assert (
            stage.notes().count(
                f"Exact Online: sales order {stage.link.exact_number} is delivered."
            )
            == 1
        )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_goods_delivery_names_its_sales_orders(exact_runtime, exact, live) -> None:
    """The GoodsDeliveries topic carries the delivery's key; its lines lead to the order."""
    with running_shop("woocommerce") as woo:
        stage = stage_order(
            "woocommerce", woo, exact_runtime, exact, live, "order_delivered", False
        )
        stage.happen("order_delivered")
        [delivery] = exact.records(DIVISION, "salesorder/GoodsDeliveries")
        client = ExactClient(exact_runtime, stage.client.shop_id)
        rules = {status.ORDER_DELIVERED}
        fired = status.handle_delivery(
            exact_runtime,
            stage.client.shop_id,
            "GoodsDeliveries",
            delivery["EntryID"],
            rules,
            client,
        )
        assert fired == 1
        other = status.handle_delivery(
            exact_runtime, stage.client.shop_id, "SalesOrders", str(uuid.uuid4()), rules, client
        )
        assert other == 0, "not one of the shop's orders"
        run_jobs(exact_runtime)
        assert stage.status() == "completed"
