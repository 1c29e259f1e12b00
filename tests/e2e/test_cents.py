"""Equal to the cent in Exact's own arithmetic: orders and refunds under every VAT arithmetic.

The emulator runs as each of the three arithmetics Exact may use (``vat_arithmetic``: keep the
VAT sent, compute it per line, compute it per VAT code over the document). Real WooCommerce and
Magento orders (tests/data/fixtures) go through the whole flow; each Exact document's total must
be the shop's to the cent, and its VAT per code the shop's tax per rate. Expected figures come
from the shop orders themselves: ``total``, the tax lines, the refunds' amounts and taxes.

Order "9034" is built from order 34's lines with the tax a shop rounds per line computes (0.46,
1.46, 3.90, and 0.94 for the shipping's half cent, rounded down as WooCommerce does with prices
incl. VAT): per-line and per-document arithmetic disagree on it, so it teaches the sidecar an
administration's arithmetic.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.jobs.tasks import process_entity
from sidecar.sync.links import Link
from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import (
    MAGENTO_FIXTURES,
    MAGENTO_SETTINGS,
    SETTINGS,
    magento_event,
    order_event,
    run_jobs,
    woo_fixture,
)
from tests.support.signing import SignedClient

D = Decimal
MODES = [
    pytest.param(mode, marks=pytest.mark.exact_emulator(vat_arithmetic=mode), id=mode)
    for mode in ("client", "line", "document")
]
WOO_ORDERS = [
    "order-01-nl-mixed-vat-flatrate-percent-coupon.json",
    "order-12-nl-partial-refund-line-and-shipping.json",
    "order-30-fr-oss-guest-negative-fee.json",
    "order-31-nl-prices-excl-vat-fixed-coupon-fee.json",
    "order-34-round-tax-at-subtotal.json",
    "order-nl-two-rates-coupon-fee-refund.json",
]
RATE_CODES = {"1": "21", "2": "9", "7": "OFR", "8": "OFR5"}
DOCUMENTS = {
    # document: (settings, endpoint, lines endpoint, key, line VAT field)
    "sales_invoice": (
        {"type": "sales_invoice", "journal": "70"},
        "salesinvoice/SalesInvoices",
        "salesinvoice/SalesInvoiceLines",
        "InvoiceID",
        "VATAmountFC",
    ),
    "sales_order": (
        {"type": "sales_order", "journal": "70"},
        "salesorder/SalesOrders",
        "salesorder/SalesOrderLines",
        "OrderID",
        "VATAmount",
    ),
    "direct_invoice": (
        {"type": "direct_invoice", "journal": "70", "warehouse": "1"},
        "salesinvoice/SalesInvoices",
        "salesinvoice/SalesInvoiceLines",
        "InvoiceID",
        "VATAmountFC",
    ),
    "sales_entry": (
        {"type": "sales_entry", "journal": "70"},
        "salesentry/SalesEntries",
        "salesentry/SalesEntryLines",
        "EntryID",
        "VATAmountFC",
    ),
}
# Credit notes of sales orders are sales credit notes (invoices).
CREDITS_IN = {"sales_order": "sales_invoice"}


def per_line_order() -> dict:
    """Order 34's basket as a shop that rounds tax per line charges it (see the module)."""
    order = copy.deepcopy(woo_fixture("order-34-round-tax-at-subtotal.json"))
    order.update(id=9034, number="9034", order_key="wc_order_9034")
    for item, tax in zip(order["line_items"], ("0.46", "1.46", "3.90"), strict=True):
        item["total_tax"] = tax
        item["taxes"][0]["total"] = tax
    ship = order["shipping_lines"][0]
    ship["total_tax"] = "0.94"
    ship["taxes"][0]["total"] = "0.94"
    order["tax_lines"][0].update(tax_total="5.82", shipping_tax_total="0.94")
    order.update(total_tax="6.76", shipping_tax="0.94", cart_tax="5.82", total="38.95")
    return order


def _orders() -> list[dict]:
    return [woo_fixture(name) for name in WOO_ORDERS] + [per_line_order()]


