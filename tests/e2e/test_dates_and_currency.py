"""Exact keeps dates as the administration's wall time and books a document in its currency.

A shop stamps orders in UTC; Exact reads a date without a zone as Dutch local time. An order
placed at 00:30 in Amsterdam on 1 January must be dated 1 January (the right VAT period), not
31 December. An order in dollars is a document in dollars that Exact converts with its own rate;
without a rate Exact refuses it, and the order fails once with a resolution naming the rate.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.sync.links import Link
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ORDER = "order-nl-two-rates-coupon-fee-refund.json"
INVOICES = "salesinvoice/SalesInvoices"
ENTRIES = "salesentry/SalesEntries"


def _send(shop, runtime, document: dict, **order_fields) -> dict:
    assert shop.put("/api/v1/shop/settings", {**SETTINGS, "document": document}).ok
    order = {**woo_fixture(ORDER), **order_fields}
    assert shop.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(runtime)
    return order


def _day(value: str) -> str:
    """Exact's ``/Date(ms)/`` is the wall time read as if it were UTC."""
    ms = int(value.removeprefix("/Date(").removesuffix(")/"))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).date().isoformat()


def _link(runtime) -> Link:
    with runtime.db.session() as session:
        return session.scalar(select(Link).where(Link.kind == "order"))


@pytest.mark.parametrize(
    ("utc", "local_day"),
    [
        ("2025-12-31T23:30:00", "2026-01-01"),  # winter: UTC+1, a new year and VAT period
        ("2026-06-30T22:15:00", "2026-07-01"),  # summer: UTC+2
        ("2026-03-10T12:00:00", "2026-03-10"),  # daytime: the same day
    ],
)
def test_the_order_date_is_amsterdam_time(shop_ready, exact_runtime, exact, utc, local_day):
    _send(
        shop_ready, exact_runtime, {"type": "sales_invoice", "journal": "70"}, date_created_gmt=utc
    )
    [invoice] = exact.records(DIVISION, INVOICES)
    assert _day(invoice["OrderDate"]) == local_day, invoice["OrderDate"]


def test_a_night_sales_entry_lands_in_the_new_period(shop_ready, exact_runtime, exact):
    _send(
        shop_ready,
        exact_runtime,
        {"type": "sales_entry", "journal": "70"},
        date_created_gmt="2025-12-31T23:30:00",
    )
    [entry] = exact.records(DIVISION, ENTRIES)
    assert _day(entry["EntryDate"]) == "2026-01-01"
    assert (entry["ReportingYear"], entry["ReportingPeriod"]) == (2026, 1)


def test_a_dollar_order_is_a_dollar_invoice(shop_ready, exact_runtime, exact):
    order = _send(
        shop_ready, exact_runtime, {"type": "sales_invoice", "journal": "70"}, currency="USD"
    )
    [invoice] = exact.records(DIVISION, INVOICES)
    total = Decimal(order["total"])
    rate = Decimal(exact.config.exchange_rates["USD"])
    assert invoice["Currency"] == "USD"
    assert Decimal(str(invoice["AmountFC"])) == total, "the shop's amounts, in dollars"
    assert Decimal(str(invoice["AmountDC"])) == (total * rate).quantize(Decimal("0.01"))
    assert _link(exact_runtime).state == "posted"


def test_a_currency_without_a_rate_fails_once_naming_the_rate(shop_ready, exact_runtime, exact):
    _send(shop_ready, exact_runtime, {"type": "sales_invoice", "journal": "70"}, currency="CHF")
    posts = [r for r in exact.request_log() if r["method"] == "POST" and r["endpoint"] == INVOICES]
    assert [r["status"] for r in posts] == [500], "refused once, never sent again"
    assert _link(exact_runtime).state == "failed"
    with exact_runtime.db.session() as session:
        [error] = session.scalars(select(Activity).where(Activity.level == "error"))
    assert "Ongeldig: Valuta" in error.message
    assert "Koersen" in error.resolution and "rate" in error.resolution
