"""What to do about a document Exact refused: one registry from Exact's field names to the place
the owner fixes it.

Exact names the field it refuses in the user's language ("Ongeldig: Valuta", "Verplicht: Dagboek",
"Ongeldige referentie: Btw-code") or by its API property ("VATCode 'X' is blocked."). A shop owner
needs to know where to go next: a setting of the sidecar (named by its key, the same key the
plugins' settings forms use) or a record in Exact. Generic advice ("correct the data") sends them
to support; this table is what makes the activity line actionable. The first row whose words
occur in the message wins, so the more specific rows come first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fix:
    words: tuple[str, ...]  # Exact's Dutch labels and API property names, lower case
    setting: str | None  # the settings key that fixes it, or None when the fix is in Exact
    resolution: str


FIXES: tuple[Fix, ...] = (
    Fix(
        ("besteld door (geblokkeerd)", "factuur voor (geblokkeerd)", "klant (geblokkeerd)"),
        None,
        "The customer's account is blocked in Exact: unblock it there (Relaties, the account's "
        "card), then press Retry.",
    ),
    Fix(
        ("factuur voor (type)", "besteld door (type)", "klant (type)"),
        "customers.non_customer",
        "The Exact account is not a customer (a prospect or suspect): make it a customer in "
        "Exact (Relaties, status Klant) or choose what the sidecar does with such accounts under "
        "Settings > Customers (customers.non_customer), then press Retry.",
    ),
    Fix(
        ("valuta", "currency"),
        None,
        "The order's currency has no exchange rate in this Exact administration: add the "
        "currency and its rate in Exact (Financieel > Valuta's > Koersen), then press Retry.",
    ),
    Fix(
        ("directe", "direct invoice", "direct sales", "8023", "8024"),
        "document.type",
        "This Exact edition has no direct invoices: choose another document type under "
        "Settings > Documents (document.type), then press Retry.",
    ),
    Fix(
        ("magazijn", "warehouse"),
        "document.warehouse",
        "Choose an existing warehouse under Settings > Documents (document.warehouse), then "
        "press Retry.",
    ),
    Fix(
        ("dagboek", "journal"),
        "document.journal",
        "Choose an existing sales journal under Settings > Documents (document.journal), or a "
        "payment method's journal under Settings > Payments (payment.methods), then press Retry.",
    ),
    Fix(
        ("btw-code", "btw code", "vatcode", "vat code"),
        "vat.rates",
        "Map the shop's tax rate to an active sales VAT code under Settings > VAT (vat.rates), "
        "then press Retry.",
    ),
    Fix(
        ("grootboekrekening", "glaccount", "g/l account"),
        "revenue.domestic",
        "Choose a revenue (profit and loss) G/L account under Settings > Revenue "
        "(revenue.domestic, revenue.eu, revenue.outside_eu), then press Retry.",
    ),
    Fix(
        ("betalingsconditie", "paymentcondition", "payment condition"),
        "payment.default_condition",
        "Choose an existing payment condition under Settings > Payments "
        "(payment.default_condition), then press Retry.",
    ),
    Fix(
        ("verzendwijze", "shippingmethod", "shipping method"),
        "shipping.methods",
        "Map the shop's shipping method to an existing one under Settings > Shipping "
        "(shipping.methods), then press Retry.",
    ),
    Fix(
        ("kostenplaats", "costcenter", "kostendrager", "costunit"),
        "dimensions.cost_center",
        "Set the cost centre and cost unit the G/L account needs under Settings > Cost centres "
        "(dimensions.cost_center, dimensions.cost_unit), then press Retry.",
    ),
    Fix(
        ("artikel", "item"),
        "items.missing_sku",
        "Create the item in Exact with the shop's SKU as its code, or choose what happens to "
        "unknown SKUs under Settings > Items (items.missing_sku), then press Retry.",
    ),
)

GENERIC = "Correct the data or the mapping named in the message, then press Retry."


def fix_for(message: str) -> Fix | None:
    """The registry row for Exact's text, or None when no row names its field."""
    text = message.lower()
    return next((fix for fix in FIXES if any(word in text for word in fix.words)), None)


def resolution_for(message: str) -> str:
    fix = fix_for(message)
    return fix.resolution if fix is not None else GENERIC
