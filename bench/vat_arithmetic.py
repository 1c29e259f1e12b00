"""Benchmark phase: Exact calls per warm order under each VAT arithmetic Exact may use.

Called by ``bench/orders.py`` after its calls-per-order phase (same emulator, shop and runtime).
For each ``vat_arithmetic`` of the emulator (client, line, document) the administration's learnt
arithmetic is forgotten, and realistic WooCommerce orders from the WooCommerce emulator's
generator (NL, BE, DE and FR consumers, a German business without VAT, 1-3 products, coupons,
fees, shipping with its half-cent quirk) are posted one at a time; a warm order is one whose
customer is known. Every document's total is read back and compared with the shop's, so a
cheaper run that books wrong cents cannot pass for a faster one.
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from rq import SimpleWorker
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.emulators.woocommerce.generator import CATALOGUE, generate_order

MODES = ("client", "line", "document")
# The generator's rates (ids 3-8: BE, DE, FR) -> the OSS codes of the emulated division.
OSS_CODES = {
    "OBE": ("OSS Belgie 21%", "0.21"),
    "OBE6": ("OSS Belgie 6%", "0.06"),
    "ODE": ("OSS Duitsland 19%", "0.19"),
    "ODE7": ("OSS Duitsland 7%", "0.07"),
    "OFR": ("OSS Frankrijk 20%", "0.20"),
    "OFR5": ("OSS Frankrijk 5,5%", "0.055"),
}
RATES = [
    {"shop_rate": "1", "exact": "21"},
    {"shop_rate": "2", "exact": "9"},
    {"shop_rate": "3", "exact": "OBE"},
    {"shop_rate": "4", "exact": "OBE6"},
    {"shop_rate": "5", "exact": "ODE"},
    {"shop_rate": "6", "exact": "ODE7"},
    {"shop_rate": "7", "exact": "OFR"},
    {"shop_rate": "8", "exact": "OFR5"},
]


def prepare(exact, division: int) -> dict[str, Any]:  # noqa: ANN001
    """Items and VAT codes the generated orders need (before the sidecar first reads Exact's
    VAT codes, which it caches); returns the settings to add."""
    seeded = {row["Code"].strip() for row in exact.records(division, "vat/VATCodes")}
    for code, (description, percent) in OSS_CODES.items():
        if code not in seeded:
            exact.insert_record(
                division,
                "vat/VATCodes",
                {
                    "Code": code,
                    "Description": description,
                    "Percentage": float(percent),
                    "Type": "E",
                    "VATTransactionType": "S",
                },
            )
    exact.insert_records(
        division,
        "logistics/Items",
        [{"Code": sku, "Description": name, "IsSalesItem": True} for name, sku, *_ in CATALOGUE]
        + [{"Code": "AFRONDING", "Description": "Afronding", "IsSalesItem": True}],
    )
    return {
        "vat": {"rates": RATES, "untaxed": "0", "reverse_charge": "ICP", "export": "EXP"},
        "rounding": {"item": "AFRONDING", "tolerance": "0.02"},
        "items": {"no_sku_item": "INSTALL"},  # the generator's packaging fee has no SKU
        "trigger_statuses": ["processing"],
    }


def orders(count: int, start: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    ids = itertools.count(start * 10)
    when = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    out = []
    for n in range(count):
        order = generate_order(rng, ids, when - timedelta(minutes=n))
        order.update(id=start + n, number=str(start + n), status="processing")
        # as the shop's REST answer carries it: JSON numbers, not Decimals
        out.append(json.loads(json.dumps(order, default=float)))
    return out


def run(rt, exact, shop_id: str, count: int, accept, endpoint: str, division: int) -> dict:  # noqa: ANN001
    """Per mode: mean calls per warm order, per first order, and documents off the shop's total."""
    worker = SimpleWorker(["orders"], connection=rt.redis)
    results: dict[str, dict] = {}
    for index, mode in enumerate(MODES):
        exact.config.vat_arithmetic = mode
        rt.redis.delete(*rt.redis.keys("sidecar:exact:vat-arithmetic:*") or ["none"])
        batch = orders(count, 500_000 + 10_000 * index, seed=21 + index)
        seen: set[str] = set()
        warm, first = [], []
        for order in batch:
            before = len(exact.request_log())
            accept(rt, shop_id, [order], f"v{mode}")
            worker.work(burst=True)
            used = len(exact.request_log()) - before
            email = order["billing"]["email"]
            (warm if email in seen else first).append(used)
            seen.add(email)
        totals = {
            str(doc["YourRef"]): Decimal(str(doc["AmountFC"]))
            for doc in exact.records(division, endpoint)
        }
        off = sum(1 for o in batch if totals.get(o["number"]) != Decimal(o["total"]))
        with rt.db.session() as session:
            failed = Counter(
                a.message.split(": ", 1)[-1][:120]
                for a in session.scalars(select(Activity).where(Activity.level == "error"))
                if a.entity and a.entity.split(":")[-1] in {str(o["id"]) for o in batch}
            )
        results[mode] = {
            "why": failed.most_common(3),
            "warm": statistics.mean(warm),
            "first": statistics.mean(first) if first else 0.0,
            "n": len(warm),
            "off": off,
        }
    exact.config.vat_arithmetic = "line"
    return results
