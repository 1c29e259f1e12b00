"""Reconcile end to end: an order whose plugin event was dropped is found through the shop's REST
API by the periodic job, posted to Exact once, and named in the activity log; orders the sidecar
already holds are left alone, and a later run finds nothing new."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.emulators.woocommerce import WooConfig
from sidecar.emulators.woocommerce.generator import generate_orders
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.events.models import Event
from sidecar.sync.cursors import get_cursor
from sidecar.sync.history import reconcile
from tests.support.backfill import UNLIMITED, connect_shop, drain
from tests.support.exact import DIVISION

pytestmark = pytest.mark.exact_emulator(**UNLIMITED)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _order(seed: int, status: str, modified: datetime) -> dict:
    order = generate_orders(1, seed=seed, start=modified - timedelta(hours=1), end=modified)[0]
    order.update(
        status=status,
        date_modified_gmt=_stamp(modified),
        date_paid_gmt=_stamp(modified) if status == "processing" else None,
        date_completed_gmt=None,
    )
    return order


def _event(order: dict, event_id: str) -> dict:
    return {
        "id": event_id,
        "type": "order.updated",
        "occurred_at": order["date_modified_gmt"] + "Z",
        "entity_id": str(order["id"]),
        "data": order,
    }


def _found_lines(runtime) -> list[str]:  # noqa: ANN001
    with runtime.db.session() as session:
        return [
            a.message
            for a in session.scalars(select(Activity).where(Activity.message.contains("reconcile")))
        ]


def _events(runtime, entity_id: str) -> list[str]:  # noqa: ANN001
    with runtime.db.session() as session:
        return list(
            session.scalars(
                select(Event.event_id).where(
                    Event.entity_kind == "order", Event.entity_id == entity_id
                )
            )
        )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_order_whose_event_was_dropped_is_found_and_posted_once(
    exact_runtime, exact, live
) -> None:
    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    with running_woocommerce(WooConfig(seed=())) as woo:
        shop, client = connect_shop(
            exact_runtime,
            live,
            exact,
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
        )
        delivered = woo.insert_order(_order(1, "processing", ten_minutes_ago))
        dropped = woo.insert_order(_order(2, "processing", ten_minutes_ago))
        on_hold = woo.insert_order(_order(3, "on-hold", ten_minutes_ago))
        # The plugin delivered the first order and the on-hold one; then the on-hold order was
        # paid, and that event was lost along with the whole second order.
        for order_id in (delivered, on_hold):
            order = woo.order(order_id)
            answer = client.post("/api/v1/events", _event(order, f"plugin-{order_id}"))
            assert answer.status_code == 202, answer.text
        drain(exact_runtime, lambda: True)
        woo.patch_order(
            on_hold,
            status="processing",
            date_modified_gmt=_stamp(ten_minutes_ago + timedelta(minutes=2)),
        )
        assert [d["YourRef"] for d in exact.records(DIVISION, "salesorder/SalesOrders")] == [
            str(delivered)
        ]

        # The periodic entry enqueues one job per shop with credentials; a worker runs it.
        assert reconcile.run_all() == 1
        drain(exact_runtime, lambda: True)

        refs = sorted(d["YourRef"] for d in exact.records(DIVISION, "salesorder/SalesOrders"))
        assert refs == sorted([str(delivered), str(dropped), str(on_hold)])
        lines = _found_lines(exact_runtime)
        assert f"Order {dropped} was found by reconcile; its event never arrived." in lines
        assert any(
            line.startswith(f"Order {on_hold} was found by reconcile: its change to status")
            for line in lines
        )
        assert len(lines) == 2, lines
        assert _events(exact_runtime, str(delivered)) == [f"plugin-{delivered}"]
        assert len(_events(exact_runtime, str(dropped))) == 1
        with exact_runtime.db.session() as session:
            cursor = get_cursor(session, shop.id, reconcile.CURSOR)
        assert cursor is not None and datetime.fromisoformat(cursor) > ten_minutes_ago

        # Ten minutes later: pushback touched all three orders, yet nothing is found again.
        later = datetime.now(UTC) + timedelta(minutes=10)
        assert reconcile.reconcile_shop(shop.id, now=later) == 0
        drain(exact_runtime, lambda: True)
        assert len(exact.records(DIVISION, "salesorder/SalesOrders")) == 3
        assert len(_found_lines(exact_runtime)) == 2
        lists = [
            e
            for e in woo.request_log()
            if e["method"] == "GET" and e["path"] == "/wp-json/wc/v3/orders"
        ]
        assert len(lists) == 2
        assert all("dates_are_gmt=true" in e["query"] for e in lists)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_unreachable_shop_is_reported_once_and_the_gap_is_covered_later(
    exact_runtime, exact, live
) -> None:
    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    with running_woocommerce(WooConfig(seed=())) as woo:
        shop, _client = connect_shop(
            exact_runtime,
            live,
            exact,
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
        )
        lost = woo.insert_order(_order(4, "completed", ten_minutes_ago))
        woo.inject_fault("status", "/wp-json/wc/v3/orders", status=503, count=2)
        assert reconcile.reconcile_shop(shop.id) == 0
        assert reconcile.reconcile_shop(shop.id) == 0
        with exact_runtime.db.session() as session:
            warnings = [
                a.message
                for a in session.scalars(select(Activity).where(Activity.kind == "reconcile"))
            ]
            assert get_cursor(session, shop.id, reconcile.CURSOR) is None, "cursor kept"
        assert len(warnings) == 1 and "503" in warnings[0]
        assert reconcile.reconcile_shop(shop.id) == 1
        drain(exact_runtime, lambda: True)
        assert [d["YourRef"] for d in exact.records(DIVISION, "salesorder/SalesOrders")] == [
            str(lost)
        ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_order_whose_event_was_dropped_is_found(exact_runtime, exact, live) -> None:
    from sidecar.emulators.magento import MagentoConfig
    from sidecar.emulators.magento.generator import generate_orders as magento_orders
    from sidecar.emulators.magento.testing import running_magento

    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    with running_magento(MagentoConfig(seed=())) as mage:
        shop, _client = connect_shop(
            exact_runtime, live, exact, "magento", mage.base_url, mage.credentials()
        )
        order = magento_orders(1, seed=8, start=ten_minutes_ago, end=ten_minutes_ago)[0]
        order.update(status="processing", state="processing")
        order["updated_at"] = ten_minutes_ago.strftime("%Y-%m-%d %H:%M:%S")
        [order_id] = mage.insert_orders([order])
        number = mage.order(order_id)["increment_id"]
        assert reconcile.reconcile_shop(shop.id) == 1
        drain(exact_runtime, lambda: True)
        assert [d["YourRef"] for d in exact.records(DIVISION, "salesorder/SalesOrders")] == [
            str(number)
        ]
        assert _found_lines(exact_runtime) == [
            f"Order {number} was found by reconcile; its event never arrived."
        ]
