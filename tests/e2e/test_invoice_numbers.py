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


@pytest.mark.parametrize("path", ["webhook", "poll"])
def test_a_draft_processed_in_exact_gets_its_number_and_its_paid_status(
    exact_runtime, exact, live, monkeypatch, path
):
    from sidecar.exact.client import ExactClient
    from tests.support import pushback as support

    draft = {"type": "sales_invoice", "journal": "70", "process": False}
    monkeypatch.setitem(support.DOCUMENT, "invoice_paid", draft)
    with support.running_shop("woocommerce") as shop:
        stage = support.stage_order(
            "woocommerce", shop, exact_runtime, exact, live, "invoice_paid", path == "webhook"
        )
        assert stage.link.exact_number is None, "a draft: Exact has not numbered it"
        # The bookkeeper processes the invoice in Exact; Exact numbers it and books the item.
        ExactClient(exact_runtime, stage.client.shop_id).create(
            "salesinvoice/PrintedSalesInvoices", {"InvoiceID": stage.link.exact_id}
        )
        [invoice] = exact.records(DIVISION, INVOICES)
        number = str(invoice["InvoiceNumber"])
        if path == "webhook":  # the invoice's change is announced: its number is read at once
            exact.webhook_deliveries()
            run_jobs(exact_runtime)
            with exact_runtime.db.session() as session:
                link = session.scalar(select(Link).where(Link.kind == "order"))
            assert link.exact_number == number
            assert any(number in n for n in stage.notes()), "the shop's note names it"
        exact.pay_invoice(DIVISION, int(number))
        support.poll_statuses(stage)
        note = f"Exact Online: sales invoice {number} is paid."
        assert stage.status() == "completed" and stage.notes().count(note) == 1
        reads = [
            r for r in exact.request_log() if r["method"] == "GET" and r["endpoint"] == INVOICES
        ]
        assert len(reads) == 1, "the draft's number is read once"
