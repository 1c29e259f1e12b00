"""What of an order is booked: the fingerprint that tells a real change from a status change.

A posted order keeps sending ``order.updated`` (processing -> completed, a note, a resend of the
same data). Only a change of what the document was built from (amounts, lines, VAT, customer,
destination, payment and shipping method, currency) means the books may be wrong; a status or a
note does not. The fingerprint is taken from the normalised order, so it is the same for the same
booked content whatever the platform sent around it, and stored on the order's link when it is
posted.
"""

from __future__ import annotations

import hashlib
import json

from sidecar.shops.records import Order


def fingerprint(order: Order) -> str:
    """A digest of the booked content of ``order`` (not its status, notes or timestamps)."""
    content = {
        "currency": order.currency,
        "total": str(order.total),
        "tax": str(order.total_tax),
        "incl": order.prices_include_tax,
        "lines": [
            [
                line.kind,
                line.sku or "",
                line.name,
                str(line.quantity),
                str(line.total_excl),
                str(line.total_tax),
                str(line.tax_percent),
            ]
            for line in order.lines
        ],
        "customer": [
            order.customer.email,
            order.customer.company,
            order.customer.vat_number or "",
        ],
        "billing": order.billing.country,
        "shipping": order.shipping.country if order.shipping else "",
        "payment": order.payment_method,
        "method": order.shipping_method,
    }
    raw = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()
