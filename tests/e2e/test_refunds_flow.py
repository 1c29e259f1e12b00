"""Refunds and cancellations end to end: shop event -> sidecar -> worker -> Exact emulator.

Each credit note's lines and total are read back from the emulator and compared with the shop's
refund to the cent; the credit note's type follows the document the order was posted as."""

import copy
import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.jobs.tasks import process_entity
from sidecar.shops.service import add_shop
from sidecar.sync.links import Link
from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import (
    ITEMS,
    MAGENTO_FIXTURES,
    SETTINGS,
    order_event,
    run_jobs,
    woo_fixture,
)
from tests.support.signing import SignedClient

D = Decimal
ORDER_12 = "order-12-nl-partial-refund-line-and-shipping.json"  # refund 74: towel + shipping
REFUNDS = {"amount_item": "RETOUR", "amount_gl_account": "8100"}
TYPES = {
    # document: (settings, endpoint, lines endpoint, key, VAT field, the credit note's Type)
    "sales_invoice": (
        {"type": "sales_invoice", "journal": "70"},
        "salesinvoice/SalesInvoices",
        "salesinvoice/SalesInvoiceLines",
        "InvoiceID",
        "VATAmountFC",
        8021,
    ),
    "direct_invoice": (
        {"type": "direct_invoice", "journal": "70", "warehouse": "1"},
        "salesinvoice/SalesInvoices",
        "salesinvoice/SalesInvoiceLines",
        "InvoiceID",
        "VATAmountFC",
        8024,
    ),
    "sales_entry": (
        {"type": "sales_entry", "journal": "70"},
        "salesentry/SalesEntries",
        "salesentry/SalesEntryLines",
        "EntryID",
        "VATAmountFC",
        21,
    ),
    "sales_order": (
        {"type": "sales_order", "journal": "70"},
        "salesorder/SalesOrders",
        "salesorder/SalesOrderLines",
        "OrderID",
        "VATAmount",
        8021,
    ),
}
# Where each document type's credit notes are: a sales order is credited with a sales credit
# note (negative order lines would be trade-in lines in Exact).
CREDIT_IN = {"sales_order": "sales_invoice"}


def _setup(client, exact, document: str, **extra) -> None:
    exact.insert_record(
        DIVISION,
        "logistics/Items",
        {"Code": "RETOUR", "Description": "Retour", "IsSalesItem": True},
    )
    settings = {**SETTINGS, "document": TYPES[document][0], "refunds": REFUNDS, **extra}
    saved = client.put("/api/v1/shop/settings", settings)
    assert saved.status_code == 200, saved.text


def _docs(exact, document: str) -> list[tuple[dict, list[tuple]]]:
    """Every document of the type with its (amount, VAT, VAT code) lines, sorted."""
    _, endpoint, lines_endpoint, key, vat, _ = TYPES[document]
    out = []
    for doc in exact.records(DIVISION, endpoint):
        lines = [r for r in exact.records(DIVISION, lines_endpoint) if r[key] == doc[key]]
        figures = sorted(
            (D(str(r["AmountFC"])), D(str(r[vat])), r["VATCode"].strip()) for r in lines
        )
        out.append((doc, figures))
    return out


def _credit(exact, document: str, your_ref: str, runtime=None) -> tuple[dict, list[tuple]]:
    where = CREDIT_IN.get(document, document)
    found = [(d, f) for d, f in _docs(exact, where) if d["YourRef"] == your_ref]
    errors = [a.message for a in _messages(runtime, "error")] if runtime else []
    assert len(found) == 1, ([d["YourRef"] for d, _ in _docs(exact, where)], errors)
    return found[0]


def _links(runtime, kind: str) -> list[Link]:
    with runtime.db.session() as session:
        return list(session.scalars(select(Link).where(Link.kind == kind)))


def _messages(runtime, level: str | None = None) -> list[Activity]:
    with runtime.db.session() as session:
        query = select(Activity)
        if level:
            query = query.where(Activity.level == level)
        return list(session.scalars(query))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("document", list(TYPES))
