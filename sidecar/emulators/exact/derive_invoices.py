"""Sales invoices: numbering per journal, totals, processing and the open item it creates.

An invoice is created open (status 20). Its invoice number comes from its sales journal's range
(``YYJJnnnn``: year, journal code, sequence) when it is processed, or at entry: an administration
setting in Exact ("Assigned at entry or at printing depending on setting"), the emulator option
``invoice_number_at`` ("printing" by default: until then ``InvoiceNumber`` is null).
All four types (``invoice_types``) share the journal's
range. POSTing ``PrintedSalesInvoices`` processes it (status 50, no more changes), books the
receivable the payment status is read from (negative for credit notes) and, for direct types,
moves the stock.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from .amounts import total
from .arithmetic import settle
from .errors import invalid
from .invoice_types import (
    TYPE_DESCRIPTIONS,
    check_edition,
    check_quantity_sign,
    check_type,
    check_type_unchanged,
    check_warehouse,
    move_direct_stock,
)
from .lines import DocumentLines
from .pricing import account_for, check_currency, check_customer, price_line, to_home
from .receivables import book_receivable
from .references import JOURNAL, PAYMENT, check_references, lookup, require
from .resources import Resource, WriteContext, describe
from .state import Division
from .writes import Payload, validate

INVOICES = "salesinvoice/SalesInvoices"
INVOICE_LINES = "salesinvoice/SalesInvoiceLines"
OPEN, PROCESSED = 20, 50
SALES_JOURNAL_TYPE = 20


def sales_journal(division: Division, code: Any) -> dict:
    journal = require(division, JOURNAL, code, "Journal")
    if journal.get("Type") != SALES_JOURNAL_TYPE:
        raise invalid("Ongeldig: Dagboek")  # not a sales journal (picqer #121)
    if journal.get("IsBlocked"):
        raise invalid("Ongeldig: Dagboek (geblokkeerd)")
    return journal


def next_invoice_number(division: Division, journal: dict, moment: datetime) -> int:
    """Next free number in the journal's range for the year: YY, journal code, 4 digits."""
    code = str(journal["Code"])
    prefix = f"{moment.year % 100:02d}{code}" if code.isdigit() and len(code) <= 3 else ""
    sequence = division.next_number(f"invoice:{code}:{moment.year}")
    return int(f"{prefix}{sequence:04d}") if prefix else sequence


def due_date(division: Division, payment_code: Any, start: datetime) -> datetime:
    condition = lookup(division, PAYMENT, payment_code)
    days = (condition or {}).get("PaymentDays") or 0
    return start + timedelta(days=days)


def price_invoice_line(ctx: WriteContext, invoice: dict, line: dict) -> dict:
    account = account_for(ctx, invoice["OrderedBy"], "OrderedBy")
    price_line(ctx, INVOICE_LINES, line, account, vat_field="VATAmountFC", with_gl=True)
    check_quantity_sign(invoice, line["Quantity"])
    line["AmountDC"] = to_home(ctx, invoice, line["AmountFC"])
    line["VATAmountDC"] = to_home(ctx, invoice, line["VATAmountFC"])
    line["InvoiceID"] = invoice["InvoiceID"]
    return line


def invoice_lines(ctx: WriteContext, invoice: dict) -> list[dict]:
    rows = [
        r
        for r in ctx.division.table(INVOICE_LINES).values()
        if r["InvoiceID"] == invoice["InvoiceID"]
    ]
    return sorted(rows, key=lambda row: row.get("LineNumber") or 0)


def refresh_invoice(ctx: WriteContext, invoice: dict, *, notify: bool = True) -> None:
    lines = invoice_lines(ctx, invoice)
    settle(ctx, lines, "VATAmountFC", lambda vat: to_home(ctx, invoice, vat))
    excl = total([line["AmountFC"] for line in lines])
    vat = total([line["VATAmountFC"] for line in lines])
    invoice.update(AmountFCExclVat=excl, VATAmountFC=vat, VATAmountDC=to_home(ctx, invoice, vat))
    invoice.update(AmountFC=excl + vat, AmountDC=to_home(ctx, invoice, excl + vat))
    invoice["StatusDescription"] = "Processed" if invoice.get("Status") == PROCESSED else "Open"
    if invoice["InvoiceID"] in ctx.division.table(INVOICES):
        ctx.state.touch(ctx.division, INVOICES, invoice["InvoiceID"], notify=notify)
        for line in lines:  # the sync endpoint serves line rows carrying header fields
            ctx.state.touch(ctx.division, INVOICE_LINES, line["ID"], notify=False)


