"""Settings of one emulator instance.

Every limit the real Exact Online enforces is a field here so tests can shrink windows and limits
instead of waiting in real time; the defaults are Exact's documented values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class EmulatorConfig:
    """One registered Exact app (client id/secret) and the administration it may reach."""

    client_id: str = "6a1c3f4e-0000-4000-8000-00000000e3ac"
    client_secret: str = "emulator-client-secret"  # noqa: S105 (test-only default)
    # Redirect URIs registered in the App Center; loopback URIs are always accepted as well.
    redirect_uris: tuple[str, ...] = ()
    # Path to a JSON seed file, or None for the default seed shipped with the package.
    seed: str | Path | None = None
    minute_limit: int = 60
    day_limit: int = 5000
    window_seconds: int = 60
    # Webhook secret from the App Center, used for the HashCode of deliveries.
    webhook_secret: str = "emulator-webhook-secret"  # noqa: S105 (test-only default)
    # Token rules (seconds). Exact: 600 s access tokens, a refresh only >= 570 s after the last
    # issue, 180 s single-use codes, refresh tokens dead after 30 days.
    access_token_seconds: int = 600
    refresh_not_before_seconds: int = 570
    code_seconds: int = 180
    refresh_token_days: int = 30
    # At most this many token-endpoint calls per app and user per UTC day (None: no cap).
    token_day_limit: int | None = 200
    # Whether a new authorisation by a user ends the app's older token chains of that user
    # (UNCONFIRMED; True is the stricter choice: an older chain's refresh token is then refused).
    new_sign_in_ends_older_chains: bool = True
    # More than this many 400/401/403/404 answers per endpoint per hour block the endpoint for
    # an hour (None: never block).
    error_block_limit: int | None = 10
    # The status of the block answer (UNCONFIRMED): 403 (the stricter guess: it reads like a
    # missing right) or 429.
    error_block_status: int = 403
    # When a sales invoice gets its InvoiceNumber, an administration setting in Exact: "printing"
    # (null until PrintedSalesInvoices processes it, as in Exact's own sample invoice with
    # "InvoiceNumber": null) or "entry" (numbered when created). Sales entries are numbered at
    # entry either way.
    invoice_number_at: str = "printing"
    # Who sees, changes and deletes a webhook subscription: "user" (the Exact user who made it;
    # the stricter choice) or "app" (every user of the app). UNCONFIRMED. Either way a division
    # has one subscription per topic per app (a second is 500 "Gegeven bestaat reeds.").
    webhook_scope: str = "user"
    # Documents that need an account with customer status (``Status`` C): an invoice to a
    # prospect is ``500 Ongeldig: Factuur voor (Type)`` (picqer #172). Sales orders and sales
    # entries are UNCONFIRMED, refused too by default (the stricter choice); drop them to accept.
    customer_status_required: tuple[str, ...] = ("invoices", "orders", "entries")
    # Documents whose lines refuse a balance-sheet G/L account ("Ongeldig: Grootboekrekeningtype"):
    # sales entries per picqer #121; invoice and order lines UNCONFIRMED, refused too by default.
    balance_sheet_gl_refused: tuple[str, ...] = ("entries", "invoices")
    # The Exact edition of every division: "wholesale" (Wholesale & Distribution), "manufacturing"
    # or "accounting"; only the first two have direct invoices (8023/8024). None: each seed
    # division's own "edition" (the shipped seed's divisions are wholesale: they keep stock).
    edition: str | None = None
    # What an edition without logistics answers on warehouse and stock endpoints (UNCONFIRMED):
    # "forbidden" (403, the stricter guess) or "empty" (no rows).
    no_logistics: str = "forbidden"
    # Exchange rates every division holds (euros per unit); a document in another currency than
    # EUR without a rate here is 500 "Ongeldig: Valuta".
    exchange_rates: dict[str, str] = field(
        default_factory=lambda: {"USD": "0.9250", "GBP": "1.1700"}
    )
    # How Exact arrives at the VAT of sales invoice, direct invoice and sales order lines, which
    # no Exact document settles (the fidelity file's addendum, picqer #662): "client" keeps a
    # VAT amount the client sends on a line (within a cent of its own), "line" (the default)
    # ignores it and computes each line's VAT from its amount and the code's percentage, rounded
    # half away from zero, "document" computes the VAT per VAT code over the sum of the
    # document's lines. Sales entry lines always keep a sent VATAmountFC (documented by Exact).
    vat_arithmetic: str = "line"
    page_size: int = 60
    bulk_page_size: int = 1000
    # Seconds to wait for a webhook callback to answer.
    webhook_timeout: float = 5.0
    # Public host the emulator pretends to be in generated URLs; None: the request's own host.
    public_base_url: str | None = None
    user_email: str = "emulator@example.test"
    user_full_name: str = "Emulator User"
    extra: dict[str, object] = field(default_factory=dict)