def test_refund_with_line_and_shipping_becomes_one_credit_note_exactly_once(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
    document,
) -> None:
    _setup(shop_ready, exact, document)
    order = woo_fixture(ORDER_12)
    assert shop_ready.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(exact_runtime)
    [(original, _)] = _docs(exact, document)
    assert original["YourRef"] == order["number"]

    refunded = order_event(order, "e2", "order.refunded")
    assert shop_ready.post("/api/v1/events", refunded).status_code == 202
    run_jobs(exact_runtime)
    credit, figures = _credit(exact, document, f"{order['number']}-R74", exact_runtime)
    # Exact's 21 % of 4.50 is 0.95, the shop refunded 0.94: where Exact computes the VAT, a cent
    # of net moves from the shipping to the towel so its VAT is the shop's (entries keep it)
    moved = D("0.01") if document != "sales_entry" else D(0)
    assert figures == [
        (D("-20.62") - moved, D("-4.33"), "21"),
        (D("-4.50") + moved, D("-0.94"), "21"),
    ]
    assert sum(a + v for a, v, _ in figures) == -D(order["refunds_detail"][0]["amount"])
    assert D(str(credit["AmountFC"])) == D("-30.39"), "Exact's total, incl. VAT"
    _, _, _, key, _, credit_type = TYPES[document]
    if credit_type is not None:
        assert credit["Type"] == credit_type
    number = {"sales_entry": "EntryNumber", "sales_order": "OrderNumber"}.get(
        document, "InvoiceNumber"
    )
    remarks = credit["Description"] if document == "sales_entry" else credit["Remarks"]
    # an invoice Exact numbers only when processed is named by its id while it is a draft
    assert str(original[number] or original[key]) in remarks
    assert credit["Description"].startswith("Credit")
    [link] = _links(exact_runtime, "refund")
    credit_key = TYPES[CREDIT_IN.get(document, document)][3]
    assert link.state == "posted" and link.exact_id == credit[credit_key]
    assert link.shop_key == "73:74"

    # The same delivery again, and a new event with the same refund: still one credit note.
    assert shop_ready.post("/api/v1/events", refunded).json()["status"] == "duplicate"
    assert (
        shop_ready.post("/api/v1/events", order_event(order, "e3", "order.refunded")).status_code
        == 202
    )
    run_jobs(exact_runtime)
    credits = _docs(exact, CREDIT_IN[document]) if document in CREDIT_IN else []
    assert len(_docs(exact, document)) + len(credits) == 2
    assert not _messages(exact_runtime, "error")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("document", ["sales_invoice", "sales_entry"])
