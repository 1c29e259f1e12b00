"""WooCommerce REST v3 writes for pushback: order meta, notes, status.

Signed with OAuth 1.0a one-legged (HMAC-SHA256, parameters in the query) unless the shop runs on
HTTPS, where WooCommerce also accepts, and we use, Basic auth with the same key.
"""

from __future__ import annotations

from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.shops.http import call

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
