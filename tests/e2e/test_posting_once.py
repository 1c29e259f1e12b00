"""After a lost answer an order is bound only to the document that provably is its own.

Before, the retry bound the order to the first Exact document whose ``YourRef`` equalled the order
number: another shop's order 15 in the same administration, or a document made by hand, and the
order was logged as posted with nothing created for it. Here, over real HTTP against the Exact
emulator: the order's own document is found again and bound (one POST in all); a document with
the reference that another shop's link holds is passed over and the order gets its own; and an
unbound document with the reference but another account and amount is neither bound nor posted
over: the order fails with both figures and a resolution, and Exact keeps one document.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.jobs.tasks import process_entity
from sidecar.shops.service import add_shop
from sidecar.sync import links
from sidecar.sync.links import Link
from tests.support.exact import DIVISION
from tests.support.orders import SETTINGS, order_event, run_jobs, woo_fixture

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
INVOICES = "salesinvoice/SalesInvoices"
INVOICE = {"type": "sales_invoice", "journal": "70"}
ORDER = "order-nl-two-rates-coupon-fee-refund.json"  # order 15, total 49.23


def _order_link(runtime, shop_id: str, entity_id: str) -> Link:
    with runtime.db.session() as session:
        return session.scalar(
            select(Link).where(
                Link.shop_id == shop_id, Link.kind == "order", Link.shop_key == entity_id
            )
        )


def _activity(runtime) -> list[Activity]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def _first_attempt_unanswered(shop_ready, exact_runtime, exact, order: dict) -> str:
    """Post the order while Exact's answer to the create is a 503: the link says attempting."""
    exact.inject_fault("status", f"/api/v1/*/{INVOICES}", method="POST", status=503, count=1)
    assert shop_ready.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(exact_runtime)  # the retry waits for its delay; the test runs it below
    link = _order_link(exact_runtime, shop_ready.shop_id, str(order["id"]))
    assert link.state == "attempting", (link.state, link.last_error)
    return link.shop_id


def _posts(exact) -> int:
    return exact.count_calls("POST", INVOICES)


def test_a_lost_answer_is_bound_to_the_orders_own_document(shop_ready, exact_runtime, exact):
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": INVOICE})
    order = woo_fixture(ORDER)
    exact.inject_fault("drop_after_commit", f"/api/v1/*/{INVOICES}", method="POST", count=1)
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    entity = str(order["id"])
    assert _order_link(exact_runtime, shop_ready.shop_id, entity).state == "attempting"

    process_entity(shop_ready.shop_id, "order", entity)  # the retry, without its delay
    [doc] = exact.records(DIVISION, INVOICES)
    link = _order_link(exact_runtime, shop_ready.shop_id, entity)
    assert (link.state, link.exact_id) == ("posted", doc["InvoiceID"])
    assert _posts(exact) == 1, "found again, not posted a second time"
    assert any(
        "found in Exact after an earlier attempt" in a.message for a in _activity(exact_runtime)
    )


def test_another_shops_document_with_the_same_reference_is_not_bound(
    shop_ready, exact_runtime, exact
):
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": INVOICE})
    order = woo_fixture(ORDER)
    shop_id = _first_attempt_unanswered(shop_ready, exact_runtime, exact, order)
    # Shop B in the same administration has its own order 15: same YourRef, same customer
    # account, same total (everything a lookup could compare), and shop B's link holds it.
    [account] = [
        a
        for a in exact.records(DIVISION, "crm/Accounts")
        if a.get("Email") == order["billing"]["email"]
    ]
    [theirs] = exact.insert_records(
        DIVISION,
        INVOICES,
        [
            {
                "YourRef": str(order["number"]),
                "InvoiceNumber": 26700001,
                "OrderedBy": account["ID"],
                "AmountFC": 49.23,
            }
        ],
    )
    with exact_runtime.db.session() as session:
        other = add_shop(session, exact_runtime.box, "woocommerce", "https://b.example.nl", "B")
        link = links.ensure_link(session, other.id, "order", str(order["id"]))
        links.mark_posted(session, link, "sales_invoice", theirs["InvoiceID"], "26700001")

    process_entity(shop_id, "order", str(order["id"]))

    link = _order_link(exact_runtime, shop_id, str(order["id"]))
    docs = {d["InvoiceID"]: d for d in exact.records(DIVISION, INVOICES)}
    assert link.state == "posted", link.last_error
    assert link.exact_id != theirs["InvoiceID"] and link.exact_id in docs
    assert len(docs) == 2 and {d["YourRef"] for d in docs.values()} == {str(order["number"])}
    assert _order_link(exact_runtime, other.id, str(order["id"])).exact_id == theirs["InvoiceID"]


def test_a_document_made_by_hand_with_the_reference_stops_the_order(
    shop_ready, exact_runtime, exact
):
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": INVOICE})
    order = woo_fixture(ORDER)
    [account] = exact.insert_records(
        DIVISION, "crm/Accounts", [{"Code": "999", "Name": "Someone else", "Status": "C"}]
    )
    exact.insert_records(
        DIVISION,
        INVOICES,
        [
            {
                "YourRef": str(order["number"]),
                "InvoiceNumber": 26700007,
                "OrderedBy": account["ID"],
                "AmountFC": 12.50,
            }
        ],
    )
    shop_id = _first_attempt_unanswered(shop_ready, exact_runtime, exact, order)
    posts = _posts(exact)
    process_entity(shop_id, "order", str(order["id"]))

    link = _order_link(exact_runtime, shop_id, str(order["id"]))
    assert link.state == "failed"
    assert link.failed_setting == "free_fields.your_ref"
    assert "26700007" in link.last_error and "49.23" in link.last_error
    assert "Your reference" in link.resolution and "Retry" in link.resolution
    assert _posts(exact) == posts, "nothing posted over a document it cannot prove is another's"
    assert len(exact.records(DIVISION, INVOICES)) == 1
    [error] = [a for a in _activity(exact_runtime) if a.level == "error"]
    assert "26700007" in error.message and error.resolution == link.resolution