def test_amount_only_refund_goes_to_the_configured_item_or_gl_account(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
    document,
) -> None:
    _setup(shop_ready, exact, document)
    order = woo_fixture(ORDER_12)
    order.pop("refunds_detail")  # only the summary: {id 74, total -30.39}, no VAT split
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    shop_ready.post("/api/v1/events", order_event(order, "e2", "order.refunded"))
    run_jobs(exact_runtime)
    credit, figures = _credit(exact, document, f"{order['number']}-R74", exact_runtime)
    assert figures == [(D("-30.39"), D("0"), "0")]
    lines_endpoint, key = TYPES[document][2], TYPES[document][3]
    [line] = [r for r in exact.records(DIVISION, lines_endpoint) if r[key] == credit[key]]
    if document == "sales_entry":
        gl = {g["ID"]: g["Code"].strip() for g in exact.records(DIVISION, "financial/GLAccounts")}
        assert gl[line["GLAccount"]] == "8100"
    else:
        codes = {i["ID"]: i["Code"] for i in exact.records(DIVISION, "logistics/Items")}
        assert codes[line["Item"]] == "RETOUR"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_amount_only_refund_without_the_setting_fails_the_refund_not_the_order(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
) -> None:
    shop_ready.put("/api/v1/shop/settings", {**SETTINGS, "document": TYPES["sales_invoice"][0]})
    order = woo_fixture(ORDER_12)
    order.pop("refunds_detail")
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    shop_ready.post("/api/v1/events", order_event(order, "e2", "order.refunded"))
    run_jobs(exact_runtime)
    [refund] = _links(exact_runtime, "refund")
    assert refund.state == "failed" and refund.failed_setting == "refunds.amount_item"
    assert [link.state for link in _links(exact_runtime, "order")] == ["posted"]
    assert len(_docs(exact, "sales_invoice")) == 1

    _setup(shop_ready, exact, "sales_invoice")  # filling the setting queues the refund again
    run_jobs(exact_runtime)
    credit, figures = _credit(exact, "sales_invoice", f"{order['number']}-R74")
    assert figures == [(D("-30.39"), D("0"), "0")] and credit["Type"] == 8021


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_refund_before_the_order_is_posted_waits_and_follows_it(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
) -> None:
    _setup(shop_ready, exact, "sales_invoice")
    order = woo_fixture(ORDER_12)
    on_hold = dict(order, status="on-hold")
    shop_ready.post("/api/v1/events", order_event(on_hold, "e1", "order.refunded"))
    run_jobs(exact_runtime)
    assert _docs(exact, "sales_invoice") == []
    assert any("before the order was posted" in a.message for a in _messages(exact_runtime))
    shop_ready.post("/api/v1/events", order_event(order, "e2"))
    run_jobs(exact_runtime)
    docs = {d["YourRef"]: f for d, f in _docs(exact, "sales_invoice")}
    assert sum(a + v for a, v, _ in docs[order["number"]]) == D("77.09")
    assert sum(a + v for a, v, _ in docs[f"{order['number']}-R74"]) == D("-30.39")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_credit_whose_answer_was_lost_is_found_by_its_reference(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
) -> None:
    _setup(shop_ready, exact, "sales_invoice")
    order = woo_fixture(ORDER_12)
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    exact.inject_fault(
        "drop_after_commit", "/api/v1/*/salesinvoice/SalesInvoices", method="POST", count=1
    )
    shop_ready.post("/api/v1/events", order_event(order, "e2", "order.refunded"))
    run_jobs(exact_runtime)  # the credit note is stored in Exact, its answer lost: a retry waits
    [link] = _links(exact_runtime, "refund")
    assert link.state == "attempting"
    process_entity(link.shop_id, "order", str(order["id"]))  # the retry, without its delay
    credits = [d for d, _ in _docs(exact, "sales_invoice") if d["Type"] == 8021]
    assert len(credits) == 1
    [link] = _links(exact_runtime, "refund")
    assert link.state == "posted" and link.exact_id == credits[0]["InvoiceID"]
    assert any("lost answer" in a.message for a in _messages(exact_runtime))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_credit_memo_becomes_a_credit_note(runtime, exact_runtime, exact, live) -> None:
    import json

    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "magento", "https://shop.example.nl", "Mage")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION)
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [
            {"Code": c, "Description": c, "IsSalesItem": True}
            for c in ("TSHIRT-BLK-M", "HOODIE-GRY-L", "RETOUR")
        ],
    )
    settings = {
        "trigger_statuses": ["processing", "complete"],
        "document": {"type": "sales_invoice", "journal": "70"},
        "vat": {"rates": [{"shop_rate": "NL-21", "exact": "21"}], "untaxed": "0"},
        "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8040", "outside_eu": "8020"},
        "shipping": {"item": "SHIPPING"},
        "refunds": REFUNDS,
    }
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    order = json.loads((MAGENTO_FIXTURES / "order-nl-configurable.json").read_text())
    memos = json.loads(
        (MAGENTO_FIXTURES / "creditmemos-order-1234-tshirt-shipping-fee.json").read_text()
    )

    def event(data: dict, event_id: str, kind: str) -> dict:
        return {
            "id": event_id,
            "type": kind,
            "occurred_at": "2026-11-21T12:00:00Z",
            "entity_id": "1234",
            "data": data,
        }

    client.post("/api/v1/events", event(order, "order:1234:created", "order.updated"))
    refunded = dict(copy.deepcopy(order), creditmemos=memos["items"])
    client.post("/api/v1/events", event(refunded, "order:1234:creditmemo:77:2", "order.refunded"))
    run_jobs(exact_runtime)
    docs = {d["YourRef"]: d for d in exact.records(DIVISION, "salesinvoice/SalesInvoices")}
    assert f"{order['increment_id']}-R77" in docs, [
        a.message for a in _messages(exact_runtime) if a.level != "info"
    ]
    credit = docs[f"{order['increment_id']}-R77"]
    assert credit["Type"] == 8021
    lines = [
        r
        for r in exact.records(DIVISION, "salesinvoice/SalesInvoiceLines")
        if r["InvoiceID"] == credit["InvoiceID"]
    ]
    total = sum(D(str(r["AmountFC"])) + D(str(r["VATAmountFC"])) for r in lines)
    assert total == -D(str(memos["items"][0]["grand_total"])) == D("-26.73")
    fee = [r for r in lines if r["VATCode"].strip() == "0"]
    assert [D(str(r["AmountFC"])) for r in fee] == [D("2.00")], "the kept fee reduces the credit"

    # The module as shipped sends the order without its memos: nothing is booked, a person is told.
    client.post("/api/v1/events", event(order, "order:1234:creditmemo:78:2", "order.refunded"))
    run_jobs(exact_runtime)
    assert len(exact.records(DIVISION, "salesinvoice/SalesInvoices")) == 2
    warnings = [a for a in _messages(exact_runtime, "warning") if "credit memo" in a.message]
    assert len(warnings) == 1 and "by hand" in warnings[0].resolution


def _cancelled(order: dict, event_id: str) -> dict:
    return order_event(dict(copy.deepcopy(order), status="cancelled"), event_id)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("policy", ["credit", "ignore"])
