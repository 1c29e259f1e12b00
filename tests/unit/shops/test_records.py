"""Platform-neutral records: derived figures, helpers, the arithmetic check, the payload reader."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from sidecar.errors import PermanentError
from sidecar.shops.records import (
    FEE,
    PRODUCT,
    SHIPPING,
    Address,
    Customer,
    Line,
    Order,
    Refund,
    Source,
    TaxRate,
    check_order,
    country_code,
    frozen_map,
    money_text,
    parse_decimal,
    percent_text,
    scalar_meta,
    unit_price,
)
from tests.support.shop_fixtures import D

NL = Address("Jan", "Jansen", "", "Damrak 1", "", "1012 LG", "Amsterdam", "", "NL")


def line(kind: str, total: str, tax: str, key: str | None, **changes: object) -> Line:
    base = Line(
        kind=kind,
        name=kind,
        quantity=D("1"),
        sku=None,
        unit_price_excl=D(total),
        subtotal_excl=D(total),
        discount_excl=D("0"),
        total_excl=D(total),
        subtotal_tax=D(tax),
        total_tax=D(tax),
        tax_rate_key=key,
        tax_percent=D("21") if key else D("0"),
    )
    return dataclasses.replace(base, **changes)


def order(lines: list[Line], rates: list[TaxRate], **changes: object) -> Order:
    base = Order(
        platform="TestShop",
        shop_order_id="7",
        number="R-7",
        status="processing",
        created_at=datetime(2026, 11, 21, tzinfo=UTC),
        currency="EUR",
        prices_include_tax=True,
        customer=Customer("a@b.nl", "Jan", "Jansen", "", None, "1", False),
        billing=NL,
        shipping=None,
        lines=tuple(lines),
        tax_rates=tuple(rates),
        payment_method="bacs",
        payment_method_title="Bank",
        shipping_method="flat_rate",
        shipping_method_title="Verzending",
        total=D("30.25"),
        total_tax=D("5.25"),
        discount_total=D("0"),
        discount_tax=D("0"),
        shipping_total=D("5.00"),
        shipping_tax=D("1.05"),
    )
    return dataclasses.replace(base, **changes)


RATE = TaxRate("1", "NL", D("21"), "BTW hoog", True, amount=D("5.25"))
GOOD = [line(PRODUCT, "20.00", "4.20", "1"), line(SHIPPING, "5.00", "1.05", "1")]


def test_line_gross_figures_are_derived_from_net_and_tax() -> None:
    mug = line(
        PRODUCT,
        "18.00",
        "3.78",
        "1",
        quantity=D("2"),
        subtotal_excl=D("20.00"),
        discount_excl=D("2.00"),
        subtotal_tax=D("4.20"),
    )
    assert mug.subtotal_incl == D("24.20")
    assert mug.total_incl == D("21.78")
    assert mug.discount_incl == D("2.42")
    assert mug.discount_tax == D("0.42")
    assert mug.unit_price_incl == D("12.10")


def test_unknown_line_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="gift"):
        line("gift", "1.00", "0", None)


def test_unit_price_keeps_six_decimals_and_survives_zero_quantity() -> None:
    assert unit_price(D("20.00"), D("3")) == D("6.666667")
    assert unit_price(D("103.21"), D("5")) == D("20.642")
    assert unit_price(D("-5.00"), D("0")) == D("-5.00")


def test_order_helpers() -> None:
    fee = line(FEE, "1.00", "0.21", "1")
    built = order([*GOOD, fee], [RATE], shipping=dataclasses.replace(NL, country="BE"))
    assert built.lines_of(FEE) == (fee,)
    assert built.product_lines == (GOOD[0],)
    assert built.shipping_lines == (GOOD[1],)
    assert built.total_excl == D("26.00")
    assert built.total_incl == D("31.46")
    assert built.tax_by_rate() == {"1": D("5.46")}
    assert built.rate("1") is RATE
    assert built.destination_country == "BE"
    assert order(GOOD, [RATE]).destination_country == "NL"
    assert not built.is_untaxed


def test_b2b_needs_company_and_vat_number() -> None:
    customer = Customer("x@y.de", "E", "S", "Kaffeehaus GmbH", "DE123456789", "7", False)
    assert order(GOOD, [RATE], customer=customer).is_b2b
    no_vat = dataclasses.replace(customer, vat_number=None)
    assert not order(GOOD, [RATE], customer=no_vat).is_b2b
    no_company = dataclasses.replace(customer, company="")
    assert not order(GOOD, [RATE], customer=no_company).is_b2b


def test_refund_sums_and_amount_only() -> None:
    back = Refund("16", D("30.39"), "retour", (GOOD[0],), (GOOD[1],), None)
    assert back.total_excl == D("25.00")
    assert back.total_tax == D("5.25")
    assert not back.is_amount_only
    assert Refund("17", D("10.00"), "", (), (), None, D("10.00")).is_amount_only
    assert order(GOOD, [RATE], refunds=(back,)).refunded_total == D("30.39")


def test_records_are_frozen_including_meta() -> None:
    customer = Customer("a@b.nl", "", "", "", None, None, True, meta=frozen_map({"kvk": "1"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        customer.email = "other@b.nl"  # type: ignore[misc]
    with pytest.raises(TypeError):
        customer.meta["kvk"] = "2"  # type: ignore[index]


def test_check_order_accepts_an_order_that_adds_up() -> None:
    built = order(GOOD, [RATE])
    assert check_order(built, "fix it") is built


def test_check_order_states_expected_found_and_difference() -> None:
    with pytest.raises(PermanentError) as info:
        check_order(order(GOOD, [RATE], total=D("31.26")), "Recalculate the order.")
    message = str(info.value)
    assert message.startswith("TestShop order R-7 does not add up")
    assert "total: expected 31.26, found 30.25 (difference -1.01)" in message
    assert info.value.resolution == "Recalculate the order."


def test_check_order_notes_a_few_cents_for_the_flow_to_round() -> None:
    settled = check_order(order(GOOD, [RATE], total=D("30.24")), "x")
    assert settled.total == D("30.24")
    assert settled.notes == (
        "the shop's total: expected 30.24, found 30.25 (difference 0.01), as when tax is "
        "rounded at subtotal level",
    )


def test_check_order_compares_every_rate_and_the_shipping() -> None:
    rate = dataclasses.replace(RATE, amount=D("6.30"))
    tampered = order(GOOD, [rate], shipping_total=D("4.95"), shipping_tax=D("1.04"))
    with pytest.raises(PermanentError) as info:
        check_order(tampered, "x")
    message = str(info.value)
    assert "tax at rate 1 (BTW hoog 21%): expected 6.30, found 5.25 (difference -1.05)" in message
    assert "shipping: expected 4.95, found 5.00 (difference 0.05)" in message
    assert "shipping tax: expected 1.04, found 1.05 (difference 0.01)" in message


def test_check_order_refuses_lines_at_a_rate_the_order_does_not_list() -> None:
    with pytest.raises(PermanentError, match="rate\\(s\\) 9 that the order's tax lines"):
        check_order(order([*GOOD, line(FEE, "0", "0", "9")], [RATE]), "x")


def test_rate_without_shop_amount_is_not_compared() -> None:
    assert check_order(order(GOOD, [dataclasses.replace(RATE, amount=None)]), "x")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (104.96, D("104.96")),
        ("4.06", D("4.06")),
        (2, D("2")),
        (" 51 ", D("51")),
        (D("1.5"), D("1.5")),
    ],
)
def test_parse_decimal_is_exact(raw: object, expected: Decimal) -> None:
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", [True, None, "", "abc", "NaN", "Infinity", float("nan"), [1], {}])
def test_parse_decimal_refuses_non_numbers(raw: object) -> None:
    assert parse_decimal(raw) is None


def source(data: object) -> Source:
    return Source(data, "", "TestShop order 7", "Resend the order.")


def test_source_names_the_field_path() -> None:
    src = source({"lines": [{"total": "1.00"}, {"total": "x"}]})
    items = src.objs("lines")
    assert items[0].money("total") == D("1.00")
    with pytest.raises(PermanentError) as info:
        items[1].money("total")
    assert str(info.value) == "TestShop order 7: field lines[1].total is not a number: 'x'."
    assert info.value.resolution == "Resend the order."


def test_source_missing_empty_and_defaults() -> None:
    src = source({"a": "", "b": None, "n": {"x": 1}})
    assert src.money("a", D("0")) == D("0")
    with pytest.raises(PermanentError, match="field a is empty"):
        src.money("a")
    with pytest.raises(PermanentError, match="field b is missing"):
        src.money("b")
    with pytest.raises(PermanentError, match="field c is missing"):
        src.obj("c")
    with pytest.raises(PermanentError, match="field n is not a list"):
        src.objs("n")
    with pytest.raises(PermanentError, match="field n.x is not an id"):
        source({"n": {"x": 1.5}}).obj("n").ident("x")
    assert src.objs("missing", required=False) == []


def test_source_refuses_non_objects_and_odd_values() -> None:
    with pytest.raises(PermanentError, match="the payload is not a JSON object"):
        source([1, 2])
    with pytest.raises(PermanentError, match=r"field items\[0\] is not a JSON object"):
        source({"items": ["x"]}).objs("items")
    with pytest.raises(PermanentError, match="field name is not text"):
        source({"name": {"a": 1}}).text("name")
    with pytest.raises(PermanentError, match="field guest is not true or false"):
        source({"guest": "maybe"}).flag("guest")
    assert source({"guest": 1}).flag("guest") is True
    assert source({"id": 0}).opt_ident("id") is None
    assert source({"id": 15}).ident("id") == "15"


def test_source_timestamps_are_aware_utc() -> None:
    src = source(
        {
            "gmt": "2026-11-21T15:00:07",
            "mage": "2026-11-20 09:14:03",
            "z": "2026-11-21T16:00:07+01:00",
        }
    )
    assert src.timestamp("gmt") == datetime(2026, 11, 21, 15, 0, 7, tzinfo=UTC)
    assert src.timestamp("mage") == datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC)
    assert src.timestamp("z") == datetime(2026, 11, 21, 15, 0, 7, tzinfo=UTC)
    with pytest.raises(PermanentError, match="field bad is not a date-time: 'yesterday'"):
        source({"bad": "yesterday"}).timestamp("bad")


def test_country_codes() -> None:
    assert country_code(source({"c": "nl"}), "c") == "NL"
    assert country_code(source({"c": ""}), "c") == ""
    with pytest.raises(PermanentError, match="field c is not a two-letter country code: 'NLD'"):
        country_code(source({"c": "NLD"}), "c")


def test_formatting_and_meta() -> None:
    assert money_text(D("4")) == "4.00"
    assert money_text(D("50.982108")) == "50.982108"
    assert percent_text(D("21.0000")) == "21"
    assert percent_text(D("5.5")) == "5.5"
    meta = scalar_meta([("kvk", 30123456), ("flag", True), ("list", [1]), ("", "x"), (3, "y")])
    assert meta == {"kvk": "30123456", "flag": "yes"}


def test_check_order_settles_a_rate_on_its_largest_item_not_on_shipping() -> None:
    """The rate's tax line says 1.90, the lines 0.84 + 1.05: the cent goes onto the product
    (shipping is larger, but its tax is a total the order states on its own)."""
    lines = [line(PRODUCT, "4.00", "0.84", "1"), line(SHIPPING, "5.00", "1.05", "1")]
    rate = dataclasses.replace(RATE, amount=D("1.90"))
    settled = check_order(order(lines, [rate], total=D("10.90"), total_tax=D("1.90")), "x")
    assert [item.total_tax for item in settled.lines] == [D("0.85"), D("1.05")]
    assert settled.tax_settled == (("tax at rate 1 (BTW hoog 21%)", D("0.01")),)
    assert any("taken from the order's tax lines (1.90)" in n for n in settled.notes)
