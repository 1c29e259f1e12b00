"""Magento order JSON -> Order: configurables, bundles, hidden discount VAT, rates, refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from sidecar.errors import PermanentError
from sidecar.shops.magento import normalize_order
from sidecar.shops.records import PRODUCT, SHIPPING, Line, Order
from tests.support.shop_fixtures import D, load, names

MAGE = "magento"
CONFIGURABLE = "order-nl-configurable"
BUNDLE = "order-be-bundle-guest-oss"


def mage(name: str, change: Callable[[dict[str, Any]], None] | None = None, **kw: Any) -> Order:
    data = load(MAGE, name)
    if change is not None:
        change(data)
    return normalize_order(data, **kw)


def figures(line: Line) -> tuple[object, ...]:
    """kind, name, sku, quantity, unit excl, subtotal, discount, total, tax, rate key, percent."""
    return (
        line.kind,
        line.name,
        line.sku,
        line.quantity,
        line.unit_price_excl,
        line.subtotal_excl,
        line.discount_excl,
        line.total_excl,
        line.total_tax,
        line.tax_rate_key,
        line.tax_percent,
    )


@pytest.mark.parametrize("name", names(MAGE))
def test_every_fixture_reproduces_its_own_totals(name: str) -> None:
    data = load(MAGE, name)
    order = normalize_order(data)
    assert order.total_incl == order.total == D(str(data["grand_total"]))
    assert order.lines_tax == D(str(data["tax_amount"]))
    assert sum(line.subtotal_excl for line in order.product_lines) == D(str(data["subtotal"]))


def test_configurable_parent_carries_the_price_and_discount_hides_vat() -> None:
    order = mage(CONFIGURABLE)
    assert [figures(line) for line in order.lines] == [
        (
            PRODUCT,
            "T-shirt zwart M",
            "TSHIRT-BLK-M",
            2,
            D("20"),
            D("40"),
            D("4.00"),
            D("36.00"),
            D("7.56"),
            "NL-21",
            21,
        ),
        (
            PRODUCT,
            "Hoodie",
            "HOODIE-GRY-L",
            1,
            D("50"),
            D("50"),
            D("5.00"),
            D("45.00"),
            D("9.45"),
            "NL-21",
            21,
        ),
        (
            SHIPPING,
            "PostNL - Standaard",
            None,
            1,
            D("5.74"),
            D("5.74"),
            D("0"),
            D("5.74"),
            D("1.21"),
            "NL-21",
            21,
        ),
    ]
    shirt, hoodie, _ = order.lines
    assert (shirt.subtotal_incl, shirt.total_incl, shirt.discount_incl) == (
        D("48.40"),
        D("43.56"),
        D("4.84"),
    )
    assert shirt.discount_tax == D("0.84")
    assert (hoodie.shop_line_id, hoodie.product_id, hoodie.variant_id) == ("502", "20", "23")
    assert (order.total, order.total_tax, order.total_excl) == (D("104.96"), D("18.22"), D("86.74"))
    assert (order.discount_total, order.discount_tax) == (D("9.00"), D("1.89"))
    assert (order.shipping_total, order.shipping_tax) == (D("5.74"), D("1.21"))
    (rate,) = order.tax_rates
    assert (rate.key, rate.code, rate.label, rate.percent, rate.country) == (
        "NL-21",
        "NL-21",
        "BTW 21%",
        21,
        "NL",
    )
    assert (rate.amount, rate.applies_to_shipping) == (D("18.22"), True)
    assert (order.shop_order_id, order.number, order.status) == ("1234", "000001234", "processing")
    assert order.created_at == datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC)
    assert (order.currency, order.prices_include_tax) == ("EUR", True)
    assert (order.payment_method, order.payment_method_title) == (
        "banktransfer",
        "Bank Transfer Payment",
    )
    assert (order.shipping_method, order.shipping_rate_id) == ("tablerate", "tablerate_bestway")
    assert order.shipping_method_title == "PostNL - Standaard"
    assert order.coupons == ("WELKOM10",)
    assert order.meta["state"] == "processing"


def test_configurable_customer_is_b2b_with_the_billing_vat_id() -> None:
    order = mage(CONFIGURABLE)
    customer = order.customer
    assert (customer.email, customer.company, customer.vat_number) == (
        "j.jansen@example.nl",
        "Jansen BV",
        "NL001234567B01",
    )
    assert (customer.shop_customer_id, customer.is_guest) == ("56", False)
    assert (customer.meta["customer_group_id"], customer.meta["vat_id"]) == ("1", "NL001234567B01")
    assert order.is_b2b
    assert (order.billing.line1, order.billing.line2, order.billing.phone) == (
        "Keizersgracht 123 A",
        "",
        "0201234567",
    )
    assert order.shipping is not None and order.shipping.postcode == "1015 CJ"


def test_dynamic_bundle_children_carry_the_prices_and_their_own_rates() -> None:
    order = mage(BUNDLE)
    assert [figures(line) for line in order.lines] == [
        (
            PRODUCT,
            "Koffiemok",
            "MUG-001",
            2,
            D("10"),
            D("20"),
            D("0"),
            D("20"),
            D("4.2"),
            "BE-21",
            21,
        ),
        (
            PRODUCT,
            "Koffiebonen 1kg",
            "BEAN-1KG",
            1,
            D("20.57"),
            D("20.57"),
            D("0"),
            D("20.57"),
            D("1.23"),
            "BE-6",
            6,
        ),
        (
            PRODUCT,
            "Theedoek",
            "TOWEL-2495",
            1,
            D("20.62"),
            D("20.62"),
            D("0"),
            D("20.62"),
            D("4.33"),
            "BE-21",
            21,
        ),
        (
            SHIPPING,
            "Flat Rate - Fixed",
            None,
            1,
            D("5.74"),
            D("5.74"),
            D("0"),
            D("5.74"),
            D("1.21"),
            "BE-21",
            21,
        ),
    ]
    assert [line.shop_line_id for line in order.product_lines] == ["602", "603", "604"]
    assert [
        (r.key, r.country, r.percent, r.amount, r.applies_to_shipping) for r in order.tax_rates
    ] == [
        ("BE-21", "BE", 21, D("9.74"), True),
        ("BE-6", "BE", 6, D("1.23"), False),
    ]
    assert (order.total, order.total_tax) == (D("77.90"), D("10.97"))
    assert order.destination_country == "BE"
    assert order.shipping_method == "flatrate"


def test_guest_customer_from_the_order() -> None:
    order = mage(BUNDLE)
    customer = order.customer
    assert (customer.email, customer.is_guest, customer.shop_customer_id) == (
        "sophie.peeters@example.be",
        True,
        None,
    )
    assert (customer.first_name, customer.last_name, customer.vat_number) == (
        "Sophie",
        "Peeters",
        None,
    )
    assert (order.billing.line1, order.billing.line2, order.billing.city) == (
        "Meir 50",
        "bus 3",
        "Antwerpen",
    )
    assert order.payment_method_title == "Check / Money order"


def test_rates_by_percentage_without_item_applied_taxes() -> None:
    def plain(data: dict[str, Any]) -> None:
        del data["extension_attributes"]["item_applied_taxes"]

    order = mage(BUNDLE, plain)
    assert [line.tax_rate_key for line in order.lines] == ["BE-21", "BE-6", "BE-21", "BE-21"]
    assert order.rate("BE-21").applies_to_shipping


def test_rates_keyed_on_country_and_percent_without_applied_taxes() -> None:
    def bare(data: dict[str, Any]) -> None:
        del data["extension_attributes"]["item_applied_taxes"]
        del data["extension_attributes"]["applied_taxes"]

    order = mage(BUNDLE, bare)
    assert [line.tax_rate_key for line in order.lines] == ["BE:21", "BE:6", "BE:21", "BE:21"]
    assert [(r.key, r.percent, r.amount, r.label) for r in order.tax_rates] == [
        ("BE:21", D("21"), None, "21%"),
        ("BE:6", D("6"), None, "6%"),
    ]
    assert order.total == D("77.90")


def _untaxed(data: dict[str, Any]) -> None:
    """The bundle order without VAT: reverse charge or export."""
    for item in data["items"]:
        item.update(tax_amount=0, base_tax_amount=0, tax_percent=0)
        item.update(price_incl_tax=item["price"], row_total_incl_tax=item["row_total"])
    total = data["extension_attributes"]["shipping_assignments"][0]["shipping"]["total"]
    total.update(shipping_tax_amount=0, shipping_incl_tax=5.74)
    data["extension_attributes"].update(applied_taxes=[], item_applied_taxes=[])
    data.update(shipping_tax_amount=0, shipping_incl_tax=5.74, tax_amount=0, grand_total=66.93)


def test_b2b_reverse_charge_with_a_vat_number() -> None:
    def reverse_charge(data: dict[str, Any]) -> None:
        _untaxed(data)
        data["billing_address"].update(company="Koffiebar Antwerpen BV", vat_id="BE 0123.456.789")

    order = mage(BUNDLE, reverse_charge)
    assert order.customer.vat_number == "BE0123456789" and order.is_b2b
    assert order.is_untaxed and order.tax_rates == ()
    assert all(line.tax_rate_key is None and line.tax_percent == 0 for line in order.lines)
    assert (order.total, order.total_excl) == (D("66.93"), D("66.93"))


def test_export_outside_the_eu() -> None:
    def export(data: dict[str, Any]) -> None:
        _untaxed(data)
        address = data["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
        for place in (data["billing_address"], address):
            place.update(
                country_id="NO", city="Oslo", postcode="0150", street=["Karl Johans gate 1"]
            )

    order = mage(BUNDLE, export)
    assert order.destination_country == "NO" and order.is_untaxed and not order.is_b2b
    assert order.total == D("66.93")


def test_prices_include_tax_can_be_told() -> None:
    assert mage(CONFIGURABLE, prices_include_tax=False).prices_include_tax is False


def test_credit_memo_gives_back_a_line_and_shipping_minus_a_fee() -> None:
    memos = load(MAGE, "creditmemos-order-1234-tshirt-shipping-fee")["items"]
    (refund,) = mage(CONFIGURABLE, creditmemos=memos).refunds
    assert (refund.shop_refund_id, refund.amount, refund.adjustment) == (
        "77",
        D("26.73"),
        D("-2.00"),
    )
    assert refund.reason == "Retour T-shirt (maat te klein), verzendkosten terug"
    assert refund.created_at == datetime(2026, 11, 25, 10, 2, 11, tzinfo=UTC)
    (shirt,) = refund.lines  # the hoodie rows (quantity 0) are not refunded
    assert figures(shirt) == (
        PRODUCT,
        "T-shirt zwart M",
        "TSHIRT-BLK-M",
        1,
        D("20"),
        D("20"),
        D("2.00"),
        D("18.00"),
        D("3.78"),
        "NL-21",
        21,
    )
    assert (shirt.shop_line_id, shirt.original_line_id) == ("901", "501")
    (shipping,) = refund.shipping
    assert (shipping.total_excl, shipping.total_tax, shipping.tax_rate_key) == (
        D("5.74"),
        D("1.21"),
        "NL-21",
    )
    assert (refund.total_excl, refund.total_tax) == (D("23.74"), D("4.99"))


def test_credit_memos_may_come_inside_the_order() -> None:
    def attach(data: dict[str, Any]) -> None:
        data["creditmemos"] = load(MAGE, "creditmemos-order-1234-tshirt-shipping-fee")["items"]

    assert mage(CONFIGURABLE, attach).refunded_total == D("26.73")
    assert mage(CONFIGURABLE).refunds == ()


def test_credit_memo_that_does_not_add_up_is_refused() -> None:
    memos = load(MAGE, "creditmemos-order-1234-tshirt-shipping-fee")["items"]
    memos[0]["grand_total"] = 27.73
    with pytest.raises(PermanentError) as info:
        mage(CONFIGURABLE, creditmemos=memos)
    assert str(info.value) == (
        "Magento order 1234: credit memo 000000077 does not add up: "
        "total: expected 27.73, found 26.73 (difference -1.00)."
    )
    assert "Sales > Credit Memos" in info.value.resolution


def test_credit_memo_of_another_order_is_refused() -> None:
    memos = load(MAGE, "creditmemos-order-1234-tshirt-shipping-fee")["items"]
    memos[0]["order_id"] = 999
    with pytest.raises(
        PermanentError, match=r"field creditmemos\[0\]\.order_id is 999, not this order \(1234\)"
    ):
        mage(CONFIGURABLE, creditmemos=memos)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("grand_total", 106.96, "total: expected 106.96, found 104.96 (difference -2.00)"),
        ("tax_amount", 16.20, "total tax: expected 16.20, found 18.22 (difference 2.02)"),
        ("subtotal", 91.00, "subtotal: expected 91.00, found 90.00 (difference -1.00)"),
        ("discount_amount", -10.00, "discount: expected 10.00, found 10.89 (difference 0.89)"),
        ("shipping_amount", 6.74, "shipping: expected 6.74, found 5.74 (difference -1.00)"),
    ],
)
def test_tampered_order_totals_are_refused_with_the_numbers(
    field: str, value: float, expected: str
) -> None:
    def tamper(data: dict[str, Any]) -> None:
        data[field] = value

    with pytest.raises(PermanentError) as info:
        mage(CONFIGURABLE, tamper)
    assert str(info.value).startswith("Magento order 000001234 does not add up: ")
    assert expected in str(info.value)
    assert "Open order 000001234 in Magento" in info.value.resolution


def test_tampered_applied_tax_is_refused_per_rate() -> None:
    def tamper(data: dict[str, Any]) -> None:
        data["extension_attributes"]["applied_taxes"][1]["amount"] = 2.30

    with pytest.raises(PermanentError) as info:
        mage(BUNDLE, tamper)
    assert "tax at rate BE-6 (BTW 6% BE 6%): expected 2.30, found 1.23 (difference -1.07)" in str(
        info.value
    )


def test_shipping_tax_that_fits_no_rate_is_refused() -> None:
    def odd(data: dict[str, Any]) -> None:
        del data["extension_attributes"]["item_applied_taxes"]
        data["extension_attributes"]["shipping_assignments"][0]["shipping"]["total"][
            "shipping_tax_amount"
        ] = 0.50

    with pytest.raises(PermanentError) as info:
        mage(BUNDLE, odd)
    assert (
        "shipping.total.shipping_tax_amount (0.50 on 5.74) fits 0 of the order's VAT rates"
        in str(info.value)
    )


def _edit(
    path: tuple[str | int, ...], value: object = None, *, drop: bool = False
) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        if drop:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_edit(("grand_total",), drop=True), "field grand_total is missing"),
        (
            _edit(("entity_id",), drop=True),
            "Magento order (without entity_id): field entity_id is missing",
        ),
        (
            _edit(("items", 0, "row_total"), "veertig"),
            "field items[0].row_total is not a number: 'veertig'",
        ),
        (
            _edit(("items", 1, "tax_percent"), drop=True),
            "field items[1].tax_percent is missing for a tax of 9.45",
        ),
        (_edit(("billing_address",), drop=True), "field billing_address is missing"),
        (
            _edit(("billing_address", "street"), {"0": "x"}),
            "field billing_address.street is not a list of lines",
        ),
        (_edit(("created_at",), "20-11-2026"), "field created_at is not a date-time: '20-11-2026'"),
        (_edit(("payment",), drop=True), "field payment is missing"),
        (_edit(("payment", "method"), ""), "field payment.method is missing"),
        (_edit(("items",), "none"), "field items is not a list"),
        (_edit(("order_currency_code",), drop=True), "field order_currency_code is missing"),
    ],
)
def test_malformed_orders_are_refused_naming_the_field(
    change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    with pytest.raises(PermanentError) as info:
        mage(CONFIGURABLE, change)
    assert expected in str(info.value)
    assert "Sales > Orders" in info.value.resolution


def test_stacked_rates_on_one_item_are_refused() -> None:
    def stacked(data: dict[str, Any]) -> None:
        extra = {"code": "BE-6", "title": "BTW 6% BE", "percent": 6, "amount": 0}
        data["extension_attributes"]["item_applied_taxes"][0]["applied_taxes"].append(extra)

    with pytest.raises(
        PermanentError, match=r"field items\[1\]\.tax_percent comes from 2 stacked rates"
    ):
        mage(BUNDLE, stacked)


def test_virtual_order_has_no_shipping_line_or_address() -> None:
    def virtual(data: dict[str, Any]) -> None:
        del data["extension_attributes"]["shipping_assignments"]
        del data["shipping_description"]
        data.update(shipping_amount=0, shipping_incl_tax=0, shipping_tax_amount=0)
        data.update(grand_total=98.01, tax_amount=17.01)
        data["extension_attributes"]["applied_taxes"][0]["amount"] = 17.01

    order = mage(CONFIGURABLE, virtual)
    assert order.shipping is None and order.shipping_lines == ()
    assert (order.shipping_method, order.shipping_total, order.shipping_tax) == ("", D("0"), D("0"))
    assert order.destination_country == "NL"
    assert (order.total, order.total_incl) == (D("98.01"), D("98.01"))
    assert order.rate("NL-21").applies_to_shipping is False


def test_vat_number_from_configured_meta_then_customer_taxvat() -> None:
    def elsewhere(data: dict[str, Any]) -> None:
        del data["billing_address"]["vat_id"]
        data["extension_attributes"].update(kvk_number="30123456", vat_number="nl 0012.34567.B01")
        data["customer_taxvat"] = "NL999999999B99"

    order = mage(CONFIGURABLE, elsewhere, vat_number_keys=["_billing_vat_number", "vat_number"])
    assert order.customer.vat_number == "NL001234567B01"
    assert order.meta["kvk_number"] == "30123456"
    assert mage(CONFIGURABLE, elsewhere).customer.vat_number == "NL999999999B99"
    assert mage(CONFIGURABLE, elsewhere).customer.meta["customer_taxvat"] == "NL999999999B99"
