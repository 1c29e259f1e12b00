"""Helpers for the WooCommerce stand-in's own tests: OAuth 1.0a query signing as WooCommerce
checks it over plain HTTP, and the error shape its REST API answers with.

Used by the test modules under tests/emulators/woocommerce."""

from __future__ import annotations

from typing import Any

import requests
from oauthlib.oauth1 import SIGNATURE_TYPE_QUERY, Client

from sidecar.emulators.woocommerce.config import ApiKey


def signed_url(
    url: str,
    key: ApiKey,
    method: str = "GET",
    *,
    signature_method: str = "HMAC-SHA256",
    timestamp: int | None = None,
    nonce: str | None = None,
    sign_as: str | None = None,
) -> str:
    """Sign ``url`` (optionally as if it were ``sign_as``) and return the URL to send."""
    client = Client(
        key.consumer_key,
        client_secret=key.consumer_secret,
        signature_method=signature_method,
        signature_type=SIGNATURE_TYPE_QUERY,
        timestamp=None if timestamp is None else str(timestamp),
        nonce=nonce,
    )
    target = sign_as or url
    uri, _headers, _body = client.sign(target, http_method=method)
    if sign_as:
        uri = url.split("?")[0] + "?" + uri.split("?", 1)[1]
    return uri


def error(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) >= {"code", "message", "data"}, body
    assert body["data"]["status"] == response.status_code
    return body
