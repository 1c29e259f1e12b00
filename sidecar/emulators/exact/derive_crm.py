"""Accounts, contacts and addresses: codes, names and the fields Exact fills in itself."""

from __future__ import annotations

from typing import Any

from .errors import invalid
from .references import ACCOUNT, CLASSIFICATION, PAYMENT, SHIPPING, VAT, lookup
from .resources import Resource, WriteContext, describe, unique
from .writes import Payload

ACCOUNT_CODE_WIDTH = 18


def pad_account_code(code: str) -> str:
    """Exact keeps account codes as 18 characters, right-aligned with leading spaces."""
    stripped = code.strip()
    if not stripped or len(stripped) > ACCOUNT_CODE_WIDTH:
        raise invalid(f"Code '{code}' must have 1 to {ACCOUNT_CODE_WIDTH} characters.")
    return stripped.rjust(ACCOUNT_CODE_WIDTH)


def _check_classification_slots(division: Any, record: dict) -> None:
    """Classification<n> takes a classification of the n-th classification name.

    UNCONFIRMED that Exact refuses a classification in another slot; the emulator does, as the
    stricter reading, so a client that picks the slot from the name's SequenceNumber is proven.
    """
    for n in range(1, 9):
        value = record.get(f"Classification{n}")
        row = lookup(division, CLASSIFICATION, value) if value else None
        if row is None:
            continue
        name = division.table("crm/AccountClassificationNames").get(
            str(row.get("AccountClassificationName"))
        )
        if name is not None and name.get("SequenceNumber") != n:
            raise invalid(
                f"Classification{n}: classification '{row.get('Code')}' belongs to "
                f"classification {name.get('SequenceNumber')}."
            )


class Accounts(Resource):
    path = "crm/Accounts"

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        division = ctx.division
        if creating:
            if record.get("Code") is None:
                numeric = [
                    int(row["Code"])
                    for row in self.table(ctx).values()
                    if str(row.get("Code", "")).strip().isdigit()
                ]
                record["Code"] = str(max(numeric, default=0) + 1)
            # "If the status field is filled this means the account is a customer" (Exact's
            # docs): an account created without one has status A, none, and is no customer.
            record.setdefault("Status", "A")
            record.setdefault("Blocked", False)
            record.setdefault("IsSales", True)
            record.setdefault("IsSupplier", False)
            record["Type"] = "A"
        if "Code" in payload.fields or creating:
            record["Code"] = pad_account_code(str(record["Code"]))
            unique(ctx, self.path, "Code", record["Code"], skip_key=record.get("ID"))
        if record.get("Name") is not None and not record["Name"].strip():
            raise invalid("Verplicht: Naam")
        record["PaymentConditionSalesDescription"] = describe(
            lookup(division, PAYMENT, record.get("PaymentConditionSales"))
        )
        record["SalesVATCodeDescription"] = describe(
            lookup(division, VAT, record.get("SalesVATCode"))
        )
        shipping = lookup(division, SHIPPING, record.get("ShippingMethod"))
        record["ShippingMethodDescription"] = describe(shipping)
        _check_classification_slots(division, record)

    def check_delete(self, ctx: WriteContext, record: dict) -> None:
        key = record["ID"]
        for table, fields in (
            ("salesorder/SalesOrders", ("OrderedBy", "InvoiceTo", "DeliverTo")),
            ("salesinvoice/SalesInvoices", ("OrderedBy", "InvoiceTo", "DeliverTo")),
            ("salesentry/SalesEntries", ("Customer",)),
        ):
            for row in ctx.division.table(table).values():
                if any(row.get(name) == key for name in fields):
                    raise invalid("The account is used in transactions and cannot be deleted.")


class Contacts(Resource):
    path = "crm/Contacts"

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        account = lookup(ctx.division, ACCOUNT, record.get("Account"))
        record["AccountName"] = describe(account, "Name")
        parts = [record.get("FirstName"), record.get("MiddleName"), record.get("LastName")]
        record["FullName"] = " ".join(part for part in parts if part)
        if creating and account is not None:
            siblings = [
                row for row in self.table(ctx).values() if row.get("Account") == account["ID"]
            ]
            record["IsMainContact"] = not siblings

    def create(self, ctx: WriteContext, body: object) -> dict:
        record = super().create(ctx, body)
        account = lookup(ctx.division, ACCOUNT, record.get("Account"))
        if record.get("IsMainContact") and account is not None and not account.get("MainContact"):
            account["MainContact"] = record["ID"]
            ctx.state.touch(ctx.division, "crm/Accounts", account["ID"])
        return record


ADDRESS_IDENTITY = ("Account", "Type", "AddressLine1", "Postcode", "City", "Country")


class Addresses(Resource):
    path = "crm/Addresses"

    def create(self, ctx: WriteContext, body: object) -> dict:
        # Exact first looks for an identical address and returns that one (reference summary).
        if isinstance(body, dict) and body.get("Account"):
            for row in self.table(ctx).values():
                if all(row.get(name) == body.get(name) for name in ADDRESS_IDENTITY):
                    return row
        return super().create(ctx, body)

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        if creating and record.get("Account") is None:
            raise invalid("Verplicht: Relatie")
        account = lookup(ctx.division, ACCOUNT, record.get("Account"))
        record["AccountName"] = describe(account, "Name")
        record.setdefault("Type", 1)


def account_name(ctx: WriteContext, key: Any) -> Any:
    return describe(lookup(ctx.division, ACCOUNT, key), "Name")
