"""HTTP to a shop's REST API, with the shop's answers mapped onto retryable / permanent errors.

The credentials are the ones the plugin handed over (``POST /api/v1/shop/credentials``). Both
platforms accept OAuth 1.0a signatures (requests-oauthlib); WooCommerce also takes Basic auth, but
only over HTTPS, so plain-HTTP shops (and the test stand-ins) are always signed.
"""

from __future__ import annotations

from typing import Any

import requests

from sidecar.errors import PermanentError, RetryableError

TIMEOUT = (5, 20)


class ShopUnavailable(RetryableError):
    """The shop did not answer, or answered 429/5xx: try again later."""


class ShopRefused(PermanentError):
    """The shop refused the write (credentials revoked, order gone, a value it does not take)."""


def call(session: requests.Session, method: str, url: str, **kw: Any) -> Any:
    try:
        response = session.request(method, url, timeout=TIMEOUT, **kw)
    except requests.RequestException as exc:
        raise ShopUnavailable(f"the shop did not answer ({type(exc).__name__})") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if 200 <= response.status_code < 300:
        return body
    message = body.get("message") if isinstance(body, dict) else None
    message = message or response.reason or f"HTTP {response.status_code}"
    if response.status_code == 429 or response.status_code >= 500:
        retry_after = response.headers.get("Retry-After", "")
        raise ShopUnavailable(
            f"the shop answered {response.status_code}: {message}",
            seconds=float(retry_after) if retry_after.isdigit() else None,
        )
    if response.status_code in (401, 403):
        raise ShopRefused(
            f"the shop refused the sidecar's REST credentials: {message}",
            "Reconnect the sidecar in the plugin's settings page so it hands over "
            "fresh REST credentials.",
        )
    raise ShopRefused(
        f"the shop refused {method} {url.split('?')[0]} ({response.status_code}): {message}",
        "Check the order in the shop; the sidecar will not retry this write.",
    )