class SalesInvoices(Resource):
    path = INVOICES

    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        check_references(ctx.division, self.path, payload.fields)
        invoice = dict(payload.fields)
        check_currency(ctx, invoice)
        for name in ("Discount", "AmountDiscount", "AmountDiscountExclVat"):
            if invoice.get(name):
                raise invalid(f"{name} on the invoice header is not supported; use line prices.")
        invoice["Type"] = invoice_type = check_type(invoice.get("Type"))
        check_edition(ctx.config.edition or ctx.division.info.get("edition"), invoice_type)
        check_warehouse(ctx.division, invoice)
        journal = sales_journal(ctx.division, invoice["Journal"])
        account = account_for(ctx, invoice["OrderedBy"], "OrderedBy")
        invoice_id = invoice.get("InvoiceID") or str(uuid.uuid4())
        if invoice_id in self.table(ctx):
            raise invalid("Gegeven bestaat reeds.")
        today = ctx.now().replace(hour=0, minute=0, second=0)
        invoice.update(InvoiceID=invoice_id, Status=OPEN, InvoiceDate=today)
        invoice["JournalDescription"] = journal.get("Description")
        invoice["TypeDescription"] = TYPE_DESCRIPTIONS[invoice_type]
        invoice.setdefault("OrderDate", today)
        invoice.setdefault("InvoiceTo", invoice["OrderedBy"])
        invoice.setdefault("DeliverTo", invoice["OrderedBy"])
        account_for(ctx, invoice["InvoiceTo"], "InvoiceTo")
        check_customer(ctx, invoice["InvoiceTo"], "InvoiceTo", "invoices")
        invoice.setdefault("PaymentCondition", account.get("PaymentConditionSales"))
        if invoice.get("DueDate") is None:
            invoice["DueDate"] = due_date(ctx.division, invoice.get("PaymentCondition"), today)
        self.derive(ctx, invoice, payload, creating=True)
        lines = []
        for number, line_payload in enumerate(payload.children["SalesInvoiceLines"], start=1):
            line = price_invoice_line(ctx, invoice, dict(line_payload.fields))
            line["LineNumber"] = number
            lines.append(line)
        # numbered last: a refused document must not use up a number of the journal's range
        invoice["InvoiceNumber"] = (
            next_invoice_number(ctx.division, journal, today)
            if ctx.config.invoice_number_at == "entry"
            else None
        )
        for line in lines:
            ctx.state.insert(ctx.division, INVOICE_LINES, "ID", line)
        ctx.state.insert(ctx.division, self.path, "InvoiceID", invoice)
        refresh_invoice(ctx, invoice, notify=False)
        return invoice

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        accounts = ctx.division.table("crm/Accounts")
        for role in ("OrderedBy", "InvoiceTo", "DeliverTo"):
            record[f"{role}Name"] = describe(accounts.get(record.get(role)), "Name")
        condition = lookup(ctx.division, PAYMENT, record.get("PaymentCondition"))
        record["PaymentConditionDescription"] = describe(condition)

    def check_update(self, ctx: WriteContext, record: dict, payload: Payload) -> None:
        if record.get("Status") == PROCESSED:
            raise invalid("Processed invoices can't be changed anymore.")
        check_type_unchanged(record, payload.fields)
        check_warehouse(ctx.division, {**record, **payload.fields})

    def after_update(self, ctx: WriteContext, record: dict) -> None:
        refresh_invoice(ctx, record, notify=False)

    def check_delete(self, ctx: WriteContext, record: dict) -> None:
        if record.get("Status") == PROCESSED:
            raise invalid("Processed invoices can't be deleted.")

    def after_delete(self, ctx: WriteContext, record: dict) -> None:
        for key, line in list(ctx.division.table(INVOICE_LINES).items()):
            if line["InvoiceID"] == record["InvoiceID"]:
                ctx.state.delete(ctx.division, INVOICE_LINES, key)


class SalesInvoiceLines(DocumentLines):
    path = INVOICE_LINES
    parent_table = INVOICES
    parent_key = "InvoiceID"
    vat_field = "VATAmountFC"
    price = staticmethod(price_invoice_line)
    refresh = staticmethod(refresh_invoice)


class PrintedSalesInvoices(Resource):
    path = "salesinvoice/PrintedSalesInvoices"

    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        check_references(ctx.division, self.path, payload.fields)
        invoice = ctx.division.table(INVOICES)[payload.fields["InvoiceID"]]
        if invoice.get("Status") == PROCESSED:
            raise invalid("The invoice has already been processed.")
        account = ctx.division.table("crm/Accounts").get(invoice["InvoiceTo"]) or {}
        if payload.fields.get("SendEmailToCustomer") and not account.get("Email"):
            raise invalid("The customer has no e-mail address; the invoice cannot be e-mailed.")
        if payload.fields.get("InvoiceDate") is not None:
            invoice["InvoiceDate"] = payload.fields["InvoiceDate"]
            invoice["DueDate"] = due_date(
                ctx.division, invoice.get("PaymentCondition"), invoice["InvoiceDate"]
            )
        invoice["Status"] = PROCESSED
        if invoice.get("InvoiceNumber") is None:  # numbered at printing
            journal = sales_journal(ctx.division, invoice["Journal"])
            invoice["InvoiceNumber"] = next_invoice_number(
                ctx.division, journal, invoice["InvoiceDate"]
            )
        refresh_invoice(ctx, invoice)
        move_direct_stock(ctx, invoice, invoice_lines(ctx, invoice))
        book_receivable(
            ctx,
            account_id=invoice["InvoiceTo"],
            entry_id=invoice["InvoiceID"],
            number=invoice["InvoiceNumber"],
            journal=invoice["Journal"],
            amount=invoice["AmountDC"],
            amount_fc=invoice["AmountFC"],
            currency=invoice["Currency"],
            entry_date=invoice["InvoiceDate"],
            due=invoice["DueDate"],
            your_ref=invoice.get("YourRef"),
            description=invoice.get("Description"),
            payment_condition=invoice.get("PaymentCondition"),
        )
        result: dict[str, Any] = {name: None for name in self.entity.properties}
        result.update(payload.fields)
        result["Division"] = ctx.division.code
        result["DocumentCreationSuccess"] = "Document created"
        if payload.fields.get("SendEmailToCustomer"):
            result["EmailCreationSuccess"] = "E-mail created"
        return result
