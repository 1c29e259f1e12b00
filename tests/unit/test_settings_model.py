"""The typed settings objects mirror the marshmallow schemas exactly: field names, types, values."""

from __future__ import annotations

import dataclasses
import types
from decimal import Decimal
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from marshmallow import Schema, fields

from sidecar.mapping import settings_model
from sidecar.mapping.schemas import SECTIONS
from sidecar.mapping.settings_model import (
    PushbackSettings,
    Settings,
    StatusRule,
    settings_from,
)
from sidecar.shops.settings import SettingsSchema, default_settings

# Every optional field of every section and row type holds a valid, non-default value.
FULL_DOCUMENT: dict[str, Any] = {
    "version": 1,
    "trigger_statuses": ["processing", "completed", "on-hold"],
    "document": {
        "type": "sales_invoice",
        "journal": "70",
        "process": True,
        "email_customer": True,
        "warehouse": "1",
    },
    "customers": {
        "mode": "default_debtor",
        "match": "vat_number",
        "match_meta_key": "_billing_vat_number",
        "default_debtor": "400000",
        "update_existing": True,
        "non_customer": "new_account",
        "vat_number_meta_keys": ["_billing_vat_number", "vat_id"],
        "new_account": {
            "classification": "WEB",
            "payment_condition": "14",
            "countries": [
                {
                    "country": "BE",
                    "vat_code": "OBE",
                    "payment_condition": "30",
                    "gl_account": "1300",
                },
                {
                    "country": "DE",
                    "vat_code": "ODE",
                    "payment_condition": "7",
                    "gl_account": "1310",
                },
            ],
        },
    },
    "items": {
        "missing_sku": "fallback_item",
        "fallback_item": "WEBSHOP",
        "item_group": "WEB",
        "no_sku_item": "NOSKU",
    },
    "vat": {
        "rates": [
            {"shop_rate": "1", "country": "NL", "percent": "21", "exact": "21"},
            {"country": "DE", "percent": "19.5", "exact": "DE19"},
            {"shop_rate": "3", "exact": "9"},
        ],
        "reverse_charge": "ICP",
        "export": "EXP",
        "untaxed": "0",
    },
    "revenue": {
        "home_country": "BE",
        "domestic": "8000",
        "eu": "8100",
        "outside_eu": "8200",
        "countries": [
            {"country": "NL", "vat_code": "21", "payment_condition": "30", "gl_account": "8110"}
        ],
    },
    "shipping": {
        "item": "SHIPPING",
        "gl_account": "8300",
        "methods": [
            {"shop": "flat_rate", "exact": "POST"},
            {"shop": "local_pickup", "exact": "AF"},
        ],
    },
    "payment": {
        "default_condition": "00",
        "methods": [
            {"shop": "mollie_ideal", "exact": "IDL", "journal": "20"},
            {"shop": "bacs", "exact": "30"},
        ],
    },
    "discounts": {"mode": "separate_line", "item": "KORTING", "gl_account": "8400"},
    "dimensions": {
        "cost_center": "WEB",
        "cost_unit": "ALL",
        "rules": [
            {"when": "country", "value": "BE", "cost_center": "BE", "cost_unit": "BEU"},
            {"when": "payment", "value": "mollie_ideal", "cost_center": "IDL"},
            {"when": "shipping", "value": "flat_rate", "cost_unit": "POST"},
        ],
    },
    "free_fields": {
        "your_ref": "WC-{number}",
        "description": "{shop_name} #{number} ({id}) {date}",
        "remarks": "{company} {last_name} <{email}>",
        "meta": [
            {"meta_key": "_po_number", "field": "YourRef"},
            {"meta_key": "_note", "field": "Remarks"},
            {"meta_key": "_project", "field": "Description"},
        ],
    },
    "rounding": {"tolerance": "0.05", "item": "AFRONDING", "gl_account": "8990"},
    "pushback": {
        "enabled": False,
        "rules": [
            {
                "when": "invoice_paid",
                "status": "completed",
                "note": "{document} {number}: {status}",
            },
            {"when": "order_delivered", "status": None, "note": "Delivered: {number}."},
        ],
        "poll_minutes": 15,
    },
    "refunds": {
        "enabled": False,
        "amount_item": "REFUND",
        "amount_gl_account": "8050",
        "cancelled": "credit",
    },
    "customer_sync": True,
}


