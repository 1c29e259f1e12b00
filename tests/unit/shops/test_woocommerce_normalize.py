"""WooCommerce order JSON -> Order: every fixture to the cent, realistic variants, refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from sidecar.errors import PermanentError
from sidecar.shops.records import FEE, PRODUCT, SHIPPING, Line, Order
from sidecar.shops.woocommerce import normalize_order
from tests.support.shop_fixtures import D, load, names

WOO = "woocommerce"


def woo(name: str, change: Callable[[dict[str, Any]], None] | None = None, **kw: Any) -> Order:
    data = load(WOO, name)
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


@pytest.mark.parametrize("name", names(WOO))
def test_every_fixture_reproduces_its_own_totals(name: str) -> None:
    order = woo(name)
    data = load(WOO, name)
    assert order.total == D(data["total"])
    for rate in order.tax_rates:  # VAT per rate is always the order's tax lines
        assert order.tax_by_rate().get(rate.key, D("0")) == rate.amount
    if name == "order-34-round-tax-at-subtotal":  # tax rounded at subtotal level: 6.76 vs 6.77
        assert order.lines_tax == D("6.77") and D(data["total_tax"]) == D("6.76")
        assert any("total tax: expected 6.76, found 6.77" in note for note in order.notes)
        return
    assert order.total_incl == D(data["total"])
    assert order.lines_tax == D(data["total_tax"])
    for rate in order.tax_rates:
        assert order.tax_by_rate().get(rate.key, D("0")) == rate.amount


def test_two_rates_coupon_fee_and_refund_summary() -> None:
    order = woo("order-nl-two-rates-coupon-fee-refund")
    assert [figures(line) for line in order.lines] == [
        (
            PRODUCT,
            "Koffiemok",
            "MUG-001",
            2,
            D("10.00"),
            D("20.00"),
            D("2.00"),
            D("18.00"),
            D("3.78"),
            "1",
            21,
        ),
        (
            PRODUCT,
            "Koffiebonen 1kg",
            "BEAN-1KG",
            1,
            D("20.64"),
            D("20.64"),
            D("2.06"),
            D("18.58"),
            D("1.67"),
            "2",
            9,
        ),
        (
            FEE,
            "Verpakkingskosten",
            None,
            1,
            D("1.00"),
            D("1.00"),
            D("0"),
            D("1.00"),
            D("0.21"),
            "1",
            21,
        ),
        (
            SHIPPING,
            "Verzending",
            None,
            1,
            D("4.95"),
            D("4.95"),
            D("0"),
            D("4.95"),
            D("1.04"),
            "1",
            21,
        ),
    ]
    mug = order.lines[0]
    assert (mug.subtotal_incl, mug.total_incl, mug.unit_price_incl) == (
        D("24.20"),
        D("21.78"),
        D("12.10"),
    )
    assert (mug.shop_line_id, mug.product_id, mug.variant_id) == ("8", "10", None)
    assert (order.total, order.total_tax, order.total_excl) == (D("49.23"), D("6.70"), D("42.53"))
    assert (order.discount_total, order.discount_tax) == (D("4.06"), D("0.61"))
    assert sum(line.discount_excl for line in order.product_lines) == order.discount_total
    assert (order.shipping_total, order.shipping_tax) == (D("4.95"), D("1.04"))
    high, low = order.tax_rates
    assert (high.key, high.country, high.percent, high.label, high.code) == (
        "1",
        "NL",
        21,
        "BTW hoog",
        "NL-BTW HOOG-1",
    )
    assert (high.amount, high.applies_to_shipping) == (D("5.03"), True)
    assert (low.key, low.percent, low.amount, low.applies_to_shipping) == ("2", 9, D("1.67"), False)
    assert order.coupons == ("welkom10",)
    assert (order.shop_order_id, order.number, order.status) == ("15", "15", "completed")
    assert order.created_at == datetime(2026, 11, 21, 14, 44, 6, tzinfo=UTC)
    assert (order.currency, order.prices_include_tax) == ("EUR", True)
    assert (order.payment_method, order.payment_method_title) == (
        "bacs",
        "Directe bankoverschrijving",
    )
    assert (order.shipping_method, order.shipping_rate_id) == ("flat_rate", "flat_rate")
    assert order.customer.company == "Jansen BV" and not order.is_b2b
    assert order.customer.shop_customer_id == "2" and not order.customer.is_guest
    assert order.customer.meta == {"_exact_sync_state": "pending"}
    assert order.meta["created_via"] == "rest-api"
    assert order.shipping is not None and order.shipping.line1 == "Damrak 1"
    (refund,) = order.refunds
    assert (refund.shop_refund_id, refund.amount, refund.reason) == ("16", D("10.00"), "retour")
    assert refund.is_amount_only and refund.adjustment == D("10.00") and refund.created_at is None


def test_shipping_tax_half_cent_comes_from_the_tax_lines() -> None:
    order = woo("order-01-nl-mixed-vat-flatrate-percent-coupon")
    (shipping,) = order.shipping_lines
    # taxes[].total says 0.95 (4.50 x 21 % = 0.945); the order rounded it to 0.94.
    assert (shipping.total_excl, shipping.total_tax, shipping.tax_rate_key) == (
        D("4.50"),
        D("0.94"),
        "1",
    )
    assert (order.total, order.total_tax) == (D("47.47"), D("6.39"))
    assert order.rate("1").amount == D("4.72")
    assert (order.shipping_method, order.shipping_rate_id) == ("flat_rate", "flat_rate:1")
    assert order.payment_method == "mollie_wc_gateway_ideal"
    assert order.meta["transaction_id"] == "tr_WDqYK6vllg"
    assert order.notes == ()


def test_shipping_line_recomputed_on_read_is_overruled_with_a_note() -> None:
    def recomputed(data: dict[str, Any]) -> None:
        data["shipping_lines"][0]["total_tax"] = "0.95"

    order = woo("order-01-nl-mixed-vat-flatrate-percent-coupon", recomputed)
    assert order.shipping_lines[0].total_tax == D("0.94")
    assert order.notes == (
        "Shipping tax at rate 1 taken from the order's tax lines (0.94) instead of the "
        "shipping line (0.95).",
    )


def test_shipping_tax_more_than_a_cent_off_is_refused() -> None:
    def off(data: dict[str, Any]) -> None:
        data["shipping_lines"][0]["total_tax"] = "1.10"

    with pytest.raises(PermanentError) as info:
        woo("order-01-nl-mixed-vat-flatrate-percent-coupon", off)
    assert (
        "field shipping_lines[0].total_tax is 1.10 at rate 1 but the order's tax_lines give 0.94"
        in str(info.value)
    )
    assert "(difference 0.16)" in str(info.value)


def test_b2b_reverse_charge_has_no_tax_at_all() -> None:
    order = woo("order-06-de-b2b-reverse-charge")
    assert order.tax_rates == ()
    assert [figures(line) for line in order.lines] == [
        (
            PRODUCT,
            "Koffiemok",
            "MUG-001",
            10,
            D("10.00"),
            D("100.00"),
            D("0"),
            D("100.00"),
            D("0"),
            None,
            0,
        ),
        (
            PRODUCT,
            "Koffiebonen 1kg",
            "BEAN-1KG",
            5,
            D("20.642"),
            D("103.21"),
            D("0"),
            D("103.21"),
            D("0"),
            None,
            0,
        ),
        (SHIPPING, "Versand DE", None, 1, D("6.95"), D("6.95"), D("0"), D("6.95"), D("0"), None, 0),
    ]
    assert order.total == D("210.16") and order.is_untaxed
    assert order.customer.vat_number == "DE123456789"
    assert order.customer.company == "Kaffeehaus Schmidt GmbH"
    assert order.is_b2b and order.destination_country == "DE"
    assert order.customer.meta["is_vat_exempt"] == "yes"


def test_vat_number_meta_keys_are_configurable_and_cleaned() -> None:
    def own_key(data: dict[str, Any]) -> None:
        data["meta_data"] = [{"id": 1, "key": "_my_vat", "value": " de 123.456-789 "}]

    assert woo("order-06-de-b2b-reverse-charge", own_key).customer.vat_number is None
    order = woo("order-06-de-b2b-reverse-charge", own_key, vat_number_keys=("_other", "_my_vat"))
    assert order.customer.vat_number == "DE123456789"
    assert order.customer.meta["_my_vat"] == " de 123.456-789 "


def test_export_outside_the_eu() -> None:
    def to_switzerland(data: dict[str, Any]) -> None:
        for kind in ("billing", "shipping"):
            data[kind].update(country="CH", city="Zuerich", postcode="8001")
        data["meta_data"] = []

    order = woo("order-06-de-b2b-reverse-charge", to_switzerland)
    assert order.destination_country == "CH"
    assert order.is_untaxed and not order.is_b2b and order.customer.vat_number is None
    assert order.total == D("210.16")


def test_partial_refund_order_lines() -> None:
    order = woo("order-12-nl-partial-refund-line-and-shipping")
    assert [
        (line.name, line.total_excl, line.total_tax, line.tax_rate_key) for line in order.lines
    ] == [
        ("Koffiemok", D("20.00"), D("4.20"), "1"),
        ("Theedoek", D("20.62"), D("4.33"), "1"),
        ("Koffiebonen 1kg", D("20.64"), D("1.86"), "2"),
        ("Verzendkosten NL", D("4.50"), D("0.94"), "1"),
    ]
    assert order.total == D("77.09") and order.refunded_total == D("30.39")


def test_oss_france_guest_with_a_negative_fee_over_two_rates() -> None:
    order = woo("order-30-fr-oss-guest-negative-fee")
    assert order.customer.is_guest and order.customer.shop_customer_id is None
    assert order.customer.email == "marie.dupont@example.fr"
    assert order.destination_country == "FR"
    assert [(r.key, r.country, r.percent, r.amount) for r in order.tax_rates] == [
        ("7", "FR", D("20"), D("5.50")),
        ("8", "FR", D("5.5"), D("1.00")),
    ]
    # The fee's net is split over its two VAT rates; the parts add up to the fee exactly.
    assert [
        (line.total_excl, line.total_tax, line.tax_rate_key, line.tax_percent)
        for line in order.fee_lines
    ] == [
        (D("-2.45"), D("-0.49"), "7", D("20")),
        (D("-2.55"), D("-0.14"), "8", D("5.5")),
    ]
    assert sum(line.total_excl for line in order.fee_lines) == D("-5.00")
    assert order.shipping_lines[0].total_tax == D("1.99")
    assert (order.total, order.total_tax, order.total_excl) == (D("52.09"), D("6.50"), D("45.59"))


def test_prices_excluding_vat_with_a_fixed_cart_coupon() -> None:
    order = woo("order-31-nl-prices-excl-vat-fixed-coupon-fee")
    assert order.prices_include_tax is False
    assert [figures(line) for line in order.lines] == [
        (
            PRODUCT,
            "Koffiemok",
            "MUG-001",
            3,
            D("10.00"),
            D("30.00"),
            D("3.33"),
            D("26.67"),
            D("5.60"),
            "1",
            21,
        ),
        (
            PRODUCT,
            "Koffiebonen 1kg",
            "BEAN-1KG",
            1,
            D("15.00"),
            D("15.00"),
            D("1.67"),
            D("13.33"),
            D("1.20"),
            "2",
            9,
        ),
        (FEE, "Verzekering", None, 1, D("2.00"), D("2.00"), D("0"), D("2.00"), D("0.42"), "1", 21),
        (
            SHIPPING,
            "Verzendkosten NL",
            None,
            1,
            D("6.95"),
            D("6.95"),
            D("0"),
            D("6.95"),
            D("1.46"),
            "1",
            21,
        ),
    ]
    assert order.lines[0].discount_tax == D("0.70")
    assert (order.total, order.total_tax, order.discount_total) == (
        D("57.63"),
        D("8.68"),
        D("5.00"),
    )
    assert order.customer.meta["_billing_kvk_number"] == "30123456"
    assert order.coupons == ("korting5",)


def test_guest_order() -> None:
    def guest(data: dict[str, Any]) -> None:
        data["customer_id"] = 0

    order = woo("order-01-nl-mixed-vat-flatrate-percent-coupon", guest)
    assert order.customer.is_guest and order.customer.shop_customer_id is None
    assert order.customer.email == "jan.jansen@example.nl"


def test_free_shipping() -> None:
    def free(data: dict[str, Any]) -> None:
        data["shipping_lines"][0].update(
            method_id="free_shipping",
            method_title="Gratis verzending",
            instance_id="3",
            total="0.00",
            total_tax="0.00",
            taxes=[],
        )
        data["tax_lines"][0]["shipping_tax_total"] = "0.00"
        data.update(shipping_total="0.00", shipping_tax="0.00", total="42.03", total_tax="5.45")

    order = woo("order-01-nl-mixed-vat-flatrate-percent-coupon", free)
    (shipping,) = order.shipping_lines
    assert (shipping.total_excl, shipping.total_tax, shipping.tax_rate_key) == (
        D("0.00"),
        D("0.00"),
        None,
    )
    assert (order.shipping_method, order.shipping_method_title) == (
        "free_shipping",
        "Gratis verzending",
    )
    assert order.rate("1").applies_to_shipping is False
    assert order.total == D("42.03")


def test_two_shipping_lines_each_keep_their_tax() -> None:
    def split(data: dict[str, Any]) -> None:
        first = data["shipping_lines"][0]
        second = {
            **first,
            "id": 99,
            "method_title": "Toeslag",
            "total": "2.00",
            "total_tax": "0.42",
            "taxes": [{"id": 1, "total": "0.42", "subtotal": ""}],
        }
        first.update(
            total="2.95", total_tax="0.62", taxes=[{"id": 1, "total": "0.62", "subtotal": ""}]
        )
        data["shipping_lines"].append(second)

    order = woo("order-nl-two-rates-coupon-fee-refund", split)
    assert [(line.total_excl, line.total_tax) for line in order.shipping_lines] == [
        (D("2.95"), D("0.62")),
        (D("2.00"), D("0.42")),
    ]
    assert order.notes == ("The order has several shipping lines; the first one names the method.",)


def test_escaped_names_and_missing_sku() -> None:
    def odd(data: dict[str, Any]) -> None:
        data["line_items"][0].update(name="Koffie &amp; Thee", sku="", variation_id=31)

    line = woo("order-01-nl-mixed-vat-flatrate-percent-coupon", odd).lines[0]
    assert (line.name, line.sku, line.variant_id) == ("Koffie & Thee", None, "31")


def test_stacked_rates_on_one_line_are_refused() -> None:
    def stacked(data: dict[str, Any]) -> None:
        fee = data["fee_lines"][0]
        fee.update(total_tax="0.30", taxes=[{"id": 1, "total": "0.21"}, {"id": 2, "total": "0.09"}])

    with pytest.raises(PermanentError, match=r"field fee_lines\[0\]\.taxes stack several rates"):
        woo("order-nl-two-rates-coupon-fee-refund", stacked)


def test_line_taxed_at_an_unlisted_rate_is_refused() -> None:
    def unlisted(data: dict[str, Any]) -> None:
        data["line_items"][1]["taxes"][0]["id"] = 5

    with pytest.raises(
        PermanentError, match=r"line_items\[1\]\.taxes name rate 5, which the order's tax_lines"
    ):
        woo("order-nl-two-rates-coupon-fee-refund", unlisted)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("total", "50.33", "total: expected 50.33, found 49.23 (difference -1.10)"),
        ("total_tax", "8.71", "total tax: expected 8.71, found 6.70 (difference -2.01)"),
        ("shipping_total", "5.95", "shipping: expected 5.95, found 4.95 (difference -1.00)"),
    ],
)
def test_tampered_order_totals_are_refused_with_the_numbers(
    field: str, value: str, expected: str
) -> None:
    def tamper(data: dict[str, Any]) -> None:
        data[field] = value

    with pytest.raises(PermanentError) as info:
        woo("order-nl-two-rates-coupon-fee-refund", tamper)
    assert str(info.value).startswith("WooCommerce order 15 does not add up: ")
    assert expected in str(info.value)
    assert "Open order 15 in WooCommerce" in info.value.resolution


def test_tampered_tax_line_is_refused_per_rate() -> None:
    def tamper(data: dict[str, Any]) -> None:
        data["tax_lines"][1]["tax_total"] = "2.70"

    with pytest.raises(PermanentError) as info:
        woo("order-nl-two-rates-coupon-fee-refund", tamper)
    assert "tax at rate 2 (BTW laag 9%): expected 2.70, found 1.67 (difference -1.03)" in str(
        info.value
    )


def test_a_few_cents_of_disagreement_are_settled_and_noted_not_refused() -> None:
    """What a shop that rounds tax at subtotal level produces: VAT per rate from the tax lines
    (onto the rate's largest line), the total as paid; the flow books the rest as a rounding
    line within the settings' tolerance (tests/unit/sync/test_documents.py)."""

    def tamper(data: dict[str, Any]) -> None:
        data["tax_lines"][1]["tax_total"] = "1.70"
        data["total"] = "49.25"

    order = woo("order-nl-two-rates-coupon-fee-refund", tamper)
    assert order.tax_by_rate()["2"] == D("1.70") and order.total == D("49.25")
    assert any("taken from the order's tax lines (1.70)" in n for n in order.notes)
    assert any("total: expected 49.25, found 49.26 (difference 0.01)" in n for n in order.notes)


def test_tampered_line_total_is_refused() -> None:
    def tamper(data: dict[str, Any]) -> None:
        data["line_items"][0]["total"] = "19.50"

    with pytest.raises(
        PermanentError, match=r"total: expected 49\.23, found 50\.73 \(difference 1\.50\)"
    ):
        woo("order-nl-two-rates-coupon-fee-refund", tamper)


def _drop(*path: str | int) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _set(value: object, *path: str | int) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_drop("total"), "field total is missing"),
        (_drop("line_items"), "field line_items is missing"),
        (_drop("id"), "WooCommerce order (without id): field id is missing"),
        (_set("abc", "line_items", 0, "total"), "field line_items[0].total is not a number: 'abc'"),
        (_set(True, "total"), "field total is not a number: True"),
        (_set("NaN", "discount_total"), "field discount_total is not a number: 'NaN'"),
        (_set({"a": 1}, "line_items"), "field line_items is not a list"),
        (_drop("line_items", 0, "taxes", 0, "id"), "field line_items[0].taxes[0].id is missing"),
        (_drop("tax_lines", 0, "rate_percent"), "field tax_lines[0].rate_percent is missing"),
        (
            _set("Nederland", "billing", "country"),
            "field billing.country is not a two-letter country code",
        ),
        (
            _set("gisteren", "date_created_gmt"),
            "field date_created_gmt is not a date-time: 'gisteren'",
        ),
        (_set("", "currency"), "field currency is missing"),
        (_set(None, "billing"), "field billing is missing"),
    ],
)
def test_malformed_orders_are_refused_naming_the_field(
    change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    with pytest.raises(PermanentError) as info:
        woo("order-nl-two-rates-coupon-fee-refund", change)
    assert expected in str(info.value)
    assert "WooCommerce > Orders" in info.value.resolution


def test_a_payload_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(PermanentError, match="the payload is not a JSON object"):
        normalize_order([1, 2])  # type: ignore[arg-type]


def test_blank_shipping_address_means_none() -> None:
    def virtual(data: dict[str, Any]) -> None:
        data["shipping"] = {key: "" for key in data["shipping"]}

    order = woo("order-06-de-b2b-reverse-charge", virtual)
    assert order.shipping is None
    assert order.destination_country == "DE"


def test_the_pushbacks_meta_says_whether_the_order_is_booked() -> None:
    def meta(state: str, kind: str = "sales_invoice", number: str = "26700012"):  # noqa: ANN202
        def change(data: dict[str, Any]) -> None:
            data["meta_data"] = [
                {"id": 1, "key": "_exact_sync_state", "value": state},
                {"id": 2, "key": "_exact_document_type", "value": kind},
                {"id": 3, "key": "_exact_document_number", "value": number},
            ]

        return change

    name = "order-nl-two-rates-coupon-fee-refund"
    assert woo(name, meta("posted")).booked_as == ("sales_invoice", "26700012")
    assert woo(name, meta("failed")).booked_as is None
    assert woo(name, meta("posted", number="")).booked_as is None, "a draft without a number"
    assert woo(name).booked_as is None