def _shop_vat(order: dict) -> dict[str, Decimal]:
    """The shop's tax per Exact VAT code: its tax lines."""
    out: dict[str, Decimal] = {}
    for line in order["tax_lines"]:
        code = RATE_CODES[str(line["rate_id"])]
        out[code] = out.get(code, D(0)) + D(line["tax_total"]) + D(line["shipping_tax_total"])
    return {code: vat for code, vat in out.items() if vat}


def _refund_vat(refund: dict) -> dict[str, Decimal]:
    """A refund's tax per VAT code, from its own lines' taxes (negative)."""
    out: dict[str, Decimal] = {}
    for group in ("line_items", "shipping_lines", "fee_lines"):
        for line in refund.get(group) or []:
            for tax in line.get("taxes") or []:
                code = RATE_CODES[str(tax["id"])]
                out[code] = out.get(code, D(0)) + D(tax["total"])
    return out


def _document(exact, document: str, your_ref: str) -> tuple[Decimal, dict[str, Decimal]]:
    """Exact's total and VAT per code of the one document with ``your_ref``."""
    _, endpoint, lines_endpoint, key, vat = DOCUMENTS[document]
    docs = [d for d in exact.records(DIVISION, endpoint) if d["YourRef"] == your_ref]
    assert len(docs) == 1, (your_ref, [d["YourRef"] for d in exact.records(DIVISION, endpoint)])
    by_code: dict[str, Decimal] = {}
    for line in exact.records(DIVISION, lines_endpoint):
        if line[key] == docs[0][key]:
            code = line["VATCode"].strip()
            by_code[code] = by_code.get(code, D(0)) + D(str(line[vat]))
    return D(str(docs[0]["AmountFC"])), {c: v for c, v in by_code.items() if v}


def _setup(client, exact, document: str) -> None:
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [
            {"Code": code, "Description": code, "IsSalesItem": True, "SalesVatCode": "21"}
            for code in ("STK-099", "CARD-133", "RETOUR", "AFRONDING")
        ],
    )
    exact.insert_record(
        DIVISION,
        "vat/VATCodes",
        {
            "Code": "OFR5",
            "Description": "OSS Frankrijk 5,5%",
            "Percentage": 0.055,
            "Type": "E",
            "VATTransactionType": "S",
        },
    )
    rates = [{"shop_rate": rate, "exact": code} for rate, code in RATE_CODES.items()]
    settings = {
        **SETTINGS,
        "document": DOCUMENTS[document][0],
        "vat": {**SETTINGS["vat"], "rates": rates},
        "refunds": {"amount_item": "RETOUR", "amount_gl_account": "8100"},
        "rounding": {"item": "AFRONDING", "gl_account": "8100", "tolerance": "0.02"},
    }
    saved = client.put("/api/v1/shop/settings", settings)
    assert saved.status_code == 200, saved.text


def _problems(runtime) -> list[str]:
    with runtime.db.session() as session:
        rows = session.scalars(select(Activity).where(Activity.level.in_(["warning", "error"])))
        return [f"{a.level}: {a.message}" for a in rows]


def _learnt(runtime) -> int:
    with runtime.db.session() as session:
        rows = session.scalars(select(Activity).where(Activity.message.contains("learnt from")))
        return len(list(rows))


def _post_all(client, runtime, orders: list[dict]) -> None:
    for order in orders:
        event = order_event(order, f"o{order['id']}")
        assert client.post("/api/v1/events", event).status_code == 202
    run_jobs(runtime)
    for order in orders:
        if order.get("refunds"):
            event = order_event(order, f"r{order['id']}", "order.refunded")
            assert client.post("/api/v1/events", event).status_code == 202
    run_jobs(runtime)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("document", ["sales_invoice", "sales_order"])