def _assert_mirrors(obj: Any, data: Any, path: str = "settings") -> None:
    """The dataclass tree ``obj`` holds exactly the loaded dict tree ``data``."""
    if isinstance(data, dict):
        assert dataclasses.is_dataclass(obj) and not isinstance(obj, type), path
        names = {f.name for f in dataclasses.fields(obj)}
        assert set(data) == names, f"{path}: keys {sorted(data)} vs fields {sorted(names)}"
        for name in names:
            _assert_mirrors(getattr(obj, name), data[name], f"{path}.{name}")
    elif isinstance(data, list):
        assert isinstance(obj, tuple), f"{path}: {type(obj).__name__}, not a tuple"
        assert len(obj) == len(data), path
        for i, (item, row) in enumerate(zip(obj, data, strict=True)):
            _assert_mirrors(item, row, f"{path}[{i}]")
    else:
        assert type(obj) is type(data), f"{path}: {type(obj).__name__} vs {type(data).__name__}"
        assert obj == data, path


@pytest.mark.parametrize("platform", ["woocommerce", "magento"])
def test_defaults_mirror_the_loaded_dict(platform: str) -> None:
    loaded = SettingsSchema().load(default_settings(platform))
    settings = settings_from(loaded)
    assert isinstance(settings, Settings)
    _assert_mirrors(settings, loaded)


def _unnamed(schema: Schema | type[Schema], data: Any, path: str) -> list[str]:
    """Schema fields that ``data`` (or, for a list, none of its rows) gives a value."""
    declared = schema._declared_fields
    missing = [f"{path}.{name}" for name in declared if name not in data]
    for name, field in declared.items():
        nested = field.inner if isinstance(field, fields.List) else field
        if not isinstance(nested, fields.Nested) or data.get(name) is None:
            continue
        rows = data[name] if isinstance(field, fields.List) else [data[name]]
        assert rows, f"{path}.{name}: give at least one row"
        merged = {key: row[key] for row in rows for key in row}
        missing += _unnamed(nested.nested, merged, f"{path}.{name}")
    return missing


def test_the_full_document_names_every_field() -> None:
    assert _unnamed(SettingsSchema, FULL_DOCUMENT, "settings") == []


def test_a_full_document_mirrors_the_loaded_dict() -> None:
    loaded = SettingsSchema().load(FULL_DOCUMENT)
    settings = settings_from(loaded)
    _assert_mirrors(settings, loaded)
    # Spot checks that the values really came through typed.
    assert settings.rounding.tolerance == Decimal("0.05")
    assert settings.vat.rates[1].percent == Decimal("19.5")
    assert settings.vat.rates[2].percent is None
    assert settings.payment.methods[0].journal == "20"
    assert settings.payment.methods[1].journal is None
    assert settings.customers.new_account.countries[1].country == "DE"
    assert settings.pushback.rules is not None
    assert settings.pushback.rules[1] == StatusRule(
        when="order_delivered", status=None, note="Delivered: {number}."
    )


_LEAVES: dict[type[fields.Field], type] = {
    fields.String: str,
    fields.Boolean: bool,
    fields.Integer: int,
    fields.Decimal: Decimal,
}


