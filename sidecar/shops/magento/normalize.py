"""Magento 2 order JSON (``GET /rest/V1/orders/<id>``) -> ``Order``.

Magento reports the order's totals next to its items (``subtotal``, ``discount_amount``,
``tax_amount``, ``grand_total``); the normalised lines must reproduce all of them to the cent, or
the order is refused with the numbers: a totals module (payment fees, gift cards, store credit)
adds amounts no line shows, and posting such an order would book less than the customer paid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sidecar.errors import PermanentError
from sidecar.shops.magento.creditmemos import read_creditmemo
from sidecar.shops.magento.items import Rates, read_items, shipping_amounts
from sidecar.shops.records import (
    SHIPPING,
    ZERO,
    Address,
    Customer,
    Line,
    Order,
    Source,
    check_order,
    country_code,
    difference_text,
    frozen_map,
    scalar_meta,
)

PLATFORM = "Magento"

_VAT_NOISE = re.compile(r"[\s.\-]")
_HOUSE_NUMBER = re.compile(r"^\d")

MALFORMED = (
    "The order data from Magento is incomplete or damaged. Open the order in Magento "
    "(Sales > Orders) and check it; use 'Resend to the sidecar' on the order once it is right. "
    "If it keeps failing, look for a module that changes the order REST response."
)

_ORDER_META = (
    "state",
    "store_id",
    "base_currency_code",
    "applied_rule_ids",
    "discount_description",
    "customer_note",
)


def _totals_resolution(number: str) -> str:
    return (
        f"Open order {number} in Magento (Sales > Orders) and compare its items, shipping, "
        "discount and tax with its grand total. A module that adds its own totals (payment fee, "
        "gift card, store credit) needs support in the sidecar or must be disabled; then retry."
    )


def _street(src: Source) -> tuple[str, str]:
    """Magento splits the street over 1-4 lines; Dutch shops often use them for street, house
    number and addition, which Exact wants on one line ("Keizersgracht 123 A")."""
    value = src.raw("street")
    if value is None:
        parts: list[str] = []
    elif isinstance(value, str):
        parts = value.splitlines()
    elif isinstance(value, list) and all(isinstance(part, str) for part in value):
        parts = list(value)
    else:
        raise src.fail("street", f"is not a list of lines: {value!r}")
    parts = [part.strip() for part in parts if part and part.strip()]
    if len(parts) >= 2 and _HOUSE_NUMBER.match(parts[1]):
        head = parts[:3] if len(parts) >= 3 and len(parts[2]) <= 6 else parts[:2]
        return " ".join(head), ", ".join(parts[len(head) :])
    return (parts[0] if parts else ""), ", ".join(parts[1:])


def read_address(src: Source) -> Address:
    line1, line2 = _street(src)
    return Address(
        first_name=src.text("firstname"),
        last_name=src.text("lastname"),
        company=src.text("company"),
        line1=line1,
        line2=line2,
        postcode=src.text("postcode"),
        city=src.text("city"),
        state=src.text("region_code") or src.text("region"),
        country=country_code(src, "country_id"),
        email=src.text("email").lower(),
        phone=src.text("telephone"),
    )


def _shipping_address(src: Source) -> tuple[Source | None, Address | None]:
    extension = src.opt_obj("extension_attributes")
    assignments = extension.objs("shipping_assignments", required=False) if extension else []
    shipping = assignments[0].opt_obj("shipping") if assignments else None
    address = shipping.opt_obj("address") if shipping else None
    if address is None:
        return shipping, None
    found = read_address(address)
    return shipping, None if found.is_empty else found


def _vat_number(candidates: Iterable[str]) -> str | None:
    for value in candidates:
        cleaned = _VAT_NOISE.sub("", value).upper()
        if cleaned:
            return cleaned
    return None


def _customer(
    src: Source, billing: Address, order_meta: Mapping[str, str], keys: Sequence[str]
) -> Customer:
    """Magento keeps the VAT number on the billing address (``vat_id``) or the customer
    (``customer_taxvat``); the configured meta keys are tried in between, for modules that store
    it elsewhere."""
    billing_src = src.obj("billing_address")
    customer_id = src.opt_ident("customer_id")
    is_guest = src.flag("customer_is_guest") or customer_id is None
    meta = scalar_meta(
        (key, value) for key, value in src.data.items() if key.startswith("customer_")
    )
    if billing_src.text("vat_id"):
        meta["vat_id"] = billing_src.text("vat_id")
    configured = [meta.get(key) or order_meta.get(key, "") for key in keys]
    vat = [billing_src.text("vat_id"), *configured, src.text("customer_taxvat")]
    return Customer(
        email=(src.text("customer_email") or billing.email).strip().lower(),
        first_name=src.text("customer_firstname") or billing.first_name,
        last_name=src.text("customer_lastname") or billing.last_name,
        company=billing.company,
        vat_number=_vat_number(vat),
        shop_customer_id=None if is_guest else customer_id,
        is_guest=is_guest,
        phone=billing.phone,
        meta=frozen_map(meta),
    )


def _order_meta(src: Source) -> dict[str, str]:
    """A few order fields and the scalar extension attributes third-party modules add (a KvK
    number, a reference), which the settings can point at."""
    extension = src.opt_obj("extension_attributes")
    meta = scalar_meta(extension.data.items()) if extension else {}
    meta.update({key: src.text(key) for key in _ORDER_META if src.text(key)})
    return meta


def _prices_include_tax(items: Iterable[Source]) -> bool:
    """Magento does not report the catalog's tax setting; a row whose catalog price
    (``original_price``) equals its price incl. VAT, not its price excl., reveals it."""
    for item in items:
        original = item.money("original_price", ZERO)
        price, incl = item.money("price", ZERO), item.money("price_incl_tax", ZERO)
        if original and price != incl:
            if original == incl:
                return True
            if original == price:
                return False
    return False


def _payment(src: Source) -> tuple[str, str]:
    payment = src.obj("payment")
    method = payment.text("method")
    if not method:
        raise payment.fail("method", "is missing")
    info = payment.raw("additional_information")
    title = info[0] if isinstance(info, list) and info and isinstance(info[0], str) else ""
    return method, title.strip() or method


def _check_magento_totals(src: Source, order: Order, resolution: str) -> None:
    """Magento's own subtotal and discount, on top of the platform-neutral check."""
    products = order.product_lines
    discount = -src.money("discount_amount", ZERO)
    problems = [
        difference_text(name, expected, found)
        for name, expected, found in (
            ("subtotal", src.money("subtotal"), sum((x.subtotal_excl for x in products), ZERO)),
            ("discount", discount, sum((x.discount_incl for x in order.lines), ZERO)),
        )
        if expected != found
    ]
    if problems:
        raise PermanentError(
            f"{PLATFORM} order {order.number} does not add up: " + "; ".join(problems) + ".",
            resolution,
        )


