"""Helpers for the Magento stand-in's own tests: a GET signed with the integration's OAuth 1.0a
tokens, and ``searchCriteria`` query arguments built from short names.

Used by the test modules under tests/emulators/magento."""

from __future__ import annotations

from typing import Any

import requests
from oauthlib.oauth1 import Client

from sidecar.emulators.magento.config import Integration


def signed_get(
    url: str,
    integration: Integration,
    *,
    timestamp: int | None = None,
    nonce: str | None = None,
    token_secret: str | None = None,
    signature_method: str = "HMAC-SHA256",
) -> requests.Response:
    client = Client(
        integration.consumer_key,
        client_secret=integration.consumer_secret,
        resource_owner_key=integration.access_token,
        resource_owner_secret=token_secret or integration.access_token_secret,
        signature_method=signature_method,
        timestamp=None if timestamp is None else str(timestamp),
        nonce=nonce,
    )
    uri, headers, _ = client.sign(url, http_method="GET")
    return requests.get(uri, headers=headers, timeout=5)


def criteria(**values: Any) -> dict[str, Any]:
    """searchCriteria[...] query arguments from short names:
    f0="updated_at,gteq,2026-11-01 00:00:00" (group 0), sort="updated_at,ASC", size=, page=."""
    params: dict[str, Any] = {}
    for name, value in values.items():
        if name.startswith("f"):
            group, *rest = name[1:].split("_")
            index = rest[0] if rest else "0"
            field, condition, raw = value.split(",", 2)
            prefix = f"searchCriteria[filter_groups][{group}][filters][{index}]"
            params[f"{prefix}[field]"] = field
            params[f"{prefix}[value]"] = raw
            params[f"{prefix}[condition_type]"] = condition
        elif name == "sort":
            field, direction = value.split(",")
            params["searchCriteria[sortOrders][0][field]"] = field
            params["searchCriteria[sortOrders][0][direction]"] = direction
        elif name == "size":
            params["searchCriteria[pageSize]"] = value
        elif name == "page":
            params["searchCriteria[currentPage]"] = value
    return params or {"searchCriteria": ""}
