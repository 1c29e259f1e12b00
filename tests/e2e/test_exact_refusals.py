"""Exact refuses a document with HTTP 500 and its reason, an outage is a 500 without one.

Real Exact answers business-validation errors ("Verplicht: ...", an unknown reference) with HTTP
500 and the reason in the OData error body; the emulator does the same by default. The order
must then fail on the first answer, with Exact's text in the activity line and no second POST
(Exact blocks apps that repeat refused calls), while a 500 that is an outage is retried.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.jobs.tasks import process_entity
from sidecar.sync.links import Link
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
INVOICES = "salesinvoice/SalesInvoices"
ORDER = "order-nl-two-rates-coupon-fee-refund.json"


def _link(runtime) -> Link:
    with runtime.db.session() as session:
        return session.scalar(select(Link).where(Link.kind == "order"))


def _errors(runtime) -> list[Activity]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Activity).where(Activity.level == "error")))


def test_a_refused_document_fails_the_order_after_one_post(shop_ready, exact_runtime, exact):
    # Journal 99 does not exist in the administration: Exact's own validation refuses it.
    document = {"type": "sales_invoice", "journal": "99"}
    assert shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": document}).ok
    order = woo_fixture(ORDER)
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)

    posts = [r for r in exact.request_log() if r["method"] == "POST" and r["endpoint"] == INVOICES]
    assert [r["status"] for r in posts] == [500], "refused once, never sent again"
    link = _link(exact_runtime)
    assert link.state == "failed"
    [error] = _errors(exact_runtime)
    assert "Ongeldige referentie: Dagboek" in error.message and "(500)" in error.message, (
        error.message
    )
    assert "press Retry" in error.resolution

    process_entity(link.shop_id, "order", link.shop_key)  # a stray run does not post it again
    assert exact.count_calls("POST", INVOICES) == 1


def test_an_outage_500_is_retried(shop_ready, exact_runtime, exact):
    document = {"type": "sales_invoice", "journal": "70"}
    assert shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": document}).ok
    exact.inject_fault("status", f"/api/v1/*/{INVOICES}", method="POST", status=500, count=1)
    order = woo_fixture(ORDER)
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    link = _link(exact_runtime)
    assert link.state == "attempting" and not _errors(exact_runtime)

    process_entity(link.shop_id, "order", link.shop_key)  # the retry, without its delay
    assert _link(exact_runtime).state == "posted"
    assert len(exact.records(100001, INVOICES)) == 1
