"""The sections of the settings document that tell the order flow how to book an order.

Every value that names something in Exact is its *code* as the shop owner sees it in Exact (VAT
code ``21``, journal ``70``, G/L ``8000``, item ``SHIPPING``), so the document reads like the
Exact screens; the flows resolve codes to Exact's GUIDs through cached reference data. Shop-side
values are the platform's own ids (tax rate id, payment gateway id, shipping method id). Mapping
tables are lists of ``{"shop": ..., "exact": ...}`` rows so a row can carry more than a pair
(a payment row also names a journal).

Cross-field rules (a sales invoice needs a journal, the fallback-item policy needs an item) are
checked here, at save time, so a shop owner hears about a gap on the settings page and not from
the first failed order.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

DOCUMENT_TYPES = ("sales_order", "sales_invoice", "direct_invoice", "sales_entry")
TEMPLATE_FIELDS = ("shop_name", "number", "id", "email", "company", "last_name", "date")
COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="Use a two-letter country code such as NL.")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _code(**kw: Any) -> fields.String:
    kw.setdefault("load_default", None)
    return fields.String(allow_none=True, validate=validate.Length(min=1, max=60), **kw)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class DocumentSchema(_Strict):
    type = fields.String(load_default="sales_order", validate=validate.OneOf(DOCUMENT_TYPES))
    journal = _code()
    process = fields.Boolean(load_default=False)
    email_customer = fields.Boolean(load_default=False)
    warehouse = _code()

    @validates_schema
    def _needs(self, data: dict[str, Any], **_: Any) -> None:
        kind = data.get("type")
        problems: dict[str, list[str]] = {}
        if kind in ("sales_invoice", "direct_invoice", "sales_entry") and not data.get("journal"):
            problems["journal"] = ["A sales journal code is needed for this document type."]
        if kind == "direct_invoice" and not data.get("warehouse"):
            problems["warehouse"] = ["Direct invoices need the warehouse the goods leave from."]
        if data.get("process") and kind not in ("sales_invoice", "direct_invoice"):
            problems["process"] = ["Only sales invoices and direct invoices can be processed."]
        if data.get("email_customer") and not data.get("process"):
            problems["email_customer"] = ["E-mailing the invoice needs 'process' on."]
        if problems:
            raise ValidationError(problems)


class CountryRowSchema(_Strict):
    country = fields.String(required=True, validate=COUNTRY)
    vat_code = _code()
    payment_condition = _code()
    gl_account = _code()


class NewAccountSchema(_Strict):
    classification = _code()
    payment_condition = _code()
    countries = fields.List(fields.Nested(CountryRowSchema), load_default=list)


class CustomersSchema(_Strict):
    mode = fields.String(
        load_default="match_or_create",
        validate=validate.OneOf(("match_or_create", "default_debtor")),
    )
    match = fields.String(
        load_default="email", validate=validate.OneOf(("email", "customer_number", "vat_number"))
    )
    match_meta_key = _code()
    default_debtor = _code()
    update_existing = fields.Boolean(load_default=False)
    non_customer = fields.String(
        load_default="make_customer", validate=validate.OneOf(("make_customer", "new_account"))
    )
    vat_number_meta_keys = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=lambda: ["_billing_vat_number", "vat_number"],
    )
    new_account = fields.Nested(NewAccountSchema, load_default=lambda: NewAccountSchema().load({}))

    @validates_schema
    def _needs(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("mode") == "default_debtor" and not data.get("default_debtor"):
            raise ValidationError(
                "Name the Exact account every order is booked on.", "default_debtor"
            )
        if data.get("match") != "email" and not data.get("match_meta_key"):
            raise ValidationError(
                "Name the order meta key that holds the value to match on.", "match_meta_key"
            )


class ItemsSchema(_Strict):
    missing_sku = fields.String(
        load_default="fail", validate=validate.OneOf(("fail", "fallback_item", "create_item"))
    )
    fallback_item = _code()
    item_group = _code()
    no_sku_item = _code()

    @validates_schema
    def _needs(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("missing_sku") == "fallback_item" and not data.get("fallback_item"):
            raise ValidationError("Name the Exact item used for unknown SKUs.", "fallback_item")


class VatRateSchema(_Strict):
    shop_rate = _code()
    country = fields.String(load_default=None, allow_none=True, validate=COUNTRY)
    percent = fields.Decimal(
        load_default=None,
        allow_none=True,
        as_string=True,
        places=4,
        validate=validate.Range(min=0, max=100),
    )
    exact = fields.String(required=True, validate=validate.Length(min=1, max=60))

    @validates_schema
    def _key(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("shop_rate") and (
            data.get("country") is None or data.get("percent") is None
        ):
            raise ValidationError(
                "Give the shop's tax rate id, or a country and a percentage.", "shop_rate"
            )


class VatSchema(_Strict):
    rates = fields.List(fields.Nested(VatRateSchema), load_default=list)
    reverse_charge = _code()
    export = _code()
    untaxed = _code()


class RevenueSchema(_Strict):
    # The shop's own country: sales there are domestic, other EU countries "eu", the rest export.
    home_country = fields.String(load_default="NL", validate=COUNTRY)
    domestic = _code()
    eu = _code()
    outside_eu = _code()
    countries = fields.List(fields.Nested(CountryRowSchema), load_default=list)


class PairSchema(_Strict):
    shop = fields.String(required=True, validate=validate.Length(min=1, max=100))
    exact = fields.String(required=True, validate=validate.Length(min=1, max=60))


class PaymentRowSchema(PairSchema):
    journal = _code()


class ShippingSchema(_Strict):
    item = _code()
    gl_account = _code()
    methods = fields.List(fields.Nested(PairSchema), load_default=list)


class PaymentSchema(_Strict):
    default_condition = _code()
    methods = fields.List(fields.Nested(PaymentRowSchema), load_default=list)


class DiscountsSchema(_Strict):
    mode = fields.String(load_default="line", validate=validate.OneOf(("line", "separate_line")))
    item = _code()
    gl_account = _code()


class DimensionRuleSchema(_Strict):
    when = fields.String(required=True, validate=validate.OneOf(("country", "payment", "shipping")))
    value = fields.String(required=True, validate=validate.Length(min=1, max=100))
    cost_center = _code()
    cost_unit = _code()


class DimensionsSchema(_Strict):
    cost_center = _code()
    cost_unit = _code()
    rules = fields.List(fields.Nested(DimensionRuleSchema), load_default=list)


def _template(value: str) -> None:
    unknown = [p for p in _PLACEHOLDER.findall(value) if p not in TEMPLATE_FIELDS]
    if unknown:
        raise ValidationError(
            f"Unknown placeholder {{{unknown[0]}}}; use "
            + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
            + "."
        )


def _order_reference(value: str) -> None:
    """``YourRef`` is how the sidecar finds a document whose create answer was lost
    (``sync.posting.find_earlier``): without the order's number or id in it, every order
    carries the same reference, or none, and a lost answer is posted again."""
    if not {"number", "id"} & set(_PLACEHOLDER.findall(value)):
        raise ValidationError(
            "Your reference must contain {number} or {id} (for example 'WEB-{number}'): the "
            "sidecar finds a document whose answer was lost by this reference."
        )


class MetaFieldSchema(_Strict):
    meta_key = fields.String(required=True, validate=validate.Length(min=1, max=100))
    field = fields.String(
        required=True, validate=validate.OneOf(("Description", "Remarks", "YourRef"))
    )


class FreeFieldsSchema(_Strict):
    your_ref = fields.String(
        load_default="{number}",
        validate=[validate.Length(max=60), _template, _order_reference],
    )
    description = fields.String(
        load_default="{shop_name} #{number}", validate=[validate.Length(max=60), _template]
    )
    remarks = fields.String(load_default="", validate=[validate.Length(max=255), _template])
    meta = fields.List(fields.Nested(MetaFieldSchema), load_default=list)


class RoundingSchema(_Strict):
    tolerance = fields.Decimal(
        load_default=Decimal("0.02"),
        as_string=True,
        places=2,
        validate=validate.Range(min=0, max=1),
    )
    item = _code()
    gl_account = _code()


STATUS_EVENTS = ("invoice_paid", "order_delivered")
NOTE_FIELDS = ("document", "number", "status")


def _note(value: str) -> None:
    unknown = [p for p in _PLACEHOLDER.findall(value) if p not in NOTE_FIELDS]
    if unknown:
        raise ValidationError(
            f"Unknown placeholder {{{unknown[0]}}}; use "
            + ", ".join("{" + f + "}" for f in NOTE_FIELDS)
            + "."
        )


class StatusRuleSchema(_Strict):
    # What happened in Exact: the sales invoice is fully paid (cashflow/Receivables IsFullyPaid),
    # or the sales order is fully delivered (GoodsDeliveries; order status 21).
    when = fields.String(required=True, validate=validate.OneOf(STATUS_EVENTS))
    # The shop status to set ("completed" in WooCommerce, "complete" in Magento); None: note only.
    status = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[a-z0-9_-]{1,50}$", error="Not a status slug."),
    )
    note = fields.String(
        load_default="Exact Online: {document} {number} is {status}.",
        validate=[validate.Length(max=500), _note],
    )


class PushbackSchema(_Strict):
    enabled = fields.Boolean(load_default=True)
    # None: the platform's defaults (invoice paid and order delivered -> completed/complete).
    rules = fields.List(fields.Nested(StatusRuleSchema), load_default=None, allow_none=True)
    # Without SIDECAR_PUBLIC_URL (no Exact webhooks) Exact is polled this often.
    poll_minutes = fields.Integer(load_default=5, validate=validate.Range(min=1, max=1440))


class RefundsSchema(_Strict):
    enabled = fields.Boolean(load_default=True)
    # Refunds without line detail (an amount only) are booked on this item (orders, invoices)
    # or G/L account (sales entries), with the VAT code vat.untaxed unless the refund says more.
    amount_item = _code()
    amount_gl_account = _code()
    # An order cancelled after it was posted: credit it in full, flag it for manual handling
    # (activity entry with a resolution and a shop note), or ignore it.
    cancelled = fields.String(
        load_default="flag", validate=validate.OneOf(("credit", "flag", "ignore"))
    )


SECTIONS: dict[str, type[Schema]] = {
    "document": DocumentSchema,
    "customers": CustomersSchema,
    "items": ItemsSchema,
    "vat": VatSchema,
    "revenue": RevenueSchema,
    "shipping": ShippingSchema,
    "payment": PaymentSchema,
    "discounts": DiscountsSchema,
    "dimensions": DimensionsSchema,
    "free_fields": FreeFieldsSchema,
    "rounding": RoundingSchema,
    "pushback": PushbackSchema,
    "refunds": RefundsSchema,
}


def section_field(name: str) -> fields.Nested:
    schema = SECTIONS[name]
    return fields.Nested(schema, load_default=lambda: schema().load({}))
