"""The settings document as typed, frozen objects for the flows.

``SettingsSchema().load(document)`` gives a nested dict, and a flow that reads
``settings["items"]["missing_skus"]`` only finds out about the typo when that line runs, maybe in
production on the one order that takes that branch. ``settings_from(loaded)`` turns the loaded
dict into the dataclasses below instead, so the flows write ``settings.items.missing_sku``: a
misspelt attribute raises ``AttributeError`` the first time any test touches the object (the
classes have ``slots=True``, so there is no instance ``__dict__`` to absorb it) and a type checker
flags it before that. The objects are frozen, so a flow cannot change a shop's settings for the
next flow by accident.

This module only mirrors; it decides nothing. The marshmallow schemas in
``sidecar.mapping.schemas`` and ``sidecar.shops.settings.SettingsSchema`` stay the single
validator (defaults, cross-field rules, error messages), and the JSON form they dump stays the
form that is stored and served to the plugins. ``settings_from`` expects a dict those schemas have
already loaded. Each dataclass has exactly the fields of its schema, with the types the schema
loads (``str | None`` for codes, ``Decimal`` for amounts and percentages, lists as tuples);
``tests/unit/test_settings_model.py`` fails when the two drift apart.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import FrozenInstanceError, dataclass, fields, is_dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NoReturn, TypeVar, Union, get_args, get_origin, get_type_hints

__all__ = [
    "CountryRow",
    "CustomersSettings",
    "DimensionRule",
    "DimensionsSettings",
    "DiscountsSettings",
    "DocumentSettings",
    "FreeFieldsSettings",
    "ItemsSettings",
    "MetaField",
    "NewAccountSettings",
    "Pair",
    "PaymentRow",
    "PaymentSettings",
    "PushbackSettings",
    "RefundsSettings",
    "RevenueSettings",
    "RoundingSettings",
    "Settings",
    "ShippingSettings",
    "StatusRule",
    "VatRate",
    "VatSettings",
    "settings_from",
]

_C = TypeVar("_C", bound=type)


def _refuse_setattr(self: object, name: str, value: object) -> NoReturn:
    raise FrozenInstanceError(f"cannot assign to {type(self).__name__}.{name}: settings are frozen")


def _refuse_delattr(self: object, name: str) -> NoReturn:
    raise FrozenInstanceError(f"cannot delete {type(self).__name__}.{name}: settings are frozen")


def _no_assignment(cls: _C) -> _C:
    """Make every assignment to a frozen slots dataclass raise ``FrozenInstanceError``.

    The ``__setattr__`` that ``dataclass(frozen=True, slots=True)`` generates only handles the
    class's own field names: any other name (a typo such as ``settings.items.missing_skus = ...``)
    ends in a confusing ``TypeError`` from ``super()`` (CPython 3.11 to 3.13). A frozen dataclass's
    ``__init__`` sets its fields through ``object.__setattr__``, so refusing every assignment is
    exactly what frozen means."""
    cls.__setattr__ = _refuse_setattr  # type: ignore[assignment]
    cls.__delattr__ = _refuse_delattr  # type: ignore[assignment]
    return cls


@_no_assignment
@dataclass(frozen=True, slots=True)
class DocumentSettings:
    """``DocumentSchema``: which Exact document an order becomes."""

    type: str
    journal: str | None
    process: bool
    email_customer: bool
    warehouse: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class CountryRow:
    """``CountryRowSchema``: a per-country override (new accounts, revenue accounts)."""

    country: str
    vat_code: str | None
    payment_condition: str | None
    gl_account: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class NewAccountSettings:
    """``NewAccountSchema``: what a newly created Exact account gets."""

    classification: str | None
    payment_condition: str | None
    countries: tuple[CountryRow, ...]


@_no_assignment
@dataclass(frozen=True, slots=True)
class CustomersSettings:
    """``CustomersSchema``: how an order finds (or creates) its Exact account."""

    mode: str
    match: str
    match_meta_key: str | None
    default_debtor: str | None
    update_existing: bool
    non_customer: str
    vat_number_meta_keys: tuple[str, ...]
    new_account: NewAccountSettings


@_no_assignment
@dataclass(frozen=True, slots=True)
class ItemsSettings:
    """``ItemsSchema``: what happens to order lines whose SKU Exact does not know."""

    missing_sku: str
    fallback_item: str | None
    item_group: str | None
    no_sku_item: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class VatRate:
    """``VatRateSchema``: a shop tax rate (by id, or by country and percentage) -> VAT code."""

    shop_rate: str | None
    country: str | None
    percent: Decimal | None
    exact: str


@_no_assignment
@dataclass(frozen=True, slots=True)
class VatSettings:
    """``VatSchema``."""

    rates: tuple[VatRate, ...]
    reverse_charge: str | None
    export: str | None
    untaxed: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class RevenueSettings:
    """``RevenueSchema``: revenue G/L accounts by destination."""

    home_country: str
    domestic: str | None
    eu: str | None
    outside_eu: str | None
    countries: tuple[CountryRow, ...]


@_no_assignment
@dataclass(frozen=True, slots=True)
class Pair:
    """``PairSchema``: a shop id -> Exact code mapping row."""

    shop: str
    exact: str


@_no_assignment
@dataclass(frozen=True, slots=True)
class PaymentRow:
    """``PaymentRowSchema``: a payment method -> payment condition, with its journal."""

    shop: str
    exact: str
    journal: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class ShippingSettings:
    """``ShippingSchema``."""

    item: str | None
    gl_account: str | None
    methods: tuple[Pair, ...]


@_no_assignment
@dataclass(frozen=True, slots=True)
class PaymentSettings:
    """``PaymentSchema``."""

    default_condition: str | None
    methods: tuple[PaymentRow, ...]


@_no_assignment
@dataclass(frozen=True, slots=True)
class DiscountsSettings:
    """``DiscountsSchema``."""

    mode: str
    item: str | None
    gl_account: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class DimensionRule:
    """``DimensionRuleSchema``: cost center / cost unit by country, payment or shipping."""

    when: str
    value: str
    cost_center: str | None
    cost_unit: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class DimensionsSettings:
    """``DimensionsSchema``."""

    cost_center: str | None
    cost_unit: str | None
    rules: tuple[DimensionRule, ...]


@_no_assignment
@dataclass(frozen=True, slots=True)
class MetaField:
    """``MetaFieldSchema``: an order meta value copied into an Exact header field."""

    meta_key: str
    field: str


@_no_assignment
@dataclass(frozen=True, slots=True)
class FreeFieldsSettings:
    """``FreeFieldsSchema``: the templates for the document's header texts."""

    your_ref: str
    description: str
    remarks: str
    meta: tuple[MetaField, ...]


