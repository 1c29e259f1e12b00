"""Magento writes for pushback go through the module's own route (``POST /V1/exactsidecar/
orders/<id>/sync``), because ``/V1/orders/<id>/comments`` no longer changes status reliably in
2.4.7+. The route is idempotent by ``sync_key``. Signed with the integration's OAuth 1.0a tokens
(HMAC-SHA256; Magento refuses HMAC-SHA1)."""

from __future__ import annotations

from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.shops.http import call


class MagentoClient:
    def __init__(self, base_url: str, credentials: dict[str, str]) -> None:
        self.api = base_url.rstrip("/") + "/rest/V1"
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.auth = OAuth1(
            credentials["consumer_key"],
            client_secret=credentials["consumer_secret"],
            resource_owner_key=credentials["access_token"],
            resource_owner_secret=credentials["access_token_secret"],
            signature_method="HMAC-SHA256",
        )

    def sync(self, order_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return call(
            self.session, "POST", f"{self.api}/exactsidecar/orders/{order_id}/sync", json=payload
        )
