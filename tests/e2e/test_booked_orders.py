"""An order whose shop data says it is already in Exact is never posted again.

The pushback writes ``_exact_sync_state``, ``_exact_document_type`` and ``_exact_document_number``
onto the WooCommerce order. A sidecar that has no link for such an order (the shop was removed
and registered anew) links it to that document (one lookup, no POST); when the administration
has no such document the order fails instead, and Retry (a person's decision) posts it.
"""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.sync.links import Link
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
INVOICES = "salesinvoice/SalesInvoices"
INVOICE = {"type": "sales_invoice", "journal": "70"}


def _booked(number: str) -> dict:
    order = copy.deepcopy(woo_fixture("order-nl-two-rates-coupon-fee-refund.json"))
    order["meta_data"] = [
        {"id": 4, "key": "_exact_sync_state", "value": "posted"},
        {"id": 5, "key": "_exact_document_type", "value": "sales_invoice"},
        {"id": 6, "key": "_exact_document_number", "value": number},
    ]
    return order


def _link(runtime) -> Link:
    with runtime.db.session() as session:
        return session.scalar(select(Link).where(Link.kind == "order"))


def test_an_order_the_shop_says_is_booked_is_linked_not_posted(shop_ready, exact_runtime, exact):
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": INVOICE})
    [invoice] = exact.insert_records(
        DIVISION, INVOICES, [{"YourRef": "15", "InvoiceNumber": 26700042, "AmountFC": 49.23}]
    )
    shop_ready.post("/api/v1/events", order_event(_booked("26700042"), "e1"))
    run_jobs(exact_runtime)

    link = _link(exact_runtime)
    assert (link.state, link.exact_id, link.exact_number) == (
        "posted",
        invoice["InvoiceID"],
        "26700042",
    )
    assert exact.count_calls("POST", INVOICES) == 0
    assert len(exact.records(DIVISION, INVOICES)) == 1
    with exact_runtime.db.session() as session:
        messages = [a.message for a in session.scalars(select(Activity))]
    assert any("already in Exact Online as sales invoice 26700042" in m for m in messages)


def test_a_booked_order_exact_does_not_have_fails_until_retry(shop_ready, exact_runtime, exact):
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": INVOICE})
    order = _booked("26700099")
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)

    link = _link(exact_runtime)
    assert link.state == "failed" and "26700099" in link.last_error
    assert exact.count_calls("POST", INVOICES) == 0, "not posted on the shop's word alone"

    assert shop_ready.post(f"/api/v1/shop/orders/{order['id']}/retry").status_code == 202
    run_jobs(exact_runtime)
    link = _link(exact_runtime)
    assert link.state == "posted", link.last_error
    assert exact.count_calls("POST", INVOICES) == 1


def test_a_magento_order_the_module_says_is_booked_is_linked_not_posted(
    runtime, exact_runtime, exact, live
):
    # The module keeps its sync record across a reinstall and serves it in the order's REST JSON
    # (extension attribute exact_sidecar_sync); a sidecar without a link trusts it, verified.
    import json

    from sidecar.shops.service import add_shop
    from tests.support.exact import oauth_dance
    from tests.support.orders import MAGENTO_FIXTURES
    from tests.support.signing import SignedClient

    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "magento", "https://shop.example.nl", "Mage")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION)
    settings = {
        "trigger_statuses": ["processing", "complete"],
        "document": INVOICE,
        "vat": {"rates": [{"shop_rate": "NL-21", "exact": "21"}], "untaxed": "0"},
        "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8040", "outside_eu": "8020"},
        "shipping": {"item": "SHIPPING"},
    }
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    order = json.loads((MAGENTO_FIXTURES / "order-nl-configurable.json").read_text())
    order.setdefault("extension_attributes", {})["exact_sidecar_sync"] = {
        "sync_state": "posted",
        "document_type": "sales_invoice",
        "document_number": "26700077",
    }
    [invoice] = exact.insert_records(
        DIVISION,
        INVOICES,
        [{"YourRef": order["increment_id"], "InvoiceNumber": 26700077, "AmountFC": 1}],
    )
    event = {
        "id": "order:1234:created",
        "type": "order.updated",
        "occurred_at": "2026-11-21T12:00:00Z",
        "entity_id": "1234",
        "data": order,
    }
    assert client.post("/api/v1/events", event).status_code == 202
    run_jobs(exact_runtime)
    link = _link(exact_runtime)
    assert (link.state, link.exact_id) == ("posted", invoice["InvoiceID"]), link.last_error
    assert exact.count_calls("POST", INVOICES) == 0, "never posted twice"
