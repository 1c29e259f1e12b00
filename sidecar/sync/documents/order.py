"""Building the Exact document for an order: sales order, sales invoice, direct invoice or
sales entry, with lines whose amounts and VAT reproduce the shop's to the cent.

The lines come from ``booking.LineBook`` (shared with credit notes, which are the same documents
with negative quantities); this module adds the header: the account, dates, journal, invoice type,
warehouse, payment condition, shipping method and the free fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sidecar.mapping.resolvers import Resolver
from sidecar.mapping.settings_model import Settings
from sidecar.shops.records import Order
from sidecar.sync.documents.arithmetic import DEFAULT
from sidecar.sync.documents.lines import KINDS, NUMBER_FIELD, Built, LineBook

__all__ = ["INVOICE_TYPE", "KINDS", "NUMBER_FIELD", "Built", "build", "header"]

INVOICE_TYPE = {"sales_invoice": 8020, "direct_invoice": 8023}


def header(
    kind: str,
    order: Order,
    resolver: Resolver,
    account_id: str,
    settings: Settings,
    when: datetime | None = None,
) -> dict[str, Any]:
    """Everything of the document but its lines; ``when`` is the document date (the order's
    creation unless a credit note names its own)."""
    doc = settings.document
    moment = resolver.local_date(when or order.created_at)
    record: dict[str, Any] = dict(resolver.free_fields(order))
    # The order's own currency: amounts are the shop's, so an order in dollars is a document in
    # dollars, which Exact converts with its rate (and refuses without one, naming the currency).
    record["Currency"] = order.currency
    condition = resolver.payment_condition(order)
    if condition:
        record["PaymentCondition"] = condition
    if kind == "sales_entry":
        record.pop("Remarks", None)  # SalesEntries have no Remarks property
        record["Customer"] = account_id
        record["Journal"] = resolver.payment_journal(order) or doc.journal
        record["EntryDate"] = moment
    else:
        record["OrderedBy"] = account_id
        record["OrderDate"] = moment
        shipping_method = resolver.shipping_method_id(order)
        if shipping_method and kind == "sales_order":
            record["ShippingMethod"] = shipping_method
    if kind in INVOICE_TYPE:
        record["Journal"] = doc.journal
        record["Type"] = INVOICE_TYPE[kind]
        if kind == "direct_invoice":
            record["Warehouse"] = resolver._exists(
                "warehouses", doc.warehouse, "document.warehouse", "Warehouse"
            )["ID"]
    return record


def _fragment(note: str) -> str:
    """A normaliser's sentence as a clause of the posting's activity line."""
    note = note.rstrip(".")
    return note[:1].lower() + note[1:] if note[1:2].islower() else note


def build(
    kind: str,
    order: Order,
    resolver: Resolver,
    account_id: str,
    items: dict[str, dict[str, Any]],
    settings: Settings,
    mode: str = DEFAULT,
) -> Built:
    """The document for ``order``, its lines built for the VAT arithmetic ``mode``."""
    endpoint, key, lines_prop, _ = KINDS[kind]
    book = LineBook(kind, order, resolver, items, settings, mode=mode)
    book.notes.extend(_fragment(note) for note in order.notes)  # what reading it decided
    book.add_lines(order.lines)
    lines = book.close(order.total, "order", order.tax_settled)
    record = {lines_prop: lines, **header(kind, order, resolver, account_id, settings)}
    return book.built(endpoint, key, record, order.total)
