"""``GET /_emulator/documents``: the sales documents the emulator holds, for people to look at.

Real Exact shows them on its sales screens; the emulator has none, and ``/_emulator/records``
answers raw stored rows (GUIDs, every property) that a newcomer running the demo cannot read at
a glance. This page lists sales orders, sales invoices (credit notes included) and sales entries
per division, newest first, with the figures a bookkeeper checks: number, date, the shop's
reference, customer, amount incl. VAT, VAT, lines. HTML that refreshes itself, or JSON with
``?format=json``. Read-only; it changes nothing and costs no API budget.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# endpoint -> (label, key, number field, date field, customer field, lines endpoint)
DOCUMENTS = (
    (
        "salesorder/SalesOrders",
        "sales order",
        "OrderID",
        "OrderNumber",
        "OrderDate",
        "OrderedBy",
        "salesorder/SalesOrderLines",
    ),
    (
        "salesinvoice/SalesInvoices",
        "sales invoice",
        "InvoiceID",
        "InvoiceNumber",
        "InvoiceDate",
        "InvoiceTo",
        "salesinvoice/SalesInvoiceLines",
    ),
    (
        "salesentry/SalesEntries",
        "sales entry",
        "EntryID",
        "EntryNumber",
        "EntryDate",
        "Customer",
        "salesentry/SalesEntryLines",
    ),
)
CREDIT_TYPES = {8021: "sales credit note", 8024: "direct credit note", 21: "credit entry"}
DIRECT_TYPES = {8023: "direct invoice"}
COLUMNS = ("division", "type", "number", "date", "your_ref", "description", "customer")
MONEY = ("amount", "vat", "lines", "status")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return f"{Decimal(str(value)):.2f}"
    return str(value)


def _label(default: str, record: dict[str, Any]) -> str:
    kind = record.get("Type")
    return CREDIT_TYPES.get(kind) or DIRECT_TYPES.get(kind) or default


def rows(state: Any) -> list[dict[str, Any]]:
    """One plain dict per document of every division, newest first. Caller holds the lock."""
    result: list[tuple[int, dict[str, Any]]] = []
    for division in state.divisions.values():
        accounts = division.table("crm/Accounts")
        for endpoint, label, key, number, when, customer, lines_endpoint in DOCUMENTS:
            lines = division.table(lines_endpoint).values()
            for record in division.table(endpoint).values():
                account = accounts.get(str(record.get(customer) or "").lower()) or {}
                row = {
                    "division": division.code,
                    "type": _label(label, record),
                    "number": _text(record.get(number)),
                    "date": _text(record.get(when)),
                    "your_ref": _text(record.get("YourRef")),
                    "description": _text(record.get("Description")),
                    "customer": _text(account.get("Name") or record.get(f"{customer}Name")),
                    "amount": _text(record.get("AmountDC")),
                    "vat": _text(record.get("VATAmountDC")),
                    "lines": sum(1 for line in lines if line.get(key) == record.get(key)),
                    "status": _text(record.get("StatusDescription") or record.get("Status")),
                }
                result.append((int(record.get("Timestamp") or 0), row))
    result.sort(key=lambda pair: pair[0], reverse=True)
    return [row for _, row in result]


def page(documents: list[dict[str, Any]]) -> str:
    """A small self-refreshing HTML table of ``rows()``."""
    head = "".join(f"<th>{html.escape(name.replace('_', ' '))}</th>" for name in COLUMNS + MONEY)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(str(doc[name]))}</td>" for name in COLUMNS)
        + "".join(f'<td class="n">{html.escape(str(doc[name]))}</td>' for name in MONEY)
        + "</tr>"
        for doc in documents
    )
    if not documents:
        body = f'<tr><td colspan="{len(COLUMNS) + len(MONEY)}">No documents yet.</td></tr>'
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='refresh' content='3'><title>Exact emulator: sales documents</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.n{text-align:right}"
        "</style></head><body><h1>Exact Online emulator: sales documents</h1>"
        f"<p>{len(documents)} document(s), newest first; this page refreshes every 3 seconds. "
        "JSON: <a href='?format=json'>?format=json</a>.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
