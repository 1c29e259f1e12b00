"""Sales entries: financial sales journal bookings (no items), with explicit VAT allowed.

Lines carry a G/L account and an amount excluding VAT; the VAT code defaults to the G/L
account's, and ``VATAmountFC`` may override the computed VAT (Exact documents it as the way to
match a source system's rounding). Cost centre and unit follow the G/L account's
``UseCostcenter``/``UseCostunit`` (0 optional, 1 mandatory, 2 not allowed). The entry books a
receivable at once.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from .amounts import line_amounts, total
from .captions import caption
from .derive_invoices import due_date, next_invoice_number, sales_journal
from .errors import invalid
from .lines import DocumentLines
from .pricing import (
    account_for,
    check_currency,
    check_customer,
    check_revenue_gl,
    to_home,
    usable_vat,
)
from .receivables import RECEIVABLES, book_receivable, receivables_for
from .references import COSTCENTER, COSTUNIT, GL, VAT, check_references, lookup, require
from .resources import Resource, WriteContext, describe
from .writes import Payload, validate

ENTRIES = "salesentry/SalesEntries"
ENTRY_LINES = "salesentry/SalesEntryLines"
ZERO = Decimal("0")


def _dimension(gl: dict, flag: str, value: object, name: str) -> None:
    use = gl.get(flag) or 0
    if use == 1 and value is None:
        raise invalid(f"Verplicht: {caption(name)}")
    if use == 2 and value is not None:
        raise invalid(f"{name} is not allowed on G/L account {gl.get('Code')}.")


def price_entry_line(ctx: WriteContext, entry: dict, line: dict) -> dict:
    division = ctx.division
    check_references(division, ENTRY_LINES, line)
    gl = require(division, GL, line.get("GLAccount"), "GLAccount")
    check_revenue_gl(ctx, gl, "entries")
    _dimension(gl, "UseCostcenter", line.get("CostCenter"), "CostCenter")
    _dimension(gl, "UseCostunit", line.get("CostUnit"), "CostUnit")
    code = line.get("VATCode") or gl.get("VATCode")
    vat = usable_vat(require(division, VAT, code, "VATCode")) if code is not None else None
    percentage = (vat or {}).get("Percentage") or ZERO
    if line.get("VATPercentage") is not None and line["VATPercentage"] != percentage:
        raise invalid(f"VATPercentage {line['VATPercentage']} does not match VAT code '{code}'.")
    amounts = line_amounts(
        quantity=Decimal("1"),
        unit_price=line["AmountFC"],
        discount=ZERO,
        net_price=line["AmountFC"],
        vat_percentage=percentage,
        vat_inclusive=False,
        given_vat=line.get("VATAmountFC"),
        vat_tolerance=None,
    )
    line.update(
        EntryID=entry["EntryID"],
        AmountDC=to_home(ctx, entry, line["AmountFC"]),
        VATCode=code,
        VATCodeDescription=describe(vat),
        VATPercentage=percentage,
        VATAmountFC=amounts.vat_amount,
        VATAmountDC=to_home(ctx, entry, amounts.vat_amount),
        VATBaseAmountFC=line.get("VATBaseAmountFC") or line["AmountFC"],
        VATBaseAmountDC=line.get("VATBaseAmountDC") or to_home(ctx, entry, line["AmountFC"]),
        GLAccountCode=gl.get("Code"),
        GLAccountDescription=gl.get("Description"),
        CostCenterDescription=describe(lookup(division, COSTCENTER, line.get("CostCenter"))),
        CostUnitDescription=describe(lookup(division, COSTUNIT, line.get("CostUnit"))),
        Type=20,
    )
    return line


def refresh_entry(ctx: WriteContext, entry: dict, *, notify: bool = True) -> None:
    lines = [
        r for r in ctx.division.table(ENTRY_LINES).values() if r["EntryID"] == entry["EntryID"]
    ]
    amount = total([line["AmountFC"] for line in lines])
    vat = total([line["VATAmountFC"] for line in lines])
    entry.update(VATAmountFC=vat, VATAmountDC=to_home(ctx, entry, vat), AmountFC=amount + vat)
    entry["AmountDC"] = to_home(ctx, entry, amount + vat)
    entry["Type"] = 21 if entry["AmountDC"] < 0 else 20
    entry["TypeDescription"] = "Sales credit note" if entry["Type"] == 21 else "Sales entry"
    for receivable in receivables_for(ctx, entry["EntryID"]):
        receivable.update(AmountDC=entry["AmountDC"], AmountFC=entry["AmountFC"])
        receivable.update(
            TransactionAmountDC=entry["AmountDC"], TransactionAmountFC=entry["AmountFC"]
        )
        receivable.update(YourRef=entry.get("YourRef"), DueDate=entry.get("DueDate"))
        ctx.state.touch(ctx.division, RECEIVABLES, receivable["ID"], notify=False)
    if entry["EntryID"] in ctx.division.table(ENTRIES):
        ctx.state.touch(ctx.division, ENTRIES, entry["EntryID"], notify=notify)


class SalesEntries(Resource):
    path = ENTRIES

    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        check_references(ctx.division, self.path, payload.fields)
        entry = dict(payload.fields)
        check_currency(ctx, entry)
        journal = sales_journal(ctx.division, entry["Journal"])
        account = account_for(ctx, entry["Customer"], "Customer")
        check_customer(ctx, entry["Customer"], "Customer", "entries")
        entry_id = entry.get("EntryID") or str(uuid.uuid4())
        if entry_id in self.table(ctx):
            raise invalid("Gegeven bestaat reeds.")
        today = ctx.now().replace(hour=0, minute=0, second=0)
        entry_date = entry.setdefault("EntryDate", today)
        number = entry.get("InvoiceNumber")
        if number is not None:
            for other in self.table(ctx).values():
                if other["Journal"] == entry["Journal"] and other.get("InvoiceNumber") == number:
                    raise invalid("Gegeven bestaat reeds.")
        else:
            number = next_invoice_number(ctx.division, journal, entry_date)
        period = entry.get("ReportingPeriod")
        if period is not None and not 1 <= period <= 12:
            raise invalid(f"ReportingPeriod {period} does not exist.")
        entry.update(EntryID=entry_id, InvoiceNumber=number, EntryNumber=number)
        entry.setdefault("ReportingYear", entry_date.year)
        entry.setdefault("ReportingPeriod", entry_date.month)
        entry.setdefault("PaymentCondition", account.get("PaymentConditionSales"))
        if entry.get("DueDate") is None:
            entry["DueDate"] = due_date(ctx.division, entry.get("PaymentCondition"), entry_date)
        header_vat = entry.pop("VATAmountFC", None)
        entry.update(
            Status=20, StatusDescription="Open", JournalDescription=journal.get("Description")
        )
        self.derive(ctx, entry, payload, creating=True)
        lines = []
        for number_in_entry, line_payload in enumerate(payload.children["SalesEntryLines"], 1):
            line = price_entry_line(ctx, entry, dict(line_payload.fields))
            line["LineNumber"] = number_in_entry
            lines.append(line)
        if header_vat is not None and header_vat != total([line["VATAmountFC"] for line in lines]):
            raise invalid("VATAmountFC of the entry does not equal the sum of its lines.")
        for line in lines:
            ctx.state.insert(ctx.division, ENTRY_LINES, "ID", line)
        ctx.state.insert(ctx.division, self.path, "EntryID", entry)
        refresh_entry(ctx, entry, notify=False)
        book_receivable(
            ctx,
            account_id=entry["Customer"],
            entry_id=entry_id,
            number=number,
            journal=entry["Journal"],
            amount=entry["AmountDC"],
            amount_fc=entry["AmountFC"],
            currency=entry["Currency"],
            entry_date=entry_date,
            due=entry["DueDate"],
            your_ref=entry.get("YourRef"),
            description=entry.get("Description"),
            payment_condition=entry.get("PaymentCondition"),
        )
        return entry

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        accounts = ctx.division.table("crm/Accounts")
        record["CustomerName"] = describe(accounts.get(record.get("Customer")), "Name")

    def check_update(self, ctx: WriteContext, record: dict, payload: Payload) -> None:
        if record.get("Status") == 50:
            raise invalid("Processed entries can't be changed anymore.")
        if payload.fields.get("Journal") not in (None, record["Journal"]):
            raise invalid("The journal of an entry cannot be changed.")

    def after_update(self, ctx: WriteContext, record: dict) -> None:
        refresh_entry(ctx, record, notify=False)

    def after_delete(self, ctx: WriteContext, record: dict) -> None:
        for key, line in list(ctx.division.table(ENTRY_LINES).items()):
            if line["EntryID"] == record["EntryID"]:
                ctx.state.delete(ctx.division, ENTRY_LINES, key)
        for receivable in receivables_for(ctx, record["EntryID"]):
            ctx.state.delete(ctx.division, RECEIVABLES, receivable["ID"])


class SalesEntryLines(DocumentLines):
    path = ENTRY_LINES
    parent_table = ENTRIES
    parent_key = "EntryID"
    vat_field = "VATAmountFC"
    price = staticmethod(price_entry_line)
    refresh = staticmethod(refresh_entry)

    def strip_derived(self, merged: dict, sent: dict) -> None:
        for name in ("VATAmountFC", "VATBaseAmountFC", "VATBaseAmountDC"):
            if name not in sent:
                merged.pop(name, None)
