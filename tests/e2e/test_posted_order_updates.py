"""An update of a posted order warns only when what it was booked from changed.

A posted order keeps sending ``order.updated``: processing -> completed, a resend of the same
data. Those change nothing in the books and must not say "changed after it was posted"; a change
of the customer, the amounts or the lines still does, once per update.
"""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ORDER = "order-nl-two-rates-coupon-fee-refund.json"
CHANGED = "changed in the shop after it was posted"


def _warnings(runtime) -> list[str]:
    with runtime.db.session() as session:
        rows = session.scalars(select(Activity).where(Activity.level == "warning"))
        return [a.message for a in rows if CHANGED in a.message]


def test_a_status_change_or_resend_is_no_change_a_real_change_is(shop_ready, exact_runtime, exact):
    document = {"type": "sales_invoice", "journal": "70"}
    assert shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": document}).ok
    order = {**woo_fixture(ORDER), "status": "processing"}
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    assert exact.count_calls("POST", "salesinvoice/SalesInvoices") == 1

    completed = {**copy.deepcopy(order), "status": "completed"}
    shop_ready.post("/api/v1/events", order_event(completed, "e2"))
    shop_ready.post("/api/v1/events", order_event(order, "e3"))  # the same data again
    run_jobs(exact_runtime)
    assert _warnings(exact_runtime) == [], "nothing that was booked changed"

    moved = copy.deepcopy(completed)
    moved["billing"]["email"] = "someone.else@example.nl"
    shop_ready.post("/api/v1/events", order_event(moved, "e4"))
    run_jobs(exact_runtime)
    assert len(_warnings(exact_runtime)) == 1, "the customer changed: said once"
    assert exact.count_calls("POST", "salesinvoice/SalesInvoices") == 1, "never posted again"
