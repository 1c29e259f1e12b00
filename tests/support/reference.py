"""An in-memory stand-in for ``ReferenceData`` (the Redis-cached Exact codes), so the document
builders can be tested on their arithmetic without an Exact division; the e2e tests run the same
builders against the Exact emulator.

Holds the fake reference tables, the base settings they satisfy, ``settings()`` to load a variant
of them and ``resolver()`` to build a ``Resolver`` over the fake; used by the document and credit
note builder tests in tests/unit/sync."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sidecar.mapping.resolvers import Resolver
from sidecar.mapping.settings_model import Settings, settings_from
from sidecar.shops.settings import SettingsSchema

VAT = {"21": 0.21, "9": 0.09, "0": 0, "ICP": 0, "EXP": 0}
GL = ("8000", "8030", "8020", "8090", "8095", "8099")
ITEMS = (
    "MUG-001",
    "BEAN-1KG",
    "TOWEL-2495",
    "STK-099",
    "CARD-133",
    "SHIPPING",
    "INSTALL",
    "KORTING",
    "RETOUR",
    "AFR",
)
BASE = {
    "trigger_statuses": ["processing", "completed"],
    "vat": {
        "rates": [{"shop_rate": "1", "exact": "21"}, {"shop_rate": "2", "exact": "9"}],
        "reverse_charge": "ICP",
        "export": "EXP",
        "untaxed": "0",
    },
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8030", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING", "gl_account": "8000"},
    "items": {"no_sku_item": "INSTALL"},
    "rounding": {"item": "AFR", "gl_account": "8099"},
}


class FakeReference:
    region = "nl"

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, dict[str, Any]]] = {
            "vat_codes": {c: {"ID": c, "Code": c, "Percentage": p} for c, p in VAT.items()},
            "gl_accounts": {c: {"ID": f"gl-{c}", "Code": c} for c in GL},
            "warehouses": {"1": {"ID": "wh-1", "Code": "1"}},
            "payment_conditions": {"14": {"ID": "pc-14", "Code": "14"}},
        }
        self.item_rows = {c: {"ID": f"item-{c}", "Code": c} for c in ITEMS}

    def lookup(self, kind: str, code: str) -> dict[str, Any] | None:
        return self.tables.get(kind, {}).get(str(code).strip())

    def items(self, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {c.strip(): self.item_rows[c.strip()] for c in codes if c.strip() in self.item_rows}


def settings(**sections: Any) -> Settings:
    return settings_from(SettingsSchema().load({**BASE, **sections}))


def resolver(typed: Settings) -> tuple[Resolver, dict[str, dict[str, Any]]]:
    ref = FakeReference()
    return Resolver(typed, ref, "Koffiehuis"), dict(ref.item_rows)  # type: ignore[arg-type]


def exact_line_vat(amount: Decimal, percent: Decimal) -> Decimal:
    """Exact's VAT of one line: amount x percentage, rounded half away from zero (the rule the
    emulator's default arithmetic applies; written here so tests do not borrow the sidecar's)."""
    return (amount * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def exact_vat_by_code(lines: list[dict], vat: str) -> dict[str, Decimal]:
    """What Exact's per-line arithmetic books per VAT code for built lines, after checking that
    every line sends exactly the VAT Exact would compute for it."""
    out: dict[str, Decimal] = {}
    for row in lines:
        amount = Decimal(str(row["AmountFC"]))
        computed = exact_line_vat(amount, Decimal(str(VAT[row["VATCode"]])) * 100)
        assert Decimal(str(row[vat])) == computed, row
        out[row["VATCode"]] = out.get(row["VATCode"], Decimal(0)) + computed
    return out
