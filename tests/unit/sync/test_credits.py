"""credits.build_refund / build_cancellation: signs, totals to the cent, references."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from sidecar.mapping.resolvers import MissingMapping
from sidecar.shops.records import Refund
from sidecar.shops.woocommerce import normalize_order
from sidecar.sync.documents.credit import build_cancellation, build_refund
from tests.support.reference import exact_vat_by_code, resolver, settings
from tests.support.shop_fixtures import load

D = Decimal
INVOICE = {"type": "sales_invoice", "journal": "70"}
REFUNDS = {"amount_item": "RETOUR", "amount_gl_account": "8095"}


def _order_12():  # noqa: ANN202
    return normalize_order(load("woocommerce", "order-12-nl-partial-refund-line-and-shipping"))


def _rows(built, lines: str = "SalesInvoiceLines", vat: str = "VATAmountFC") -> list[tuple]:
    return [
        (r.get("Item") or r["GLAccount"], r["Quantity"], D(str(r["AmountFC"])), D(str(r[vat])))
        for r in built.record[lines]
    ]


def test_refund_credit_note_reverses_line_and_shipping() -> None:
    typed = settings(document=INVOICE, refunds=REFUNDS)
    res, items = resolver(typed)
    order = _order_12()
    (refund,) = order.refunds
    built = build_refund(
        "sales_invoice", order, refund, res, "acc", items, typed, "sales invoice 7"
    )
    assert _rows(built) == [
        ("item-TOWEL-2495", -1, D("-20.63"), D("-4.33")),
        ("item-SHIPPING", -1, D("-4.49"), D("-0.94")),
    ]
    # a cent of net moved so that Exact's per-line VAT is the refund's 4.33 + 0.94
    assert exact_vat_by_code(built.record["SalesInvoiceLines"], "VATAmountFC") == {"21": D("-5.27")}
    assert [r["NetPrice"] for r in built.record["SalesInvoiceLines"]] == [20.63, 4.49]
    assert built.record["Type"] == 8021 and built.record["YourRef"] == "73-R74"
    assert "sales invoice 7" in built.record["Remarks"] and built.total == D("-30.39")
    assert sum(a + v for *_, a, v in _rows(built)) == D("-30.39")


def test_direct_credit_note_keeps_the_warehouse_and_entry_is_negative() -> None:
    typed = settings(document={**INVOICE, "type": "direct_invoice", "warehouse": "1"})
    res, items = resolver(typed)
    order = _order_12()
    built = build_refund("direct_invoice", order, order.refunds[0], res, "a", items, typed, "x")
    assert built.record["Type"] == 8024 and built.record["Warehouse"] == "wh-1"
    typed = settings(document={"type": "sales_entry", "journal": "70"})
    res, items = resolver(typed)
    built = build_refund("sales_entry", order, order.refunds[0], res, "a", items, typed, "x")
    rows = _rows(built, "SalesEntryLines")
    assert [r[0] for r in rows] == ["gl-8000", "gl-8000"] and "Remarks" not in built.record
    assert sum(a + v for *_, a, v in rows) == D("-30.39")


def _amount_only(order, amount: str) -> Refund:
    return Refund(
        "90", D(amount), "goodwill", (), (), datetime(2026, 11, 22, tzinfo=UTC), D(amount)
    )


@pytest.mark.parametrize(
    ("kind", "document", "target"),
    [
        # a sales order is credited with a sales credit note, in the document journal
        ("sales_order", {"type": "sales_order", "journal": "70"}, "item-RETOUR"),
        ("sales_entry", {"type": "sales_entry", "journal": "70"}, "gl-8095"),
    ],
)
def test_amount_only_refund_is_one_untaxed_line_on_the_configured_target(
    kind, document, target
) -> None:
    typed = settings(document=document, refunds=REFUNDS)
    res, items = resolver(typed)
    order = _order_12()
    built = build_refund(kind, order, _amount_only(order, "12.34"), res, "a", items, typed, "x")
    vat = "VATAmountFC"
    lines = "SalesInvoiceLines" if kind == "sales_order" else "SalesEntryLines"
    if kind == "sales_order":
        assert built.record["Type"] == 8021 and built.record["Journal"] == "70"
    assert _rows(built, lines, vat) == [(target, -1, D("-12.34"), D("0"))]
    assert built.record[lines][0]["VATCode"] == "0"
    assert built.record["EntryDate" if kind == "sales_entry" else "OrderDate"].startswith(
        "2026-11-22"
    )


@pytest.mark.parametrize(
    ("kind", "document", "setting"),
    [
        ("sales_invoice", INVOICE, "refunds.amount_item"),
        ("sales_entry", {"type": "sales_entry", "journal": "70"}, "refunds.amount_gl_account"),
    ],
)
def test_amount_only_refund_without_its_target_names_the_setting(kind, document, setting) -> None:
    typed = settings(document=document)
    res, items = resolver(typed)
    order = _order_12()
    with pytest.raises(MissingMapping) as caught:
        build_refund(kind, order, _amount_only(order, "5"), res, "a", items, typed, "x")
    assert caught.value.setting == setting


def test_money_back_without_goods_back_uses_the_amount_item() -> None:
    """A refund line with quantity 0 must not return stock on a direct credit note."""
    typed = settings(
        document={**INVOICE, "type": "direct_invoice", "warehouse": "1"}, refunds=REFUNDS
    )
    res, items = resolver(typed)
    order = _order_12()
    (refund,) = order.refunds
    towel = refund.lines[0]
    no_goods = replace(refund, lines=(replace(towel, quantity=D(0)),))
    built = build_refund("direct_invoice", order, no_goods, res, "a", items, typed, "x")
    assert _rows(built)[0] == ("item-RETOUR", -1, D("-20.63"), D("-4.33"))
    assert sum(a + v for *_, a, v in _rows(built)) == D("-30.39")


def test_separate_discount_mode_applies_to_credit_notes_too() -> None:
    typed = settings(
        document=INVOICE,
        discounts={"mode": "separate_line", "item": "KORTING"},
    )
    res, items = resolver(typed)
    order = normalize_order(load("woocommerce", "order-01-nl-mixed-vat-flatrate-percent-coupon"))
    built = build_cancellation(
        "sales_invoice", order, res, "a", items, typed, "x", datetime.now(UTC)
    )
    rows = _rows(built)
    assert ("item-KORTING", -1, D("1.99"), D("0.42")) in rows
    assert ("item-MUG-001", -2, D("-20.00"), D("-4.20")) in rows
    assert sum(a + v for *_, a, v in rows) == D("-47.47") == built.total
    assert built.record["YourRef"].endswith("-C") and built.record["Type"] == 8021
