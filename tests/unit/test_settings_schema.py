"""The settings document's sections: defaults, cross-field rules, and the stored JSON form."""

import json
from decimal import Decimal

import pytest
from marshmallow import ValidationError

from sidecar.shops.settings import SettingsSchema, default_settings, flatten_errors

BASE = {"trigger_statuses": ["processing"]}


def _errors(document: dict) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        SettingsSchema().load(document)
    return flatten_errors(info.value.messages)


def test_defaults_are_complete_json_and_round_trip() -> None:
    stored = default_settings("magento")
    assert stored["trigger_statuses"] == ["processing", "complete"]
    json.dumps(stored)  # storable as JSON: no Decimal, no callables
    typed = SettingsSchema().load(stored)
    assert typed["rounding"]["tolerance"] == Decimal("0.02")
    assert SettingsSchema().dump(typed) == stored


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"document": {"type": "sales_invoice"}}, "document.journal"),
        ({"document": {"type": "direct_invoice", "journal": "70"}}, "document.warehouse"),
        ({"document": {"type": "sales_order", "process": True}}, "document.process"),
        (
            {"document": {"type": "sales_invoice", "journal": "70", "email_customer": True}},
            "document.email_customer",
        ),
        ({"document": {"type": "credit_card"}}, "document.type"),
        ({"customers": {"mode": "default_debtor"}}, "customers.default_debtor"),
        ({"customers": {"match": "vat_number"}}, "customers.match_meta_key"),
        ({"items": {"missing_sku": "fallback_item"}}, "items.fallback_item"),
        ({"vat": {"rates": [{"exact": "21"}]}}, "vat.rates[0].shop_rate"),
        (
            {"vat": {"rates": [{"country": "nl", "percent": "21", "exact": "21"}]}},
            "vat.rates[0].country",
        ),
        (
            {"vat": {"rates": [{"shop_rate": "1", "percent": "121", "exact": "21"}]}},
            "vat.rates[0].percent",
        ),
        ({"free_fields": {"description": "{shop} #{number}"}}, "free_fields.description"),
        # without the order's number the lookup after a lost answer has nothing to find
        ({"free_fields": {"your_ref": ""}}, "free_fields.your_ref"),
        ({"free_fields": {"your_ref": "WEB-{date}"}}, "free_fields.your_ref"),
        (
            {"free_fields": {"meta": [{"meta_key": "kvk", "field": "Notes"}]}},
            "free_fields.meta[0].field",
        ),
        ({"rounding": {"tolerance": "5"}}, "rounding.tolerance"),
        ({"payment": {"methods": [{"shop": "mollie_ideal"}]}}, "payment.methods[0].exact"),
        (
            {"dimensions": {"rules": [{"when": "weather", "value": "rain"}]}},
            "dimensions.rules[0].when",
        ),
        ({"shipping": {"colour": "red"}}, "shipping.colour"),
    ],
)
def test_each_rule_names_its_field(document: dict, field: str) -> None:
    assert field in _errors({**BASE, **document})


def test_a_complete_document_is_accepted() -> None:
    document = {
        **BASE,
        "document": {"type": "sales_entry", "journal": "70"},
        "customers": {
            "mode": "match_or_create",
            "match": "customer_number",
            "match_meta_key": "_exact_account",
            "update_existing": True,
            "new_account": {
                "classification": "WEB",
                "countries": [{"country": "BE", "vat_code": "OBE"}],
            },
        },
        "items": {"missing_sku": "create_item", "item_group": "WEB"},
        "vat": {
            "rates": [{"shop_rate": "1", "exact": "21"}, {"shop_rate": "2", "exact": "9"}],
            "reverse_charge": "ICP",
            "export": "EXP",
        },
        "revenue": {
            "domestic": "8000",
            "eu": "8100",
            "outside_eu": "8200",
            "countries": [{"country": "DE", "gl_account": "8110"}],
        },
        "shipping": {
            "item": "SHIPPING",
            "gl_account": "8300",
            "methods": [{"shop": "flat_rate", "exact": "POST"}],
        },
        "payment": {"methods": [{"shop": "mollie_ideal", "exact": "00", "journal": "20"}]},
        "discounts": {"mode": "separate_line", "item": "KORTING"},
        "dimensions": {
            "cost_center": "WEB",
            "rules": [{"when": "country", "value": "BE", "cost_unit": "BE"}],
        },
        "free_fields": {
            "your_ref": "WC-{number}",
            "description": "{shop_name} #{number}",
            "meta": [{"meta_key": "_po_number", "field": "Remarks"}],
        },
        "rounding": {"tolerance": "0.05", "gl_account": "8990"},
        "customer_sync": True,
    }
    loaded = SettingsSchema().load(document)
    assert loaded["rounding"]["tolerance"] == Decimal("0.05")
    assert loaded["payment"]["methods"][0]["journal"] == "20"


@pytest.mark.parametrize("template", ["{number}", "WEB-{number}", "{shop_name}/{id}"])
def test_a_reference_with_the_orders_number_or_id_is_accepted(template: str) -> None:
    loaded = SettingsSchema().load({**BASE, "free_fields": {"your_ref": template}})
    assert loaded["free_fields"]["your_ref"] == template
