"""WooCommerce REST v3: writes for pushback (order meta, notes, status) and the order list that
backfill and reconcile page through.

Signed with OAuth 1.0a one-legged (HMAC-SHA256, parameters in the query) unless the shop runs on
HTTPS, where WooCommerce also accepts, and we use, Basic auth with the same key.

Listing follows the reference's rules: ``modified_after``/``modified_before`` as zone-less UTC with
``dates_are_gmt=true`` (a value with a zone is shifted by the site's offset), statuses as one
comma list (PHP parses ``status[]=`` into ``status[0]``, which breaks the OAuth signature), and
every page URL built here: the ``Link`` header echoes the spent ``oauth_nonce``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.shops.http import call

# WooCommerce's largest page (per_page=101 answers 400).
PER_PAGE = 100
META_KEYS = (
    "_exact_sync_state",
    "_exact_document_type",
    "_exact_document_number",
    "_exact_error",
    "_exact_resolution",
)


class WooClient:
    def __init__(self, base_url: str, consumer_key: str, consumer_secret: str) -> None:
        self.api = base_url.rstrip("/") + "/wp-json/wc/v3"
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        if base_url.startswith("https://"):
            self.session.auth = (consumer_key, consumer_secret)
        else:
            self.session.auth = OAuth1(
                consumer_key,
                client_secret=consumer_secret,
                signature_method="HMAC-SHA256",
                signature_type="query",
            )
        self.last_headers: dict[str, str] = {}
        self.session.hooks["response"].append(self._remember_headers)

    def _remember_headers(self, response: requests.Response, *_args: Any, **_kw: Any) -> None:
        self.last_headers = dict(response.headers)

    def order(self, order_id: str) -> dict[str, Any]:
        return call(self.session, "GET", f"{self.api}/orders/{order_id}")

    def notes(self, order_id: str) -> list[dict[str, Any]]:
        return call(self.session, "GET", f"{self.api}/orders/{order_id}/notes")

    def update(self, order_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        return call(self.session, "PUT", f"{self.api}/orders/{order_id}", json=fields)

    def add_note(self, order_id: str, note: str) -> dict[str, Any]:
        return call(
            self.session,
            "POST",
            f"{self.api}/orders/{order_id}/notes",
            json={"note": note, "customer_note": False},
        )

    def list_orders(
        self,
        statuses: list[str],
        modified_after: datetime,
        modified_before: datetime | None = None,
        page: int = 1,
        per_page: int = PER_PAGE,
    ) -> tuple[list[dict[str, Any]], int | None]:
        """One page of orders in ``statuses`` modified strictly after ``modified_after`` (and
        strictly before ``modified_before``), oldest modification first; with ``X-WP-Total``."""
        params = [
            ("status", ",".join(statuses)),
            ("modified_after", gmt(modified_after)),
            ("dates_are_gmt", "true"),
            ("orderby", "modified"),
            ("order", "asc"),
            ("per_page", str(per_page)),
            ("page", str(page)),
        ]
        if modified_before is not None:
            params.append(("modified_before", gmt(modified_before)))
        orders = call(self.session, "GET", f"{self.api}/orders", params=params)
        total = self.last_headers.get("X-WP-Total", "")
        return list(orders or []), int(total) if total.isdigit() else None


def gmt(moment: datetime) -> str:
    """Zone-less UTC, whole seconds: what ``dates_are_gmt=true`` compares with."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")
