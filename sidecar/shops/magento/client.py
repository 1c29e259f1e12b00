"""Magento REST for the sidecar: pushback writes and the order list for backfill and reconcile.

Pushback goes through the module's own route (``POST /V1/exactsidecar/orders/<id>/sync``),
because ``/V1/orders/<id>/comments`` no longer changes status reliably in 2.4.7+; the route is
idempotent by ``sync_key``. The order list is ``GET /V1/orders`` with ``searchCriteria`` on
``updated_at`` (UTC ``Y-m-d H:i:s``, the form Magento's collections compare), at most 300 per page
(the Web API input limit), stopping on ``total_count`` because a page past the end repeats the
last one. Signed with the integration's OAuth 1.0a tokens (HMAC-SHA256; Magento refuses
HMAC-SHA1)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.shops.http import call

# The Web API's default input limit for searchCriteria[pageSize].
MAX_PAGE_SIZE = 300


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

    def list_orders(
        self,
        statuses: list[str],
        updated_from: datetime,
        updated_before: datetime | None = None,
        page: int = 1,
        page_size: int = MAX_PAGE_SIZE,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of orders in ``statuses`` with ``updated_from <= updated_at`` (and
        ``< updated_before``), oldest update first; with ``total_count``."""
        groups: list[tuple[str, str, str]] = [("updated_at", magento_date(updated_from), "gteq")]
        if updated_before is not None:
            groups.append(("updated_at", magento_date(updated_before), "lt"))
        groups.append(("status", ",".join(statuses), "in"))
        params: list[tuple[str, str]] = []
        for index, (field, value, condition) in enumerate(groups):
            prefix = f"searchCriteria[filter_groups][{index}][filters][0]"
            params += [
                (f"{prefix}[field]", field),
                (f"{prefix}[value]", value),
                (f"{prefix}[condition_type]", condition),
            ]
        for index, field in enumerate(("updated_at", "entity_id")):
            params += [
                (f"searchCriteria[sortOrders][{index}][field]", field),
                (f"searchCriteria[sortOrders][{index}][direction]", "ASC"),
            ]
        params += [
            ("searchCriteria[pageSize]", str(min(page_size, MAX_PAGE_SIZE))),
            ("searchCriteria[currentPage]", str(page)),
        ]
        body = call(self.session, "GET", f"{self.api}/orders", params=params) or {}
        return list(body.get("items") or []), int(body.get("total_count") or 0)


def magento_date(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")
