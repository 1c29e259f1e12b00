"""Magento 2 behind ``shops.base``: the pushback writes and the order list, over REST.

Every write goes through the module's own route (``POST /V1/exactsidecar/orders/<id>/sync``),
which ignores a repeated ``sync_key`` and a comment the order's history already holds; statuses
are read first, so a status already set is not set again and a closed order (state or status
``canceled``/``closed``) keeps its status. A Magento status that is also the name of its state
(``processing``, ``complete``...) moves the state with it. The order list stops on
``total_count``, because a page past the end repeats the last one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sidecar.shops.base import OrderState, Page, ShopOrder, StatusOutcome, utc_seconds
from sidecar.shops.http import call
from sidecar.shops.magento.client import MagentoClient

FINAL = frozenset({"canceled", "closed"})
# Magento statuses that are also the name of the state they belong to: the state moves with them.
STATE_STATUSES = frozenset({"processing", "complete", "closed", "canceled", "holded"})
# 100 of the 300 allowed, as on WooCommerce: a page waits in the database until released and is
# parsed in one piece, so smaller pages keep a worker's memory low.
PAGE_SIZE = 100


def shop_order(data: dict[str, Any]) -> ShopOrder:
    entity_id = str(data["entity_id"])
    return ShopOrder(
        entity_id,
        utc_seconds(data.get("updated_at") or data["created_at"]),
        str(data.get("status") or ""),
        data,
        number=str(data.get("increment_id") or entity_id),
    )


class MagentoApi:
    """One Magento shop's REST API with the sidecar's integration tokens."""

    page_size = PAGE_SIZE

    def __init__(self, url: str, credentials: Mapping[str, str]) -> None:
        self.client = MagentoClient(url, dict(credentials))

    def push_order_state(self, order_id: str, state: OrderState) -> str:
        fields = asdict(state)
        note = fields.pop("note")
        payload: dict[str, Any] = {k: v for k, v in fields.items() if v}
        error_digest = hashlib.sha256((state.error_message or "").encode()).hexdigest()[:12]
        payload["sync_key"] = f"{state.sync_state}:{state.document_number}:{error_digest}"[:100]
        if note:
            payload["comment"] = note[:2000]
        answer = self.client.sync(order_id, payload)
        return "updated" if answer.get("applied") else "unchanged"

    def add_note(self, order_id: str, note: str) -> str:
        digest = hashlib.sha256(note.encode()).hexdigest()[:16]
        answer = self.client.sync(order_id, {"comment": note[:2000], "sync_key": f"note:{digest}"})
        return "added" if answer.get("applied") else "unchanged"

    def push_status(
        self, order_id: str, status: str | None, notes: Sequence[str], sync_key: str
    ) -> StatusOutcome:
        client = self.client
        order = call(client.session, "GET", f"{client.api}/orders/{order_id}")
        current, state = str(order.get("status") or ""), str(order.get("state") or "")
        comments = {h.get("comment") for h in order.get("status_histories") or []}
        outcome = StatusOutcome()
        payload: dict[str, Any] = {}
        if status and current != status:
            if state in FINAL or current in FINAL:
                outcome.status_kept = current
            else:
                payload["status"] = status
                if status in STATE_STATUSES and state != status:
                    payload["state"] = status
        missing = [n for n in notes if n not in comments]
        # The route takes one comment per call: the first goes with the status change, the rest
        # alone (the route writes a comment the history lacks even when nothing else changes).
        calls = [dict(payload, comment=note) for note in missing[:1]] or (
            [payload] if payload else []
        )
        calls += [{"comment": note} for note in missing[1:]]
        for number, body in enumerate(calls):
            answer = client.sync(
                order_id, {**body, "sync_key": f"status:{sync_key}:{number}"[:100]}
            )
            if answer.get("applied"):
                outcome.changed = True
                if "status" in body:
                    outcome.status_set = body["status"]
        return outcome

    def list_orders(
        self, statuses: Sequence[str], lower: datetime, upper: datetime | None, page: int
    ) -> Page:
        raw, total = self.client.list_orders(
            list(statuses), lower, upper, page=page, page_size=self.page_size
        )
        seen = (page - 1) * self.page_size + len(raw)
        return Page(
            [shop_order(o) for o in raw], total, len(raw) >= self.page_size and seen < total
        )