@_no_assignment
@dataclass(frozen=True, slots=True)
class RoundingSettings:
    """``RoundingSchema``."""

    tolerance: Decimal
    item: str | None
    gl_account: str | None


@_no_assignment
@dataclass(frozen=True, slots=True)
class StatusRule:
    """``StatusRuleSchema``: an Exact event -> shop status (None: a note only) and note."""

    when: str
    status: str | None
    note: str


@_no_assignment
@dataclass(frozen=True, slots=True)
class PushbackSettings:
    """``PushbackSchema``: reporting Exact events back to the shop."""

    enabled: bool
    # None: the platform's defaults; an empty tuple: no rules at all.
    rules: tuple[StatusRule, ...] | None
    poll_minutes: int


@_no_assignment
@dataclass(frozen=True, slots=True)
class RefundsSettings:
    """``RefundsSchema``."""

    enabled: bool
    amount_item: str | None
    amount_gl_account: str | None
    cancelled: str


@_no_assignment
@dataclass(frozen=True, slots=True)
class Settings:
    """``SettingsSchema``: the whole per-shop document."""

    version: int
    trigger_statuses: tuple[str, ...]
    document: DocumentSettings
    customers: CustomersSettings
    items: ItemsSettings
    vat: VatSettings
    revenue: RevenueSettings
    shipping: ShippingSettings
    payment: PaymentSettings
    discounts: DiscountsSettings
    dimensions: DimensionsSettings
    free_fields: FreeFieldsSettings
    rounding: RoundingSettings
    pushback: PushbackSettings
    refunds: RefundsSettings
    customer_sync: bool


def settings_from(loaded: Mapping[str, Any]) -> Settings:
    """The typed form of ``SettingsSchema().load(document)``.

    Raises ``ValueError`` when a mapping's keys are not exactly its dataclass's fields (the schema
    and this module have drifted apart); it does not validate values, the schema did that."""
    return _build(Settings, loaded, "settings")


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(cls: Any, data: Mapping[str, Any], path: str) -> Any:
    """One dataclass from one mapping; each field is converted as its annotation says."""
    hints = _hints(cls)
    names = [f.name for f in fields(cls)]
    if set(data) != set(names):
        extra = sorted(set(data) - set(names))
        missing = sorted(set(names) - set(data))
        raise ValueError(
            f"{path}: {cls.__name__} does not match the loaded settings "
            f"(unexpected keys {extra}, missing keys {missing})"
        )
    return cls(**{name: _convert(hints[name], data[name], f"{path}.{name}") for name in names})


def _convert(hint: Any, value: Any, path: str) -> Any:
    """A loaded value as the annotation ``hint`` wants it.

    The annotations use four shapes: a leaf (``str``, ``bool``, ``int``, ``Decimal``, kept as
    loaded), a dataclass (built from a mapping), ``tuple[X, ...]`` (from a list) and ``X | None``.
    """
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = (arg for arg in get_args(hint) if arg is not type(None))
        return None if value is None else _convert(inner, value, path)
    if value is None:
        raise ValueError(f"{path}: None where {hint} was expected")
    if get_origin(hint) is tuple:
        row, _ellipsis = get_args(hint)
        return tuple(_convert(row, item, f"{path}[{i}]") for i, item in enumerate(value))
    if is_dataclass(hint):
        return _build(hint, value, path)
    return value
