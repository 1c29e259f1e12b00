"""Pricing one sales line (order or invoice): price, discount, VAT code and amounts.

Defaults follow Exact: the price comes from the item's sales prices (an account-specific price
first), the VAT code from the line, else the customer's sales VAT code (reverse charge, OSS),
else the item's. The line's ``AmountFC`` is always the amount excluding VAT.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .amounts import line_amounts, price
from .arithmetic import sent_vat
from .captions import caption
from .errors import invalid
from .references import COSTCENTER, COSTUNIT, GL, ITEM, VAT, check_references, lookup, require
from .resources import WriteContext, describe

HUNDRED = Decimal("100")


def account_for(ctx: WriteContext, account_id: Any, name: str) -> dict:
    account = require(ctx.division, ("crm/Accounts", "ID"), account_id, name)
    if account.get("Blocked"):
        raise invalid(f"Ongeldig: {caption(name)} (geblokkeerd)")
    return account


# The Dutch field names Exact's messages use for the account roles of a document.
ROLE_NAMES = {"OrderedBy": "Besteld door", "InvoiceTo": "Factuur voor", "Customer": "Klant"}


def check_customer(ctx: WriteContext, account_id: Any, role: str, document: str) -> None:
    """Refuse a document to an account without customer status, as Exact does: an account
    that is a prospect, suspect or none (``Status`` P/S/A, or empty) cannot be invoiced
    (``500 Ongeldig: Factuur voor (Type)``, picqer #172). ``document`` is invoices, orders or
    entries; ``customer_status_required`` says which of them the rule covers."""
    if document not in ctx.config.customer_status_required:
        return
    account = ctx.division.table("crm/Accounts").get(account_id)
    if account is not None and str(account.get("Status") or "").strip() != "C":
        raise invalid(f"Ongeldig: {ROLE_NAMES[role]} (Type)")


HOME_CURRENCY = "EUR"  # every emulated division keeps its books in euros
CENT = Decimal("0.01")


def currency_rate(ctx: WriteContext, fields: dict) -> Decimal:
    """Euros per unit of the document's currency. A document without ``Currency`` is in the
    division's own; another needs a rate in the division's table (``exchange_rates``), else
    ``500 Ongeldig: Valuta`` (the wording is Exact's ``Ongeldig: X`` pattern; that Exact refuses
    a currency without a rate rather than take 1.0 is UNCONFIRMED, the stricter choice)."""
    currency = str(fields.get("Currency") or HOME_CURRENCY).strip().upper()
    if currency == HOME_CURRENCY:
        return Decimal(1)
    rate = ctx.config.exchange_rates.get(currency)
    if rate is None:
        raise invalid("Ongeldig: Valuta")
    return Decimal(str(rate))


def check_currency(ctx: WriteContext, fields: dict) -> None:
    """Refuse a currency the division has no rate for; store the code Exact would show."""
    currency_rate(ctx, fields)
    fields["Currency"] = str(fields.get("Currency") or HOME_CURRENCY).strip().upper()


def to_home(ctx: WriteContext, fields: dict, amount: Decimal) -> Decimal:
    """An amount in the document's currency (FC) in the division's (DC), rounded to the cent."""
    rate = currency_rate(ctx, fields)
    return amount if rate == 1 else (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def vat_code_for(ctx: WriteContext, line: dict, account: dict, item: dict | None) -> dict:
    code = line.get("VATCode") or account.get("SalesVATCode") or (item or {}).get("SalesVatCode")
    if code is None:
        raise invalid("Verplicht: Btw-code")
    return usable_vat(require(ctx.division, VAT, code, "VATCode"))


def usable_vat(vat: dict) -> dict:
    """A VAT code a sales line may carry: not blocked, not purchase-only (texts in Exact's
    ``Ongeldig: X`` pattern; the exact wording is UNCONFIRMED)."""
    if vat.get("IsBlocked"):
        raise invalid("Ongeldig: Btw-code (geblokkeerd)")
    if str(vat.get("VATTransactionType") or "").strip() == "P":
        raise invalid("Ongeldig: Btw-code (inkoop)")
    return vat


def check_revenue_gl(ctx: WriteContext, gl: dict, document: str) -> None:
    """A sales line books revenue: a balance-sheet account (``BalanceType`` B, e.g. 1300
    debtors) is ``500 Ongeldig: Grootboekrekeningtype`` on sales entry lines (picqer #121, the
    fidelity file's E3). Invoice and order lines are UNCONFIRMED and refused too by default;
    ``balance_sheet_gl_refused`` says which documents the rule covers."""
    if document in ctx.config.balance_sheet_gl_refused and gl.get("BalanceType") == "B":
        raise invalid("Ongeldig: Grootboekrekeningtype")


def default_price(ctx: WriteContext, item: dict, account: dict) -> Decimal | None:
    prices = ctx.division.table("logistics/SalesItemPrices").values()
    for candidate in prices:
        if candidate.get("Item") == item["ID"] and candidate.get("Account") == account["ID"]:
            return candidate.get("Price")
    return item.get("StandardSalesPrice")


def price_line(
    ctx: WriteContext,
    entity_path: str,
    line: dict,
    account: dict,
    *,
    vat_field: str,
    with_gl: bool,
) -> dict:
    """Fill a line's derived fields in place and return it."""
    check_references(ctx.division, entity_path, line)
    item = require(ctx.division, ITEM, line.get("Item"), "Item")
    if not item.get("IsSalesItem", True):
        raise invalid(f"Item '{item.get('Code')}' is not a sales item.")
    vat = vat_code_for(ctx, line, account, item)
    percentage = vat.get("Percentage") or Decimal("0")
    if line.get("VATPercentage") is not None and line["VATPercentage"] != percentage:
        raise invalid(
            f"VATPercentage {line['VATPercentage']} does not match VAT code '{vat['Code']}' "
            f"({percentage})."
        )
    qty, unit_price, discount, net_price = price(
        quantity=line.get("Quantity"),
        unit_price=line.get("UnitPrice"),
        net_price=line.get("NetPrice"),
        discount=line.get("Discount"),
        default_price=default_price(ctx, item, account),
    )
    amounts = line_amounts(
        quantity=qty,
        unit_price=unit_price,
        discount=discount,
        net_price=net_price,
        vat_percentage=percentage,
        vat_inclusive=vat.get("Type") == "I",
        given_amount=line.get("AmountFC"),
        given_vat=sent_vat(ctx, line, vat_field),
    )
    line.update(
        Item=item["ID"],
        ItemCode=item.get("Code"),
        ItemDescription=item.get("Description"),
        Quantity=qty,
        UnitPrice=unit_price,
        Discount=discount,
        NetPrice=net_price,
        AmountFC=amounts.amount_excl_vat,
        AmountDC=amounts.amount_excl_vat,
        VATCode=vat["Code"],
        VATCodeDescription=vat.get("Description"),
        VATPercentage=percentage,
    )
    line[vat_field] = amounts.vat_amount
    line.setdefault("Description", item.get("Description"))
    if line.get("UnitCode") is None:
        line["UnitCode"] = item.get("Unit")
    line["UnitDescription"] = line["UnitCode"]
    line["CostCenterDescription"] = describe(
        lookup(ctx.division, COSTCENTER, line.get("CostCenter"))
    )
    line["CostUnitDescription"] = describe(lookup(ctx.division, COSTUNIT, line.get("CostUnit")))
    if with_gl:
        if line.get("GLAccount") is None:
            line["GLAccount"] = item.get("GLRevenue")
        gl = require(ctx.division, GL, line.get("GLAccount"), "GLAccount")
        check_revenue_gl(ctx, gl, "invoices")
        line["GLAccountDescription"] = gl.get("Description")
    return line
