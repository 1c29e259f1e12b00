"""Credit notes: the Exact document that gives back (part of) a posted order.

A credit note is the original document type with its amounts reversed, built from the same line
code as the order (``booking.LineBook`` with ``sign=-1``): a sales invoice gets a sales credit
note (Type 8021), a direct invoice a direct credit note (8024, goods back into the warehouse), a
sales entry a negative sales entry (Exact makes it Type 21). A sales order gets a sales credit
note too (8021, in ``document.journal``): negative sales-order lines are trade-in lines in Exact
("Negative quantity = Trade-in lines", the SalesOrderLines docs), goods coming back on the order,
not money given back, and an order is what Exact invoices from later, so the money goes back on
the financial document a bookkeeper credits with. The sales order itself is left as it is: whether
the goods still go out is the warehouse's decision, and the activity line says so. The type
follows the document the order was posted as (its link), not the current settings.

Exact has no field that points a credit note at the invoice it credits, so the link is written
where people and the sidecar look: ``YourRef`` is the order's reference plus ``-R<refund id>``
(``-C`` for a cancellation; unique, so an attempt with a lost answer is found again by it),
``Description`` starts with "Credit", and ``Remarks`` names the original document's number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sidecar.mapping.resolvers import MissingMapping, Resolver
from sidecar.mapping.settings_model import Settings
from sidecar.shops.records import Order, Refund, money_text
from sidecar.sync.documents.arithmetic import DEFAULT
from sidecar.sync.documents.lines import KINDS, Built, LineBook
from sidecar.sync.documents.order import header

CREDIT_TYPE = {"sales_invoice": 8021, "direct_invoice": 8024}
# The document a credit is, per document the order was posted as (the same, but for orders).
CREDIT_KIND = {"sales_order": "sales_invoice"}
LABEL = {
    "sales_order": "sales order",
    "sales_invoice": "sales invoice",
    "direct_invoice": "direct invoice",
    "sales_entry": "sales entry",
}
# What messages say instead of a number while Exact has not numbered an invoice yet (it may
# number invoices only when they are processed: ``sync.numbers``).
DRAFT = "(draft: Exact gives it a number when it is processed)"
# What the credit for an order posted as each kind is called in messages.
CREDIT_LABEL = {
    "sales_order": "sales credit note",
    "sales_invoice": "credit note",
    "direct_invoice": "direct credit note",
    "sales_entry": "credit sales entry",
}


def credit_kind(kind: str, settings: Settings) -> str:
    """The kind of document that credits an order posted as ``kind``."""
    credit = CREDIT_KIND.get(kind, kind)
    if credit != kind and not settings.document.journal:
        raise MissingMapping(
            "A refund of an order booked as a sales order is credited with a sales credit note, "
            "and no sales journal is set for it.",
            "Choose the sales journal under Settings > Documents (document.journal), then press "
            "Retry.",
            "document.journal",
        )
    return credit


def your_ref(resolver: Resolver, order: Order, suffix: str) -> str:
    """The credit note's reference: the order's own ``YourRef`` (or number) plus a suffix, cut
    at the front if need be so the suffix (the part that makes it unique) always survives."""
    base = resolver.free_fields(order).get("YourRef") or order.number
    return (base + suffix)[-60:]


def _credit_header(
    kind: str,
    order: Order,
    resolver: Resolver,
    account_id: str,
    settings: Settings,
    *,
    suffix: str,
    what: str,
    original: str,
    when: datetime | None,
) -> dict[str, Any]:
    record = header(kind, order, resolver, account_id, settings, when=when)
    record["YourRef"] = your_ref(resolver, order, suffix)
    description = resolver.free_fields(order).get("Description") or f"#{order.number}"
    if kind == "sales_entry":  # entries have no Remarks: the original goes in the description
        record["Description"] = f"Credit {description} ({original})"[:60]
    else:
        record["Description"] = f"Credit {description}"[:60]
        record["Remarks"] = f"{what}; credits {original}."[:255]
    if kind in CREDIT_TYPE:
        record["Type"] = CREDIT_TYPE[kind]
    return record


def build_refund(
    kind: str,
    order: Order,
    refund: Refund,
    resolver: Resolver,
    account_id: str,
    items: dict[str, dict[str, Any]],
    settings: Settings,
    original: str,
    mode: str = DEFAULT,
) -> Built:
    """The credit note for one refund: its lines and shipping given back, and what no line
    explains (an amount-only refund, an adjustment) on ``refunds.amount_item`` /
    ``refunds.amount_gl_account``, untaxed; the total is minus the refunded amount, to the cent.
    ``kind`` is the document the order was posted as."""
    kind = credit_kind(kind, settings)
    endpoint, key, lines_prop, _ = KINDS[kind]
    label = f"Refund {refund.shop_refund_id} of order {order.number}"
    book = LineBook(kind, order, resolver, items, settings, sign=-1, label=label, mode=mode)
    book.add_lines(refund.all_lines)
    if refund.adjustment:
        text = "Terugbetaling" + (f" {refund.reason}" if refund.reason else "")
        book.add_amount(refund.adjustment, text, "refunds.amount_item", "refunds.amount_gl_account")
    lines = book.close(-refund.amount, "refund")
    reason = f" ({refund.reason})" if refund.reason else ""
    record = {
        lines_prop: lines,
        **_credit_header(
            kind,
            order,
            resolver,
            account_id,
            settings,
            suffix=f"-R{refund.shop_refund_id}",
            what=f"Refund {refund.shop_refund_id} of order {order.number}{reason}, "
            f"{money_text(refund.amount)} {order.currency}",
            original=original,
            when=refund.created_at,
        ),
    }
    return book.built(endpoint, key, record, -refund.amount)


def build_cancellation(
    kind: str,
    order: Order,
    resolver: Resolver,
    account_id: str,
    items: dict[str, dict[str, Any]],
    settings: Settings,
    original: str,
    when: datetime,
    mode: str = DEFAULT,
) -> Built:
    """A full credit note for an order cancelled after it was posted: every line reversed."""
    kind = credit_kind(kind, settings)
    endpoint, key, lines_prop, _ = KINDS[kind]
    label = f"Cancellation of order {order.number}"
    book = LineBook(kind, order, resolver, items, settings, sign=-1, label=label, mode=mode)
    book.add_lines(order.lines)
    lines = book.close(-order.total, "order", order.tax_settled)
    record = {
        lines_prop: lines,
        **_credit_header(
            kind,
            order,
            resolver,
            account_id,
            settings,
            suffix="-C",
            what=f"Order {order.number} was cancelled in the shop",
            original=original,
            when=when,
        ),
    }
    return book.built(endpoint, key, record, -order.total)