def _split_optional(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        assert len(args) == 1 and len(get_args(hint)) == 2, hint
        return args[0], True
    return hint, False


def _check_value(field: fields.Field, hint: Any, path: str, seen: dict[type, type]) -> None:
    """``hint`` is what ``field`` loads: a leaf type, a row dataclass, or a tuple of either."""
    if isinstance(field, fields.Nested):
        assert dataclasses.is_dataclass(hint), f"{path}: {hint} is not a dataclass"
        _check_model(field.nested, hint, path, seen)
    elif isinstance(field, fields.List):
        assert get_origin(hint) is tuple, f"{path}: {hint} is not a tuple"
        item, ellipsis = get_args(hint)
        assert ellipsis is Ellipsis, f"{path}: {hint} is not tuple[X, ...]"
        _check_value(field.inner, item, f"{path}[]", seen)
    else:
        assert type(field) in _LEAVES, f"{path}: no mapping for {type(field).__name__}"
        assert hint is _LEAVES[type(field)], f"{path}: {hint} for {type(field).__name__}"


def _check_model(schema: Any, model: type, path: str, seen: dict[type, type]) -> None:
    """``model`` has exactly ``schema``'s fields, each with the type the schema loads."""
    assert isinstance(schema, type) and issubclass(schema, Schema), path
    assert seen.setdefault(schema, model) is model, f"{path}: {schema.__name__} maps to two models"
    declared = schema._declared_fields
    names = [f.name for f in dataclasses.fields(model)]
    assert set(names) == set(declared), (
        f"{path}: {model.__name__} has {sorted(set(names) - set(declared))} extra, "
        f"{sorted(set(declared) - set(names))} missing compared to {schema.__name__}"
    )
    hints = get_type_hints(model)
    for name, field in declared.items():
        hint, optional = _split_optional(hints[name])
        assert optional == field.allow_none, f"{path}.{name}: None allowed is {field.allow_none}"
        _check_value(field, hint, f"{path}.{name}", seen)


def test_every_schema_has_a_dataclass_with_the_same_fields_and_types() -> None:
    seen: dict[type, type] = {}
    _check_model(SettingsSchema, Settings, "settings", seen)
    assert set(SECTIONS.values()) <= set(seen)
    # Every dataclass of the module stands for a schema (no leftovers after a schema change).
    models = {
        obj
        for obj in vars(settings_model).values()
        if isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == settings_model.__name__
    }
    assert models == set(seen.values())
    assert len(set(seen.values())) == len(seen)


def test_a_dict_that_does_not_match_the_model_is_refused() -> None:
    loaded = SettingsSchema().load(default_settings("woocommerce"))
    with pytest.raises(ValueError, match=r"settings\.items: .*unexpected keys \['colour'\]"):
        settings_from({**loaded, "items": {**loaded["items"], "colour": "red"}})
    document = dict(loaded["document"])
    del document["journal"]
    with pytest.raises(ValueError, match=r"settings\.document: .*missing keys \['journal'\]"):
        settings_from({**loaded, "document": document})
    with pytest.raises(ValueError, match=r"settings\.rounding\.tolerance: None"):
        settings_from({**loaded, "rounding": {**loaded["rounding"], "tolerance": None}})


def test_a_misspelt_attribute_raises_at_once() -> None:
    settings = settings_from(SettingsSchema().load(FULL_DOCUMENT))
    with pytest.raises(AttributeError):
        _ = settings.items.missing_skus  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        _ = settings.item  # type: ignore[attr-defined]
    assert not hasattr(settings.vat.rates[0], "__dict__")  # slots: nowhere for a typo to land


def test_the_objects_are_frozen() -> None:
    settings = settings_from(SettingsSchema().load(FULL_DOCUMENT))
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.customer_sync = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.items.missing_sku = "fail"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.payment.methods[0].journal = None  # type: ignore[misc]
    # A misspelt assignment gets the same clear error (not CPython's TypeError from super()).
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"ItemsSettings\.missing_skus"):
        settings.items.missing_skus = "fail"  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del settings.items.missing_sku
    assert isinstance(settings.trigger_statuses, tuple)
    assert isinstance(settings.dimensions.rules, tuple)


def test_pushback_rules_keep_none_apart_from_empty() -> None:
    defaults = settings_from(SettingsSchema().load({"trigger_statuses": ["processing"]}))
    assert defaults.pushback.rules is None  # the platform's defaults
    none = settings_from(
        SettingsSchema().load({"trigger_statuses": ["processing"], "pushback": {"rules": []}})
    )
    assert none.pushback.rules == ()  # no rules at all
    assert none.pushback == PushbackSettings(enabled=True, rules=(), poll_minutes=5)
