"""The refusal registry: Exact's texts lead to the place the owner fixes them, and every setting
the registry names exists in the settings document."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from sidecar.exact import refusals
from sidecar.exact.errors import ExactPermanent
from sidecar.shops.settings import SettingsSchema


def _has(schema: Schema, dotted: str) -> bool:
    head, _, rest = dotted.partition(".")
    field = schema.fields.get(head)
    if field is None:
        return False
    if not rest:
        return True
    return isinstance(field, fields.Nested) and _has(field.schema, rest)


@pytest.mark.parametrize("fix", refusals.FIXES, ids=lambda f: f.setting or f.words[0])
def test_every_named_setting_exists_and_is_quoted(fix: refusals.Fix) -> None:
    if fix.setting is None:
        assert "Exact" in fix.resolution
        return
    assert _has(SettingsSchema(), fix.setting), fix.setting
    assert f"({fix.setting}" in fix.resolution, "the resolution names the key it points at"


@pytest.mark.parametrize(
    ("exact_text", "setting"),
    [
        ("Ongeldig: Factuur voor (Type)", "customers.non_customer"),
        ("Ongeldig: Besteld door (geblokkeerd)", None),
        ("Ongeldig: Dagboek (geblokkeerd)", "document.journal"),
        ("Ongeldig: Valuta", None),
        ("Verplicht: Dagboek", "document.journal"),
        ("Ongeldige referentie: Btw-code", "vat.rates"),
        ("VATCode '21' is blocked.", "vat.rates"),
        ("Ongeldig: Grootboekrekening (balansrekening)", "revenue.domestic"),
        ("Ongeldige referentie: Artikel", "items.missing_sku"),
        ("Ongeldig: Type: directe facturen bestaan niet in deze editie", "document.type"),
    ],
)
def test_exact_texts_find_their_place(exact_text: str, setting: str | None) -> None:
    fix = refusals.fix_for(exact_text)
    assert fix is not None and fix.setting == setting
    refused = ExactPermanent(500, exact_text, "salesinvoice/SalesInvoices")
    assert refused.resolution == fix.resolution


def test_an_unknown_text_gets_the_generic_advice() -> None:
    assert refusals.fix_for("Iets onverwachts") is None
    assert ExactPermanent(500, "Iets onverwachts", "x").resolution == refusals.GENERIC