def test_woocommerce_orders_and_refunds_equal_the_shop_to_the_cent(
    shop_ready, exact_runtime, exact, document, mode
) -> None:
    _setup(shop_ready, exact, document)
    orders = _orders()
    _post_all(shop_ready, exact_runtime, orders)
    assert _problems(exact_runtime) == []
    for order in orders:
        total, vat = _document(exact, document, order["number"])
        assert total == D(order["total"]), order["number"]
        assert vat == _shop_vat(order), order["number"]
        for summary in order.get("refunds") or []:
            details = {str(r["id"]): r for r in order.get("refunds_detail") or []}
            credit = CREDITS_IN.get(document, document)
            ref = f"{order['number']}-R{summary['id']}"
            total, vat = _document(exact, credit, ref)
            assert total == D(summary["total"]), ref  # negative, as WooCommerce lists it
            if str(summary["id"]) in details:
                assert vat == _refund_vat(details[str(summary["id"])]), ref
    # the administration's arithmetic is learnt at most once, and only where it matters
    assert _learnt(exact_runtime) == (1 if mode == "document" else 0)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("document", "mode"),
    [
        pytest.param("direct_invoice", "document", marks=MODES[2].marks, id="direct-document"),
        pytest.param("sales_entry", "line", marks=MODES[1].marks, id="entry-line"),
    ],
)
def test_the_other_document_types_equal_the_shop_to_the_cent(
    shop_ready, exact_runtime, exact, document, mode
) -> None:
    _setup(shop_ready, exact, document)
    orders = [per_line_order(), woo_fixture(WOO_ORDERS[1])]
    _post_all(shop_ready, exact_runtime, orders)
    assert _problems(exact_runtime) == []
    for order in orders:
        total, vat = _document(exact, document, order["number"])
        assert total == D(order["total"]) and vat == _shop_vat(order), order["number"]
    total, _ = _document(exact, document, f"{orders[1]['number']}-R74")
    assert abs(total) == D("30.39")  # a credit sales entry is positive (Type 21)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", MODES)
def test_magento_orders_equal_the_shop_to_the_cent(runtime, exact_runtime, exact, live, mode):
    from sidecar.shops.service import add_shop

    with exact_runtime.db.session() as session:
        shop = add_shop(session, exact_runtime.box, "magento", "https://shop.example.nl", "Mage")
    client = SignedClient(live, shop.id, shop.secret)
    oauth_dance(client, live, division=DIVISION)
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [
            {"Code": c, "Description": c, "IsSalesItem": True}
            for c in (
                "TSHIRT-BLK-M",
                "HOODIE-GRY-L",
                "MUG-001",
                "BEAN-1KG",
                "TOWEL-2495",
                "AFRONDING",
                "RETOUR",
            )
        ],
    )
    exact.insert_record(
        DIVISION,
        "vat/VATCodes",
        {"Code": "OBE6", "Description": "OSS BE 6%", "Percentage": 0.06, "Type": "E"},
    )
    settings = {
        **MAGENTO_SETTINGS,
        "rounding": {"item": "AFRONDING"},
        "refunds": {"amount_item": "RETOUR", "amount_gl_account": "8100"},
    }
    assert client.put("/api/v1/shop/settings", settings).status_code == 200
    codes = {"NL-21": "21", "BE-21": "OBE", "BE-6": "OBE6"}
    expected: dict[str, tuple[Decimal, dict[str, Decimal]]] = {}
    for fixture in ("order-nl-configurable.json", "order-be-bundle-guest-oss.json"):
        order = json.loads((MAGENTO_FIXTURES / fixture).read_text())
        event = magento_event(order)
        assert client.post("/api/v1/events", event).status_code == 202
        applied = order["extension_attributes"]["applied_taxes"]
        vat = {codes[t["code"]]: D(str(t["amount"])) for t in applied}
        expected[order["increment_id"]] = (D(str(order["grand_total"])), vat)
    run_jobs(exact_runtime)
    # a credit memo of order 1234: a T-shirt and the shipping back, a fee kept
    order = json.loads((MAGENTO_FIXTURES / "order-nl-configurable.json").read_text())
    memos = json.loads(
        (MAGENTO_FIXTURES / "creditmemos-order-1234-tshirt-shipping-fee.json").read_text()
    )
    refunded = {**magento_event({**order, "creditmemos": memos["items"]}), "type": "order.refunded"}
    refunded["id"] = "order:1234:creditmemo:77"
    assert client.post("/api/v1/events", refunded).status_code == 202
    [memo] = memos["items"]
    expected[f"{order['increment_id']}-R{memo['entity_id']}"] = (
        -D(str(memo["grand_total"])),
        {"21": -D(str(memo["tax_amount"]))},
    )
    run_jobs(exact_runtime)
    assert _problems(exact_runtime) == []
    for number, (grand_total, vat) in expected.items():
        assert _document(exact, "sales_invoice", number) == (grand_total, vat), number


