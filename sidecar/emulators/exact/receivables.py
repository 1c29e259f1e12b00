"""Open items (``cashflow/Receivables``): where Exact keeps whether an invoice is paid.

A receivable is booked when an invoice is processed or a sales entry is made; payments are not
part of the REST surface the sidecar uses, so tests record them through the control API
(``pay``), which is how a bank statement would settle the item in Exact.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .errors import bad_request
from .references import JOURNAL, PAYMENT, lookup
from .resources import Resource, WriteContext, describe

RECEIVABLES = "cashflow/Receivables"
OPEN, MATCHED = 20, 50


def book_receivable(
    ctx: WriteContext,
    *,
    account_id: Any,
    entry_id: Any,
    number: int,
    journal: str,
    amount: Decimal,
    amount_fc: Decimal | None = None,
    currency: str = "EUR",
    entry_date: datetime,
    due: datetime,
    your_ref: str | None,
    description: str | None,
    payment_condition: str | None,
) -> dict:
    division = ctx.division
    account = division.table("crm/Accounts").get(account_id) or {}
    debtors = next(
        (gl for gl in division.table("financial/GLAccounts").values() if gl.get("Code") == "1300"),
        {},
    )
    condition = lookup(division, PAYMENT, payment_condition)
    record = {
        "Account": account_id,
        "AccountCode": account.get("Code"),
        "AccountName": account.get("Name"),
        "AccountCountry": account.get("Country"),
        "AmountDC": amount,
        "AmountFC": amount if amount_fc is None else amount_fc,
        "TransactionAmountDC": amount,
        "TransactionAmountFC": amount if amount_fc is None else amount_fc,
        "Currency": currency,
        "Description": description,
        "DueDate": due,
        "TransactionDueDate": due,
        "EntryDate": entry_date,
        "InvoiceDate": entry_date,
        "EntryID": entry_id,
        "TransactionEntryID": entry_id,
        "EntryNumber": number,
        "InvoiceNumber": number,
        "IsFullyPaid": False,
        "Journal": journal,
        "JournalDescription": describe(lookup(division, JOURNAL, journal)),
        "GLAccount": debtors.get("ID"),
        "GLAccountCode": debtors.get("Code"),
        "GLAccountDescription": debtors.get("Description"),
        "PaymentCondition": payment_condition,
        "PaymentConditionDescription": describe(condition),
        "PaymentDays": (condition or {}).get("PaymentDays"),
        "Status": OPEN,
        "YourRef": your_ref,
    }
    return ctx.state.insert(division, RECEIVABLES, "ID", record)


def receivables_for(ctx: WriteContext, entry_id: Any) -> list[dict]:
    return [r for r in ctx.division.table(RECEIVABLES).values() if r.get("EntryID") == entry_id]


def pay(ctx: WriteContext, invoice_number: int, amount: Decimal | None = None) -> dict:
    """Settle (part of) the open item of an invoice number; full amount when None.

    A credit note's open item is negative and is settled (refunded) with a negative amount.
    """
    rows = [
        row
        for row in ctx.division.table(RECEIVABLES).values()
        if row.get("InvoiceNumber") == invoice_number and not row.get("IsFullyPaid")
    ]
    if not rows:
        raise bad_request(f"No open receivable for invoice number {invoice_number}.")
    row = rows[0]
    open_amount = row["AmountDC"]
    paid = open_amount if amount is None else amount
    if paid == 0 or (paid > 0) != (open_amount > 0) or abs(paid) > abs(open_amount):
        raise bad_request(f"Payment {paid} does not fit the open amount {row['AmountDC']}.")
    row["AmountDC"] = row["AmountFC"] = row["AmountDC"] - paid
    row["LastPaymentDate"] = ctx.now()
    if row["AmountDC"] == 0:
        row["IsFullyPaid"] = True
        row["Status"] = MATCHED
    ctx.state.touch(ctx.division, RECEIVABLES, row["ID"])
    return row


class Receivables(Resource):
    path = RECEIVABLES
