"""The Dutch captions Exact's validation messages name a property by.

Exact answers a refused write in the user's language with the field's caption, not its API name:
``Verplicht: Factuur voor`` (InvoiceTo), ``Ongeldige referentie: Besteld door`` (OrderedBy),
several messages joined by CRLF (the fidelity file's E2, E5). The emulator speaks Dutch, as a
Dutch administration's user sees it. Captions of properties not listed here are UNCONFIRMED, and
the API name is used instead.
"""

from __future__ import annotations

CAPTIONS = {
    "OrderedBy": "Besteld door",
    "InvoiceTo": "Factuur voor",
    "DeliverTo": "Leveren aan",
    "Customer": "Klant",
    "Account": "Relatie",
    "Journal": "Dagboek",
    "Item": "Artikel",
    "GLAccount": "Grootboekrekening",
    "VATCode": "Btw-code",
    "Warehouse": "Magazijn",
    "PaymentCondition": "Betalingsconditie",
    "PaymentConditionSales": "Betalingsconditie verkoop",
    "ShippingMethod": "Verzendwijze",
    "CostCenter": "Kostenplaats",
    "CostUnit": "Kostendrager",
    "Currency": "Valuta",
    "Name": "Naam",
    "Description": "Omschrijving",
    "Quantity": "Aantal",
    "AmountFC": "Bedrag",
    "Code": "Code",
    "SalesInvoiceLines": "Factuurregels",
    "SalesOrderLines": "Orderregels",
    "SalesEntryLines": "Boekingsregels",
}


def caption(name: str) -> str:
    return CAPTIONS.get(name, name)


def joined(messages: list[str]) -> str:
    """Several refusals in one answer, as Exact sends them."""
    return "\r\n".join(dict.fromkeys(messages))
