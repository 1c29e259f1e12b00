"""Keyset paging through the shop stand-ins' order lists: orders sharing one modification second
across page boundaries are all read, the upper bound is exclusive, and an order modified while a
listing runs (pushback moves it to the end) does not make another order disappear."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sidecar.emulators.magento import MagentoConfig
from sidecar.emulators.magento.generator import generate_orders as magento_orders
from sidecar.emulators.magento.testing import running_magento
from sidecar.emulators.woocommerce import WooConfig
from sidecar.emulators.woocommerce.generator import generate_orders as woo_orders
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.shops.base import adapter
from sidecar.sync.history.source import OrderSource, Position, next_position

SINCE = datetime(2026, 9, 1, tzinfo=UTC)
TIE = datetime(2026, 10, 1, 12, 0, 0, tzinfo=UTC)
UNTIL = datetime(2026, 11, 1, tzinfo=UTC)


def _source(platform: str, url: str, credentials: dict[str, str]) -> OrderSource:
    """The order source the flows get for a shop on ``platform`` (``shops.service.shop_api``)."""
    return OrderSource(adapter(platform).api(url, credentials))


def _read_all(source: OrderSource, statuses: list[str], between=None) -> tuple[list[str], int]:  # noqa: ANN001
    """Every id the listing yields (in order, repeats included) and the number of pages read."""
    position: Position | None = Position(SINCE)
    seen: list[str] = []
    pages = 0
    while position is not None:
        page = source.page(statuses, position, UNTIL)
        pages += 1
        seen += [o.entity_id for o in page.orders]
        if between is not None:
            between(pages)
        position = next_position(position, page)
        assert pages < 50, "paging must end"
    return seen, pages


def _woo(modified: datetime, status: str = "processing") -> dict:
    order = woo_orders(1, seed=int(modified.timestamp()) % 9973, start=SINCE, end=SINCE)[0]
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%S")
    order.update(status=status, date_created_gmt=stamp, date_modified_gmt=stamp)
    order.update(date_paid_gmt=stamp, date_completed_gmt=None)
    return order


def test_woocommerce_reads_every_order_across_a_tie_of_more_than_a_page() -> None:
    with running_woocommerce(WooConfig(seed=())) as woo:
        tied = woo.insert_orders([_woo(TIE) for _ in range(230)])
        later = woo.insert_orders([_woo(TIE + timedelta(minutes=n + 1)) for n in range(20)])
        excluded = woo.insert_orders(
            [_woo(UNTIL), _woo(SINCE - timedelta(seconds=1)), _woo(TIE, status="on-hold")]
        )
        source = _source(
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.ro.consumer_key, "consumer_secret": woo.ro.consumer_secret},
        )
        seen, pages = _read_all(source, ["processing", "completed"])
        assert set(seen) == {str(i) for i in tied + later}
        assert not set(seen) & {str(i) for i in excluded}
        assert pages <= 5


def test_woocommerce_order_moved_to_the_end_during_listing_hides_no_other() -> None:
    with running_woocommerce(WooConfig(seed=())) as woo:
        ids = woo.insert_orders([_woo(SINCE + timedelta(hours=n)) for n in range(250)])
        source = _source(
            "woocommerce",
            woo.base_url,
            {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret},
        )

        def pushback(pages: int) -> None:
            if pages == 1:  # the first page's orders get written back (date_modified moves)
                for order_id in ids[:100]:
                    woo.patch_order(order_id, date_modified_gmt="2026-10-31T23:00:00")

        seen, _pages = _read_all(source, ["processing"], between=pushback)
        assert set(seen) == {str(i) for i in ids}


@pytest.mark.parametrize("count", [99, 100, 330])
def test_magento_reads_every_order_across_ties_and_stops_on_total_count(count: int) -> None:
    with running_magento(MagentoConfig(seed=())) as mage:
        orders = magento_orders(count, seed=3, start=SINCE, end=SINCE)
        for order in orders:
            order.update(status="processing", state="processing")
            order["updated_at"] = TIE.strftime("%Y-%m-%d %H:%M:%S")
        ids = mage.insert_orders(orders)
        late = {k: v for k, v in orders[0].items() if k not in ("entity_id", "increment_id")}
        late["updated_at"] = UNTIL.strftime("%Y-%m-%d %H:%M:%S")  # the bound is exclusive
        outside = mage.insert_orders([late])
        source = _source("magento", mage.base_url, mage.credentials())
        seen, pages = _read_all(source, ["processing", "complete"])
        assert set(seen) == {str(i) for i in ids}
        assert str(outside[0]) not in seen
        # A full page of one second is read again from the next page number: 330 take five.
        assert pages == {99: 1, 100: 1, 330: 5}[count]