def _order_link(runtime, order_id: int):  # noqa: ANN202
    with runtime.db.session() as session:
        link = session.scalars(
            select(Link).where(Link.kind == "order", Link.shop_key == str(order_id))
        ).one()
        session.expunge(link)
        return link


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.exact_emulator(vat_arithmetic="document")
def test_a_document_found_after_a_lost_answer_is_checked_and_corrected(
    shop_ready, exact_runtime, exact
) -> None:
    """The create's answer is lost; the retry finds the document by its reference and binds
    it. Its total (Exact's per-document VAT, a cent off) is compared and corrected all the
    same, as a document created in the same call would be."""
    _setup(shop_ready, exact, "sales_invoice")
    order = woo_fixture(WOO_ORDERS[4])  # order 34: per document, Exact says a cent less
    exact.inject_fault(
        "drop_after_commit", "/api/v1/*/salesinvoice/SalesInvoices", method="POST", count=1
    )
    assert shop_ready.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(exact_runtime)  # stored in Exact, the answer lost: a retry waits
    assert _order_link(exact_runtime, order["id"]).state == "attempting"
    process_entity(_order_link(exact_runtime, order["id"]).shop_id, "order", str(order["id"]))
    link = _order_link(exact_runtime, order["id"])
    assert link.state == "posted" and link.content_hash
    total, vat = _document(exact, "sales_invoice", order["number"])
    assert (total, vat) == (D(order["total"]), _shop_vat(order))
    assert _learnt(exact_runtime) == 1
    assert _problems(exact_runtime) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.exact_emulator(vat_arithmetic="document")
def test_a_failing_totals_check_still_finishes_the_order(
    shop_ready, exact_runtime, exact, monkeypatch
) -> None:
    """A fault inside the check after the document is bound (here: Redis refusing to store
    what was learnt) is said as a warning; the order is still remembered as booked and its
    status pushed back, so a later resend is not taken for a change."""
    from sidecar.sync.documents import arithmetic
    from sidecar.sync.orders import flow

    def broken(*_args: object) -> None:
        raise ConnectionError("redis went away")

    pushed: list[str] = []
    enqueue = flow.pushback.enqueue

    def spy(rt, shop_id: str, entity_id: str) -> None:  # noqa: ANN001
        pushed.append(entity_id)
        enqueue(rt, shop_id, entity_id)

    monkeypatch.setattr(arithmetic, "remember", broken)
    monkeypatch.setattr(flow.pushback, "enqueue", spy)
    _setup(shop_ready, exact, "sales_invoice")
    order = woo_fixture(WOO_ORDERS[4])
    assert shop_ready.post("/api/v1/events", order_event(order, "e1")).status_code == 202
    run_jobs(exact_runtime)
    link = _order_link(exact_runtime, order["id"])
    assert link.state == "posted" and link.content_hash
    [problem] = _problems(exact_runtime)
    assert "could not be compared with the shop's 38.96" in problem
    assert "redis went away" in problem
    assert pushed == [str(order["id"])], "the status pushback was queued"
    resend = {**order, "status": "completed"}
    assert shop_ready.post("/api/v1/events", order_event(resend, "e2")).status_code == 202
    run_jobs(exact_runtime)
    assert not any("changed in the shop" in p for p in _problems(exact_runtime))
