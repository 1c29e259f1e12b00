"""Realistic Dutch Magento 2.4 orders whose arithmetic adds up, shaped like the fixture.

Catalogue prices include 21 % (or 9 %) VAT; a 10 % coupon applies to incl.-tax prices and tax
is computed after discount (reference 3.3). Per item: ``row_total`` = ex-VAT row,
``tax_amount`` = VAT of (incl. row - discount), ``discount_tax_compensation_amount`` closes the
row so that ``row_total + tax_amount + discount_tax_compensation_amount - discount_amount =
row_total_incl_tax - discount_amount`` to the cent. The order: ``grand_total = subtotal +
shipping_amount + discount_amount + tax_amount + discount_tax_compensation_amount`` (the order's
``discount_amount`` is negative). Configurables have a parent row with the price and a child row
at 0 with ``parent_item_id``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
# (sku, name, product id, gross incl. VAT, VAT percent, configurable child name or None)
CATALOGUE = (
    ("TSHIRT-BLK-M", "T-shirt zwart M", 11, "24.20", 21, None),
    ("HOODIE-GRY-L", "Hoodie", 20, "60.50", 21, "Hoodie grijs L"),
    ("MUG-001", "Koffiemok", 30, "12.10", 21, None),
    ("BOOK-NL", "Kookboek Nederlands koken", 31, "29.99", 9, None),
    ("CAP-NAVY", "Pet navy", 32, "18.15", 21, "Pet navy one size"),
)
PEOPLE = (
    ("Jan", "Jansen", ["Keizersgracht", "123", "A"], "1015 CJ", "Amsterdam"),
    ("Fatima", "El Amrani", ["Oudegracht", "88"], "3511 AS", "Utrecht"),
    ("Sanne", "de Vries", ["Grote Markt", "12"], "9711 LV", "Groningen"),
    ("Pieter", "Bakker", ["Coolsingel", "40"], "3011 AD", "Rotterdam"),
)
STATUSES = (
    ("processing", "processing", 50),
    ("complete", "complete", 25),
    ("pending", "new", 10),
    ("canceled", "canceled", 5),
    ("holded", "holded", 5),
    ("closed", "closed", 5),
)


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _share(gross: Decimal, percent: int) -> Decimal:
    return q(gross * percent / (100 + percent))


def _items(rng: random.Random, ids: Iterator[int], coupon: Decimal) -> list[dict[str, Any]]:
    rows = []
    for sku, name, product_id, price, percent, child in rng.sample(CATALOGUE, rng.randint(1, 3)):
        qty = rng.randint(1, 3)
        unit = Decimal(price)
        incl = unit * qty
        row_total = incl - _share(incl, percent)
        discount = q(incl * coupon)
        tax = _share(incl - discount, percent)
        compensation = incl - row_total - tax
        row: dict[str, Any] = {
            "item_id": next(ids),
            "sku": sku,
            "name": name,
            "product_id": product_id,
            "product_type": "configurable" if child else "simple",
            "qty_ordered": qty,
            "price": unit - _share(unit, percent),
            "base_price": unit - _share(unit, percent),
            "price_incl_tax": unit,
            "base_price_incl_tax": unit,
            "original_price": unit,
            "row_total": row_total,
            "base_row_total": row_total,
            "row_total_incl_tax": incl,
            "tax_percent": percent,
            "tax_amount": tax,
            "base_tax_amount": tax,
            "discount_percent": int(coupon * 100),
            "discount_amount": discount,
            "base_discount_amount": discount,
            "discount_tax_compensation_amount": compensation,
        }
        rows.append(row)
        if child:
            rows.append(
                {
                    "item_id": next(ids),
                    "parent_item_id": row["item_id"],
                    "sku": sku,
                    "name": child,
                    "product_id": product_id + 100,
                    "product_type": "simple",
                    "qty_ordered": qty,
                    "price": 0,
                    "base_price": 0,
                    "row_total": 0,
                    "tax_percent": 0,
                    "tax_amount": 0,
                }
            )
    return rows


def generate_order(rng: random.Random, ids: Iterator[int], when: datetime) -> dict[str, Any]:
    coupon = Decimal("0.10") if rng.random() < 0.3 else Decimal(0)
    items = _items(rng, ids, coupon)
    priced = [i for i in items if "parent_item_id" not in i]
    subtotal = sum((i["row_total"] for i in priced), Decimal(0))
    subtotal_incl = sum((i["row_total_incl_tax"] for i in priced), Decimal(0))
    discount = sum((i["discount_amount"] for i in priced), Decimal(0))
    compensation = sum((i["discount_tax_compensation_amount"] for i in priced), Decimal(0))
    shipping_incl = Decimal(0) if subtotal_incl >= 100 else Decimal("6.95")
    shipping_tax = _share(shipping_incl, 21)
    shipping = shipping_incl - shipping_tax
    taxes: dict[int, Decimal] = {}
    for item in priced:
        taxes[item["tax_percent"]] = taxes.get(item["tax_percent"], Decimal(0)) + item["tax_amount"]
    if shipping_tax:
        taxes[21] = taxes.get(21, Decimal(0)) + shipping_tax
    tax = sum(taxes.values(), Decimal(0))
    grand = subtotal + shipping - discount + tax + compensation
    status, state, _ = rng.choices(STATUSES, [w for *_, w in STATUSES])[0]
    paid = status in ("processing", "complete", "closed")
    first, last, street, postcode, city = rng.choice(PEOPLE)
    email = f"{first[0].lower()}.{last.lower().replace(' ', '')}@example.nl"
    address = {
        "address_type": "billing",
        "firstname": first,
        "lastname": last,
        "street": street,
        "postcode": postcode,
        "city": city,
        "country_id": "NL",
        "telephone": "0201234567",
        "email": email,
    }
    created = when.strftime("%Y-%m-%d %H:%M:%S")
    updated = (when + timedelta(minutes=rng.randint(1, 600))).strftime("%Y-%m-%d %H:%M:%S")
    guest = rng.random() < 0.3
    order: dict[str, Any] = {
        "state": state,
        "status": status,
        "created_at": created,
        "updated_at": updated,
        "store_id": 1,
        "customer_is_guest": int(guest),
        "customer_group_id": 0 if guest else 1,
        "customer_email": email,
        "customer_firstname": first,
        "customer_lastname": last,
        "base_currency_code": "EUR",
        "order_currency_code": "EUR",
        "subtotal": subtotal,
        "base_subtotal": subtotal,
        "subtotal_incl_tax": subtotal_incl,
        "base_subtotal_incl_tax": subtotal_incl,
        "discount_amount": -discount,
        "base_discount_amount": -discount,
        "discount_tax_compensation_amount": compensation,
        "base_discount_tax_compensation_amount": compensation,
        "shipping_amount": shipping,
        "base_shipping_amount": shipping,
        "shipping_incl_tax": shipping_incl,
        "shipping_tax_amount": shipping_tax,
        "shipping_discount_amount": 0,
        "shipping_description": "PostNL - Standaard" if shipping_incl else "Gratis verzending",
        "tax_amount": tax,
        "base_tax_amount": tax,
        "grand_total": grand,
        "base_grand_total": grand,
        "base_total_due": Decimal(0) if paid else grand,
        "total_qty_ordered": sum(i["qty_ordered"] for i in priced),
        "items": items,
        "billing_address": address,
        "payment": {
            "method": "mollie_methods_ideal" if paid else "banktransfer",
            "amount_ordered": grand,
            "additional_information": ["iDEAL", ""],
        },
        "status_histories": [],
        "extension_attributes": {
            "shipping_assignments": [
                {
                    "shipping": {
                        "method": "tablerate_bestway"
                        if shipping_incl
                        else "freeshipping_freeshipping",
                        "address": {**address, "address_type": "shipping"},
                        "total": {
                            "shipping_amount": shipping,
                            "shipping_incl_tax": shipping_incl,
                            "shipping_tax_amount": shipping_tax,
                            "shipping_discount_amount": 0,
                        },
                    },
                    "items": items,
                }
            ],
            "applied_taxes": [
                {
                    "code": f"NL-{p}",
                    "title": f"BTW {p}%",
                    "percent": p,
                    "amount": a,
                    "base_amount": a,
                }
                for p, a in sorted(taxes.items(), reverse=True)
            ],
        },
    }
    if coupon:
        order.update(
            {"coupon_code": "WELKOM10", "applied_rule_ids": "3", "discount_description": "WELKOM10"}
        )
    if not guest:
        order["customer_id"] = rng.randint(2, 500)
    if paid:
        order["total_paid"] = grand
        order["payment"]["amount_paid"] = grand
    return order


def generate_orders(
    count: int,
    *,
    seed: int = 1,
    start: datetime | None = None,
    end: datetime | None = None,
    item_ids: Iterator[int] | None = None,
) -> list[dict[str, Any]]:
    """``count`` orders between ``start`` and ``end`` (UTC), oldest first; deterministic."""
    rng = random.Random(seed)
    end = end or datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    start = start or end - timedelta(days=90)
    span = max((end - start).total_seconds(), 1.0)
    moments = sorted(start + timedelta(seconds=int(rng.random() * span)) for _ in range(count))
    ids = item_ids or iter(range(10_000, 10**9))
    return [generate_order(rng, ids, moment) for moment in moments]


def check_arithmetic(order: dict[str, Any]) -> Decimal:
    """grand_total recomputed minus grand_total, plus every item's row identity: 0 when sound."""
    gap = (
        Decimal(str(order["subtotal"]))
        + Decimal(str(order["shipping_amount"]))
        + Decimal(str(order["discount_amount"]))
        + Decimal(str(order["tax_amount"]))
        + Decimal(str(order["discount_tax_compensation_amount"]))
        - Decimal(str(order["grand_total"]))
    )
    for item in order["items"]:
        if "parent_item_id" in item:
            continue
        row = (
            Decimal(str(item["row_total"]))
            + Decimal(str(item["tax_amount"]))
            + Decimal(str(item["discount_tax_compensation_amount"]))
            - Decimal(str(item["row_total_incl_tax"]))
        )
        gap += abs(row)
    return gap
