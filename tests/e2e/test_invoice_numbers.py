"""Exact may number a sales invoice only when it is processed (an administration setting; the
emulator's default is "at printing"): the sidecar keys on the document id, shows "draft" until
then, and reads the number once the invoice is processed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.sync.links import Link
from sidecar.sync.pushback.order_state import state_of
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ORDER = "order-nl-two-rates-coupon-fee-refund.json"
INVOICES = "salesinvoice/SalesInvoices"


def _post(shop, runtime, process: bool) -> Link:
    document = {"type": "sales_invoice", "journal": "70", "process": process}
    assert shop.put("/api/v1/shop/settings", {**SETTINGS, "document": document}).ok
    assert shop.post("/api/v1/events", order_event(woo_fixture(ORDER), "e1")).status_code == 202
    run_jobs(runtime)
    with runtime.db.session() as session:
        link = session.scalar(select(Link).where(Link.kind == "order"))
        session.expunge(link)
    return link


def test_an_unprocessed_invoice_is_a_draft_keyed_on_its_id(shop_ready, exact_runtime, exact):
    link = _post(shop_ready, exact_runtime, process=False)
    [invoice] = exact.records(DIVISION, INVOICES)
    assert invoice["InvoiceNumber"] is None
    assert link.state == "posted" and link.exact_id == invoice["InvoiceID"]
    assert link.exact_number is None
    assert "draft" in state_of(link).note
    with exact_runtime.db.session() as session:
        said = [
            a.message for a in session.scalars(select(Activity).where(Activity.kind == "order"))
        ]
    assert any("posted to Exact as sales invoice (draft" in m for m in said), said


def test_processing_reads_the_number_exact_gives_only_then(shop_ready, exact_runtime, exact):
    mark = len(exact.request_log())
    link = _post(shop_ready, exact_runtime, process=True)
    [invoice] = exact.records(DIVISION, INVOICES)
    assert invoice["Status"] == 50 and invoice["InvoiceNumber"] is not None
    assert link.exact_number == str(invoice["InvoiceNumber"])
    assert str(invoice["InvoiceNumber"]) in state_of(link).note
    reads = [
        r
        for r in exact.request_log(since=mark)
        if r["method"] == "GET" and r["endpoint"] == INVOICES
    ]
    assert len(reads) == 1, "one read of the number after processing"
