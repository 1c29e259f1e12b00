"""WooCommerce refunds: detail from ``refunds_detail``, summaries, amount-only, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sidecar.errors import PermanentError
from sidecar.shops.records import PRODUCT, SHIPPING
from sidecar.shops.woocommerce import normalize_order
from tests.support.shop_fixtures import D, load

PARTIAL = "order-12-nl-partial-refund-line-and-shipping"


def test_refund_with_detail_gives_back_a_line_and_the_shipping() -> None:
    (refund,) = normalize_order(load("woocommerce", PARTIAL)).refunds
    assert (refund.shop_refund_id, refund.amount) == ("74", D("30.39"))
    assert refund.reason == "Theedoek retour, verzendkosten terug"
    assert refund.created_at == datetime(2026, 11, 21, 15, 0, 26, tzinfo=UTC)
    (towel,) = refund.lines
    assert (towel.kind, towel.name, towel.sku, towel.quantity) == (
        PRODUCT,
        "Theedoek",
        "TOWEL-2495",
        1,
    )
    assert (towel.total_excl, towel.total_tax, towel.tax_rate_key, towel.tax_percent) == (
        D("20.62"),
        D("4.33"),
        "1",
        D("21"),
    )
    assert (towel.shop_line_id, towel.original_line_id) == ("62", "57")
    (shipping,) = refund.shipping
    assert (shipping.kind, shipping.total_excl, shipping.total_tax) == (
        SHIPPING,
        D("4.50"),
        D("0.94"),
    )
    assert shipping.original_line_id == "59"
    assert (refund.total_excl, refund.total_tax, refund.adjustment) == (
        D("25.12"),
        D("5.27"),
        D("0.00"),
    )
    assert not refund.is_amount_only


def test_amount_only_refund_detail_has_no_vat_split() -> None:
    data = load("woocommerce", "order-nl-two-rates-coupon-fee-refund")
    data["refunds_detail"] = [
        {
            "id": 16,
            "date_created_gmt": "2026-11-21T14:44:07",
            "amount": "10.00",
            "reason": "retour",
            "line_items": [],
            "shipping_lines": [],
            "fee_lines": [],
            "tax_lines": [],
        }
    ]
    (refund,) = normalize_order(data).refunds
    assert refund.is_amount_only
    assert (refund.amount, refund.adjustment, refund.total_tax) == (D("10.00"), D("10.00"), D("0"))
    assert refund.created_at == datetime(2026, 11, 21, 14, 44, 7, tzinfo=UTC)


def test_refund_amount_edited_by_hand_keeps_the_difference_as_adjustment() -> None:
    data = load("woocommerce", PARTIAL)
    data["refunds_detail"][0]["amount"] = "31.39"
    (refund,) = normalize_order(data).refunds
    assert (refund.amount, refund.adjustment) == (D("31.39"), D("1.00"))


def test_detail_not_in_the_summary_is_kept_after_the_summary() -> None:
    data = load("woocommerce", PARTIAL)
    data["refunds"] = [{"id": 80, "reason": "", "total": "-2.00"}]
    first, second = normalize_order(data).refunds
    assert (first.shop_refund_id, first.amount, first.is_amount_only) == ("80", D("2.00"), True)
    assert (second.shop_refund_id, second.amount) == ("74", D("30.39"))


def test_refund_whose_tax_lines_disagree_with_its_lines_is_refused() -> None:
    data = load("woocommerce", PARTIAL)
    data["refunds_detail"][0]["tax_lines"][0]["tax_total"] = "-4.00"
    with pytest.raises(PermanentError) as info:
        normalize_order(data)
    assert str(info.value) == (
        "WooCommerce order 73: refund 74 does not add up: "
        "tax at rate 1: expected 4.94, found 5.27 (difference 0.33)."
    )
    assert "refund" in info.value.resolution


def test_malformed_refund_detail_names_the_field() -> None:
    data: dict[str, Any] = load("woocommerce", PARTIAL)
    data["refunds_detail"][0]["line_items"][0]["total"] = "twintig"
    with pytest.raises(
        PermanentError, match=r"field refunds_detail\[0\]\.line_items\[0\]\.total is not a number"
    ):
        normalize_order(data)
    data = load("woocommerce", PARTIAL)
    del data["refunds_detail"][0]["amount"]
    with pytest.raises(PermanentError, match=r"field refunds_detail\[0\]\.amount is missing"):
        normalize_order(data)
