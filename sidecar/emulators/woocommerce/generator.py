"""Realistic Dutch/EU WooCommerce orders whose arithmetic adds up, for backfill and paging tests.

Built the way WooCommerce 10.0.2 builds them for a Dutch shop with prices entered including VAT
(reference section 4 and "Rounding and arithmetic"): a line's tax is the rounded VAT share of
its gross amount and ``subtotal``/``total`` are ex-VAT before/after the coupon; shipping and fees
are ex-VAT with tax on top; ``tax_lines`` sum per rate; ``total`` = line totals + shipping + fees
+ tax. Shipping tax on an exact half cent is rounded down in the order figures but shown rounded
up in the shipping line's ``taxes[]`` (observed quirk 2). Foreign consumers get their own rate
on the base net price (WooCommerce's default ``adjust_non_base_location_prices``); a business with
a VAT number abroad gets no tax at all (no ``tax_lines``).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
# (name, sku, product_id, gross price incl. Dutch VAT, tax class)
CATALOGUE = (
    ("Koffiemok", "MUG-001", 10, "12.10", ""),
    ("Theedoek", "TOWEL-2495", 11, "24.95", ""),
    ("Koffiebonen 1kg", "BEAN-1KG", 14, "22.50", "reduced-rate"),
    ("Theepot gietijzer", "TEAPOT-CI", 15, "39.95", ""),
    ("Kookboek Nederlands koken", "BOOK-NL", 16, "29.99", "reduced-rate"),
    ("Chocoladereep puur 72%", "CHOC-72", 17, "3.49", "reduced-rate"),
    ("Espressokopjes (set van 4)", "CUPS-ESP4", 18, "19.95", ""),
)
# country -> tax class -> (rate id, rate code, label, percent)
RATES: dict[str, dict[str, tuple[int, str, str, Decimal]]] = {
    "NL": {
        "": (1, "NL-BTW 21%-1", "BTW 21%", Decimal(21)),
        "reduced-rate": (2, "NL-BTW 9%-1", "BTW 9%", Decimal(9)),
    },
    "BE": {
        "": (3, "BE-BTW 21%-1", "BTW 21%", Decimal(21)),
        "reduced-rate": (4, "BE-BTW 6%-1", "BTW 6%", Decimal(6)),
    },
    "DE": {
        "": (5, "DE-MWST 19%-1", "MwSt 19%", Decimal(19)),
        "reduced-rate": (6, "DE-MWST 7%-1", "MwSt 7%", Decimal(7)),
    },
    "FR": {
        "": (7, "FR-TVA 20%-1", "TVA 20%", Decimal(20)),
        "reduced-rate": (8, "FR-TVA 5.5%-1", "TVA 5,5%", Decimal("5.5")),
    },
}
PEOPLE = (
    ("Jan", "Jansen", "Damrak 1", "1012 LG", "Amsterdam", "NL"),
    ("Fatima", "El Amrani", "Oudegracht 88", "3511 AS", "Utrecht", "NL"),
    ("Sanne", "de Vries", "Grote Markt 12", "9711 LV", "Groningen", "NL"),
    ("Pieter", "Bakker", "Coolsingel 40", "3011 AD", "Rotterdam", "NL"),
    ("Eva", "Visser", "Stratumseind 3", "5611 ET", "Eindhoven", "NL"),
    ("Lotte", "Peeters", "Meir 50", "2000", "Antwerpen", "BE"),
    ("Thomas", "Müller", "Schildergasse 7", "50667", "Köln", "DE"),
    ("Camille", "Dubois", "Rue de Rivoli 10", "75001", "Paris", "FR"),
)
B2B = (
    "Handelsonderneming Schmidt GmbH",
    "DE123456789",
    "Thomas",
    "Schmidt",
    "Königsallee 2",
    "40212",
    "Düsseldorf",
    "DE",
)
PAYMENTS = {
    "NL": ("mollie_wc_gateway_ideal", "iDEAL"),
    "BE": ("mollie_wc_gateway_bancontact", "Bancontact"),
    "DE": ("mollie_wc_gateway_creditcard", "Kreditkarte"),
    "FR": ("mollie_wc_gateway_creditcard", "Carte bancaire"),
}
STATUSES = (
    ("processing", 50),
    ("completed", 30),
    ("on-hold", 8),
    ("pending", 5),
    ("cancelled", 4),
    ("failed", 3),
)


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, ROUND_HALF_UP))


def _vat_share(gross: Decimal, percent: Decimal) -> Decimal:
    return (gross * percent / (100 + percent)).quantize(CENT, ROUND_HALF_UP)


def _php_price(total: Decimal, quantity: int) -> Decimal:
    """Line ``price`` = total / quantity as PHP prints it: an int when whole, else a float."""
    value = total / quantity
    if value == value.to_integral_value():
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def _tax_entry(rate_id: int, total: Decimal, subtotal: Decimal | str) -> dict[str, Any]:
    sub = subtotal if isinstance(subtotal, str) else money(subtotal)
    return {"id": rate_id, "total": money(total), "subtotal": sub}


def _line(ids, product, quantity, country, exempt, coupon) -> tuple[dict[str, Any], int, Decimal]:
    name, sku, product_id, price, tax_class = product
    gross = Decimal(price) * quantity
    base_percent = RATES["NL"][tax_class][3]
    rate_id, _code, _label, percent = RATES[country][tax_class]
    discounted = (gross * (1 - coupon)).quantize(CENT, ROUND_HALF_UP)
    if country == "NL" and not exempt:
        sub_tax, tot_tax = _vat_share(gross, percent), _vat_share(discounted, percent)
        subtotal, total = gross - sub_tax, discounted - tot_tax
    else:
        subtotal = gross - _vat_share(gross, base_percent)
        total = discounted - _vat_share(discounted, base_percent)
        sub_tax = Decimal(0) if exempt else (subtotal * percent / 100).quantize(CENT, ROUND_HALF_UP)
        tot_tax = Decimal(0) if exempt else (total * percent / 100).quantize(CENT, ROUND_HALF_UP)
    line = {
        "id": next(ids),
        "name": name,
        "product_id": product_id,
        "variation_id": 0,
        "quantity": quantity,
        "tax_class": tax_class,
        "subtotal": money(subtotal),
        "subtotal_tax": money(sub_tax),
        "total": money(total),
        "total_tax": money(tot_tax),
        "taxes": [] if exempt else [_tax_entry(rate_id, tot_tax, sub_tax)],
        "meta_data": [],
        "sku": sku,
        "price": _php_price(total, quantity),
        "image": {"id": "", "src": ""},
        "parent_name": None,
    }
    return line, rate_id, tot_tax


def _address(person: tuple[str, ...], email: str, company: str = "") -> dict[str, str]:
    first, last, street, postcode, city, country = person
    return {
        "first_name": first,
        "last_name": last,
        "company": company,
        "address_1": street,
        "address_2": "",
        "city": city,
        "state": "",
        "postcode": postcode,
        "country": country,
        "email": email,
        "phone": "+31201234567" if country == "NL" else "",
    }


def generate_order(rng: random.Random, ids: Iterator[int], when: datetime) -> dict[str, Any]:
    """One REST-shaped order (without ``id``: the shop assigns it)."""
    exempt = rng.random() < 0.07
    if exempt:
        company, vat, *person = B2B
    else:
        company, vat, person = "", "", list(rng.choice(PEOPLE))
    country = person[5]
    email = f"{person[0].lower()}.{person[1].lower().replace(' ', '')}@example.{country.lower()}"
    email = email.replace("ü", "ue")
    coupon = Decimal("0.10") if rng.random() < 0.25 else Decimal(0)
    products = rng.sample(CATALOGUE, rng.randint(1, 3))
    lines, taxes = [], {}
    for product in products:
        line, rate_id, tax = _line(ids, product, rng.randint(1, 3), country, exempt, coupon)
        lines.append(line)
        taxes[rate_id] = taxes.get(rate_id, Decimal(0)) + tax
    net_goods = sum(Decimal(line["total"]) for line in lines)
    std_id, std_code, std_label, std_percent = RATES[country][""]
    shipping_net = (
        Decimal("0.00") if net_goods >= 75 else Decimal("4.95" if country == "NL" else "9.50")
    )
    ship_tax = (
        Decimal(0) if exempt else (shipping_net * std_percent / 100).quantize(CENT, ROUND_HALF_DOWN)
    )
    ship_tax_shown = (
        Decimal(0) if exempt else (shipping_net * std_percent / 100).quantize(CENT, ROUND_HALF_UP)
    )
    fees = []
    if rng.random() < 0.2:
        fee_tax = Decimal(0) if exempt else (Decimal("1.00") * std_percent / 100).quantize(CENT)
        fees.append(
            {
                "id": next(ids),
                "name": "Verpakkingskosten",
                "tax_class": "",
                "tax_status": "taxable",
                "amount": "",
                "total": "1.00",
                "total_tax": money(fee_tax),
                "taxes": [] if exempt else [_tax_entry(std_id, fee_tax, "")],
                "meta_data": [],
            }
        )
        taxes[std_id] = taxes.get(std_id, Decimal(0)) + fee_tax
    shipping_lines = [
        {
            "id": next(ids),
            "method_title": "Verzendkosten" if shipping_net else "Gratis verzending",
            "method_id": "flat_rate" if shipping_net else "free_shipping",
            "instance_id": "1",
            "total": money(shipping_net),
            "total_tax": money(ship_tax),
            "taxes": [] if exempt else [_tax_entry(std_id, ship_tax_shown, "")],
            "tax_status": "taxable",
            "meta_data": [],
        }
    ]
    tax_lines = []
    if not exempt:
        # The shipping line names the standard rate even at 0.00 (free shipping), and
        # WC_Abstract_Order::update_taxes() keeps a tax line for every rate an item names.
        taxes.setdefault(std_id, Decimal(0))
        by_id = {rate[0]: rate for rate in RATES[country].values()}
        for rate_id in sorted(taxes):
            _rid, code, label, percent = by_id[rate_id]
            tax_lines.append(
                {
                    "id": next(ids),
                    "rate_code": code,
                    "rate_id": rate_id,
                    "label": label,
                    "compound": False,
                    "tax_total": money(taxes[rate_id]),
                    "shipping_tax_total": money(ship_tax if rate_id == std_id else Decimal(0)),
                    "rate_percent": percent
                    if percent != percent.to_integral_value()
                    else int(percent),
                    "meta_data": [],
                }
            )
    cart_tax = sum((taxes[r] for r in taxes), Decimal(0))
    total_tax = cart_tax + ship_tax
    total = net_goods + shipping_net + sum(Decimal(f["total"]) for f in fees) + total_tax
    discount = sum(Decimal(x["subtotal"]) - Decimal(x["total"]) for x in lines)
    discount_tax = sum(Decimal(x["subtotal_tax"]) - Decimal(x["total_tax"]) for x in lines)
    coupons = []
    if coupon:
        coupons.append(
            {
                "id": next(ids),
                "code": "welkom10",
                "discount": money(discount),
                "discount_tax": money(discount_tax),
                "meta_data": [],
                "discount_type": "percent",
                "nominal_amount": 10,
                "free_shipping": False,
            }
        )
    status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
    method, title = (
        ("bacs", "Directe bankoverschrijving") if status == "on-hold" else PAYMENTS[country]
    )
    paid = (
        when + timedelta(seconds=rng.randint(20, 300))
        if status in ("processing", "completed")
        else None
    )
    completed = paid + timedelta(days=rng.randint(1, 3)) if status == "completed" and paid else None
    modified = max(m for m in (when + timedelta(seconds=5), paid, completed) if m is not None)
    meta: list[dict[str, Any]] = []
    if exempt:
        meta = [
            {"key": "_billing_vat_number", "value": vat},
            {"key": "is_vat_exempt", "value": "yes"},
        ]
    billing = _address(tuple(person), email, company)
    shipping = {k: v for k, v in billing.items() if k != "email"}
    shipping["phone"] = ""

    def gmt(moment: datetime | None) -> str | None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") if moment else None

    return {
        "parent_id": 0,
        "status": status,
        "currency": "EUR",
        "version": "10.0.2",
        "prices_include_tax": True,
        "discount_total": money(discount),
        "discount_tax": money(discount_tax),
        "shipping_total": money(shipping_net),
        "shipping_tax": money(ship_tax),
        "cart_tax": money(cart_tax),
        "total": money(total),
        "total_tax": money(total_tax),
        "customer_id": 0 if rng.random() < 0.4 else rng.randint(2, 400),
        "billing": billing,
        "shipping": shipping,
        "payment_method": method,
        "payment_method_title": title,
        "transaction_id": f"tr_{rng.randrange(16**10):010x}" if paid else "",
        "customer_ip_address": "",
        "customer_user_agent": "",
        "created_via": "checkout",
        "customer_note": "",
        "cart_hash": "",
        "meta_data": meta,
        "line_items": lines,
        "tax_lines": tax_lines,
        "shipping_lines": shipping_lines,
        "fee_lines": fees,
        "coupon_lines": coupons,
        "refunds": [],
        "payment_url": "",
        "needs_processing": True,
        "currency_symbol": "\u20ac",
        "date_created_gmt": gmt(when),
        "date_modified_gmt": gmt(modified),
        "date_completed_gmt": gmt(completed),
        "date_paid_gmt": gmt(paid),
    }


def generate_orders(
    count: int,
    *,
    seed: int = 1,
    start: datetime | None = None,
    end: datetime | None = None,
    item_ids: Iterator[int] | None = None,
) -> list[dict[str, Any]]:
    """``count`` orders created between ``start`` and ``end`` (UTC), oldest first; deterministic."""
    rng = random.Random(seed)
    end = end or datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    start = start or end - timedelta(days=90)
    span = max((end - start).total_seconds(), 1.0)
    moments = sorted(start + timedelta(seconds=int(rng.random() * span)) for _ in range(count))
    ids = item_ids or itertools.count(10_000)
    return [generate_order(rng, ids, moment) for moment in moments]


def check_arithmetic(order: dict[str, Any]) -> Decimal:
    """Line + shipping + fee totals + tax_lines minus ``total``: 0.00 for every generated order."""
    goods = sum(Decimal(x["total"]) for x in order["line_items"])
    shipping = sum(Decimal(x["total"]) for x in order["shipping_lines"])
    fees = sum(Decimal(x["total"]) for x in order["fee_lines"])
    tax = sum(
        Decimal(t["tax_total"]) + Decimal(t["shipping_tax_total"]) for t in order["tax_lines"]
    )
    return goods + shipping + fees + tax - Decimal(order["total"])