def _booked_as(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """What the module's pushback recorded for the order (its table ``exact_sidecar_order``,
    served as the extension attribute ``exact_sidecar_sync`` of the order's REST JSON): a
    posted document's type and number. It survives a reinstall of the module and a sidecar
    that lost its links, so such an order is never posted twice."""
    extension = data.get("extension_attributes")
    state = extension.get("exact_sidecar_sync") if isinstance(extension, Mapping) else None
    if not isinstance(state, Mapping):
        return None
    kind = str(state.get("document_type") or "").strip()
    number = str(state.get("document_number") or "").strip()
    if state.get("sync_state") == "posted" and kind and number:
        return kind, number
    return None


def normalize_order(
    data: Mapping[str, Any],
    *,
    vat_number_keys: Sequence[str] = (),
    creditmemos: Sequence[Mapping[str, Any]] | None = None,
    prices_include_tax: bool | None = None,
) -> Order:
    """Normalise one order (and its credit memos); raises ``PermanentError`` for malformed data
    or totals that do not add up.

    ``vat_number_keys`` name customer or order meta holding the VAT number when the billing
    address has none (the flows pass the same setting to every platform). ``creditmemos`` are
    the ``items`` of ``GET /V1/creditmemos`` for this order (else the order's ``creditmemos``
    key is read). ``prices_include_tax`` overrides the guess from the items."""
    raw_id = data.get("entity_id") if isinstance(data, Mapping) else None
    origin = f"{PLATFORM} order {raw_id if raw_id is not None else '(without entity_id)'}"
    src = Source(data, "", origin, MALFORMED)
    order_id = src.ident("entity_id")
    number = src.text("increment_id") or order_id
    currency = src.text("order_currency_code").upper()
    if not currency:
        raise src.fail("order_currency_code", "is missing")

    billing = read_address(src.obj("billing_address"))
    order_meta = _order_meta(src)
    shipping_src, shipping = _shipping_address(src)
    country = shipping.country if shipping and shipping.country else billing.country
    rates = Rates(src, country)
    by_item = read_items(src, rates)
    lines: list[Line] = list(by_item.values())

    method = (shipping_src.text("method") if shipping_src else "") or src.text("shipping_method")
    amount_src, amounts = shipping_amounts(src)
    shipping_line = None
    if method or amounts.subtotal or amounts.tax:
        key = None
        if amounts.tax:
            key = rates.for_shipping(amount_src, amounts, [x.tax_percent for x in lines])
        percent = rates.rates[key].percent if key else ZERO
        title = src.text("shipping_description") or method
        shipping_line = amounts.line(SHIPPING, title, key, percent)
        lines.append(shipping_line)

    memos = creditmemos if creditmemos is not None else src.raw("creditmemos") or []
    memo_src = Source({"creditmemos": memos}, "", origin, MALFORMED).objs("creditmemos")
    refunds = tuple(read_creditmemo(m, order_id, by_item, shipping_line) for m in memo_src)

    payment_method, payment_title = _payment(src)
    shipping_discount = src.money("shipping_discount_amount", ZERO) - src.money(
        "shipping_discount_tax_compensation_amount", ZERO
    )
    order = Order(
        platform=PLATFORM,
        shop_order_id=order_id,
        number=number,
        status=src.text("status"),
        created_at=src.timestamp("created_at"),
        currency=currency,
        prices_include_tax=(
            prices_include_tax
            if prices_include_tax is not None
            else _prices_include_tax(src.objs("items"))
        ),
        customer=_customer(src, billing, order_meta, vat_number_keys),
        billing=billing,
        shipping=shipping,
        lines=tuple(lines),
        tax_rates=tuple(rates.rates.values()),
        payment_method=payment_method,
        payment_method_title=payment_title,
        shipping_method=method.split("_", 1)[0],
        shipping_method_title=src.text("shipping_description"),
        shipping_rate_id=method,
        total=src.money("grand_total"),
        total_tax=src.money("tax_amount"),
        discount_total=sum((x.discount_excl for x in lines), ZERO),
        discount_tax=sum((x.discount_tax for x in lines), ZERO),
        shipping_total=src.money("shipping_amount", ZERO) - shipping_discount,
        shipping_tax=src.money("shipping_tax_amount", ZERO),
        coupons=(src.text("coupon_code"),) if src.text("coupon_code") else (),
        refunds=refunds,
        meta=frozen_map(order_meta),
        booked_as=_booked_as(data),
    )
    resolution = _totals_resolution(number)
    order = check_order(order, resolution)
    _check_magento_totals(src, order, resolution)
    return order