def test_cancelled_after_posting_credit_or_ignore(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
    policy,
) -> None:
    _setup(shop_ready, exact, "sales_invoice", refunds={**REFUNDS, "cancelled": policy})
    order = woo_fixture("order-01-nl-mixed-vat-flatrate-percent-coupon.json")
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    shop_ready.post("/api/v1/events", _cancelled(order, "e2"))
    shop_ready.post("/api/v1/events", _cancelled(dict(order, customer_note="x"), "e3"))
    run_jobs(exact_runtime)
    docs = {d["YourRef"]: f for d, f in _docs(exact, "sales_invoice")}
    [link] = _links(exact_runtime, "cancellation")
    if policy == "ignore":
        assert list(docs) == [order["number"]] and link.state == "skipped"
        assert any("ignore" in a.message for a in _messages(exact_runtime, "info"))
        return
    assert link.state == "posted"
    credit = docs[f"{order['number']}-C"]
    assert credit == sorted((-a, -v, c) for a, v, c in docs[order["number"]])
    assert sum(a + v for a, v, _ in credit) == -D(order["total"]) == D("-47.47")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cancelled_after_posting_is_flagged_with_a_shop_note(exact_runtime, exact, live) -> None:
    with running_woocommerce() as woo:
        with exact_runtime.db.session() as session:
            shop = add_shop(session, exact_runtime.box, "woocommerce", woo.base_url, "Winkel")
        client = SignedClient(live, shop.id, shop.secret)
        oauth_dance(client, live, division=DIVISION, return_url=woo.base_url + "/wp-admin/")
        exact.insert_records(
            DIVISION,
            "logistics/Items",
            [{"Code": c, "Description": n, "IsSalesItem": True} for c, n in ITEMS],
        )
        creds = {"consumer_key": woo.rw.consumer_key, "consumer_secret": woo.rw.consumer_secret}
        assert client.post("/api/v1/shop/credentials", creds).status_code == 200
        _setup(client, exact, "sales_invoice")  # refunds.cancelled defaults to flag
        order = woo.order(62)
        client.post("/api/v1/events", order_event(order, "e1"))
        run_jobs(exact_runtime)
        client.post("/api/v1/events", _cancelled(order, "e2"))
        run_jobs(exact_runtime)
        client.post("/api/v1/events", _cancelled(dict(order, customer_note="x"), "e3"))
        run_jobs(exact_runtime)
        assert len(exact.records(DIVISION, "salesinvoice/SalesInvoices")) == 1
        warnings = [a for a in _messages(exact_runtime, "warning") if "cancelled" in a.message]
        assert len(warnings) == 1 and "by hand" in warnings[0].resolution
        notes = [n["note"] for n in woo.notes(62) if "cancelled" in n["note"]]
        assert len(notes) == 1 and "credited by hand" in notes[0]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_sales_order_is_credited_with_a_credit_note_and_left_as_it_is(
    shop_ready,  # noqa: F811
    exact_runtime,
    exact,
) -> None:
    _setup(shop_ready, exact, "sales_order")
    no_journal = {**SETTINGS, "document": {"type": "sales_order"}, "refunds": REFUNDS}
    assert shop_ready.put("/api/v1/shop/settings", no_journal).ok
    order = woo_fixture(ORDER_12)
    shop_ready.post("/api/v1/events", order_event(order, "e1"))
    run_jobs(exact_runtime)
    shop_ready.post("/api/v1/events", order_event(order, "e2", "order.refunded"))
    run_jobs(exact_runtime)
    [link] = _links(exact_runtime, "refund")
    assert link.state == "failed" and link.failed_setting == "document.journal"
    assert exact.count_calls("POST", "salesinvoice/SalesInvoices") == 0, "nothing sent"

    with_journal = {**no_journal, "document": {"type": "sales_order", "journal": "70"}}
    fixed = shop_ready.put("/api/v1/shop/settings", with_journal, timestamp=int(time.time()) + 1)
    assert fixed.ok and "X-Sidecar-Replayed" not in fixed.headers  # the journal is set
    run_jobs(exact_runtime)
    credit, _ = _credit(exact, "sales_order", f"{order['number']}-R74", exact_runtime)
    assert credit["Type"] == 8021 and credit["Journal"] == "70"
    [(original, lines)] = _docs(exact, "sales_order")
    assert all(amount > 0 for amount, _, _ in lines), "no negative (trade-in) order lines"
    said = [a.message for a in _messages(exact_runtime) if "credited in Exact" in a.message]
    assert said and "sales credit note" in said[0] and "left as it is" in said[0], said
