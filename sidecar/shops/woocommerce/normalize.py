"""WooCommerce REST v3 order JSON (``GET /wc/v3/orders/<id>``) -> ``Order``.

The result is checked against the order's own totals before anyone sees it: an order whose lines
do not reproduce the shop's total and tax lines to the cent is refused with the numbers, because
posting it would put a different amount in the books than the customer paid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sidecar.shops.records import (
    Address,
    Customer,
    Order,
    Source,
    check_order,
    country_code,
    frozen_map,
    scalar_meta,
)
from sidecar.shops.woocommerce.lines import read_lines, read_tax_rates, with_shipping_flags
from sidecar.shops.woocommerce.refunds import read_refunds

PLATFORM = "WooCommerce"

DEFAULT_VAT_NUMBER_KEYS: tuple[str, ...] = (
    "_billing_vat_number",
    "billing_vat_number",
    "_vat_number",
    "vat_number",
    "_billing_eu_vat_number",
    "billing_eu_vat_number",
    "VAT Number",
)
"""Order meta keys where common EU VAT plugins keep the customer's VAT number, tried in order.
WooCommerce has no core field for it and the keys vary per plugin (not confirmed for every
plugin), so the shop's settings should name theirs."""

_VAT_NOISE = re.compile(r"[\s.\-]")

MALFORMED = (
    "The order data from WooCommerce is incomplete or damaged. Open the order in WooCommerce "
    "(WooCommerce > Orders) and save it again so the plugin sends it anew; if it keeps failing, "
    "look for a plugin that changes the order REST response."
)


def _totals_resolution(number: str) -> str:
    return (
        f"Open order {number} in WooCommerce and compare its items, fees, shipping and tax lines "
        "with its total; recalculate or correct the order, then retry. If the shop rounds tax "
        "at subtotal level (WooCommerce > Settings > Tax), orders can miss by a few cents: "
        "switch that option off."
    )


def _booked_as(meta: Mapping[str, str]) -> tuple[str, str] | None:
    """What the sidecar's pushback wrote on the order (``_exact_*`` meta, shops.woocommerce
    .adapter): a posted document's type and number."""
    kind = meta.get("_exact_document_type", "").strip()
    number = meta.get("_exact_document_number", "").strip()
    if meta.get("_exact_sync_state") == "posted" and kind and number:
        return kind, number
    return None


def read_address(src: Source) -> Address:
    return Address(
        first_name=src.text("first_name"),
        last_name=src.text("last_name"),
        company=src.text("company"),
        line1=src.text("address_1"),
        line2=src.text("address_2"),
        postcode=src.text("postcode"),
        city=src.text("city"),
        state=src.text("state"),
        country=country_code(src, "country"),
        email=src.text("email").lower(),
        phone=src.text("phone"),
    )


def vat_number(meta: Mapping[str, str], keys: Sequence[str]) -> str | None:
    """The first non-empty VAT number under the configured keys, without spaces or dots."""
    for key in keys:
        value = _VAT_NOISE.sub("", meta.get(key, "")).upper()
        if value:
            return value
    return None


def _customer(src: Source, billing: Address, meta: dict[str, str], keys: Sequence[str]) -> Customer:
    customer_id = src.opt_ident("customer_id")
    return Customer(
        email=billing.email.strip().lower(),
        first_name=billing.first_name,
        last_name=billing.last_name,
        company=billing.company,
        vat_number=vat_number(meta, keys),
        shop_customer_id=customer_id,
        is_guest=customer_id is None,
        phone=billing.phone,
        meta=frozen_map(meta),
    )


def _shipping_method(src: Source, notes: list[str]) -> tuple[str, str, str]:
    """(method id, title, rate id) of the first shipping line; the mapping is keyed on the method
    id (``flat_rate``), ``flat_rate:1`` tells the zones apart."""
    lines = src.objs("shipping_lines", required=False)
    if not lines:
        return "", "", ""
    first = lines[0]
    if len(lines) > 1:
        notes.append("The order has several shipping lines; the first one names the method.")
    method = first.text("method_id")
    instance = first.text("instance_id")
    rate_id = f"{method}:{instance}" if method and instance else method
    return method, first.text("method_title"), rate_id


def normalize_order(
    data: Mapping[str, Any], *, vat_number_keys: Sequence[str] = DEFAULT_VAT_NUMBER_KEYS
) -> Order:
    """Normalise one order; raises ``PermanentError`` for malformed data or totals that do not
    add up."""
    raw_id = data.get("id") if isinstance(data, Mapping) else None
    origin = f"{PLATFORM} order {raw_id if raw_id is not None else '(without id)'}"
    src = Source(data, "", origin, MALFORMED)
    order_id = src.ident("id")
    number = src.text("number") or order_id
    currency = src.text("currency").upper()
    if not currency:
        raise src.fail("currency", "is missing")

    rates = read_tax_rates(src)
    lines = read_lines(src, rates)
    notes = list(lines.notes)
    refunds = read_refunds(src, rates, notes)

    billing = read_address(src.obj("billing"))
    shipping_src = src.opt_obj("shipping")
    shipping = read_address(shipping_src) if shipping_src is not None else None
    if shipping is not None and shipping.is_empty:
        shipping = None
    meta = scalar_meta(
        (entry.raw("key"), entry.raw("value")) for entry in src.objs("meta_data", required=False)
    )
    method, method_title, rate_id = _shipping_method(src, notes)
    order_meta = {
        key: src.text(key)
        for key in ("transaction_id", "customer_note", "created_via", "order_key", "date_paid_gmt")
        if src.text(key)
    }
    order = Order(
        platform=PLATFORM,
        shop_order_id=order_id,
        number=number,
        status=src.text("status"),
        created_at=src.timestamp("date_created_gmt"),
        currency=currency,
        prices_include_tax=src.flag("prices_include_tax"),
        customer=_customer(src, billing, meta, vat_number_keys),
        billing=billing,
        shipping=shipping,
        lines=tuple(lines.lines),
        tax_rates=with_shipping_flags(rates, lines.lines),
        payment_method=src.text("payment_method"),
        payment_method_title=src.text("payment_method_title"),
        shipping_method=method,
        shipping_method_title=method_title,
        shipping_rate_id=rate_id,
        total=src.money("total"),
        total_tax=src.money("total_tax"),
        discount_total=src.money("discount_total"),
        discount_tax=src.money("discount_tax"),
        shipping_total=src.money("shipping_total"),
        shipping_tax=src.money("shipping_tax"),
        coupons=tuple(c.text("code") for c in src.objs("coupon_lines", required=False)),
        refunds=refunds,
        meta=frozen_map(order_meta),
        notes=tuple(notes),
        booked_as=_booked_as(meta),
    )
    return check_order(order, _totals_resolution(number))
