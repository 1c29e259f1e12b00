"""WooCommerce behind ``shops.base``: the pushback writes and the order list, over REST v3.

Writes are idempotent by reading first: the order's ``_exact_*`` meta is compared before it is
written, a note is added only when no note of the order has the same text, and a status is set
only when the order has another one and is not closed (cancelled, refunded, failed, trashed or
still a checkout draft: what a shop owner or a refund decided is not reopened by Exact's news).
The order list is paged by ``modified_after``, which WooCommerce treats as exclusive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sidecar.shops.base import OrderState, Page, ShopOrder, StatusOutcome, utc_seconds
from sidecar.shops.woocommerce.client import PER_PAGE, WooClient

# Statuses the shop owner (or a refund) put an order in; Exact's news does not reopen them.
FINAL = frozenset({"cancelled", "refunded", "failed", "trash", "checkout-draft"})


def shop_order(data: dict[str, Any]) -> ShopOrder:
    entity_id = str(data["id"])
    return ShopOrder(
        entity_id,
        utc_seconds(data.get("date_modified_gmt") or data["date_created_gmt"]),
        str(data.get("status") or ""),
        data,
        number=str(data.get("number") or entity_id),
    )


class WooApi:
    """One WooCommerce shop's REST API with the sidecar's consumer key."""

    page_size = PER_PAGE

    def __init__(self, url: str, credentials: Mapping[str, str]) -> None:
        self.client = WooClient(url, credentials["consumer_key"], credentials["consumer_secret"])

    def push_order_state(self, order_id: str, state: OrderState) -> str:
        wanted = {
            "_exact_sync_state": state.sync_state,
            "_exact_document_type": state.document_type,
            "_exact_document_number": state.document_number,
            "_exact_error": state.error_message or "",
            "_exact_resolution": state.resolution or "",
        }
        client = self.client
        current = {
            m.get("key"): m.get("value") for m in client.order(order_id).get("meta_data", [])
        }
        done = "unchanged"
        if any(current.get(k, "") != v for k, v in wanted.items()):
            client.update(
                order_id, {"meta_data": [{"key": k, "value": v} for k, v in wanted.items()]}
            )
            done = "updated"
        note = state.note
        if note and not any(n.get("note") == note for n in client.notes(order_id)):
            client.add_note(order_id, note)
            done = "updated"
        return done

    def add_note(self, order_id: str, note: str) -> str:
        if any(n.get("note") == note for n in self.client.notes(order_id)):
            return "unchanged"
        self.client.add_note(order_id, note)
        return "added"

    def push_status(
        self, order_id: str, status: str | None, notes: Sequence[str], sync_key: str
    ) -> StatusOutcome:
        client = self.client
        current = str(client.order(order_id).get("status") or "")
        outcome = StatusOutcome()
        if status and current != status:
            if current in FINAL:
                outcome.status_kept = current
            else:
                client.update(order_id, {"status": status})
                outcome.changed, outcome.status_set = True, status
        existing = {n.get("note") for n in client.notes(order_id)}
        for note in notes:
            if note not in existing:
                client.add_note(order_id, note)
                existing.add(note)
                outcome.changed = True
        return outcome

    def list_orders(
        self, statuses: Sequence[str], lower: datetime, upper: datetime | None, page: int
    ) -> Page:
        # modified_after is exclusive: one second earlier includes the lower bound's second.
        raw, total = self.client.list_orders(
            list(statuses),
            lower - timedelta(seconds=1),
            upper,
            page=page,
            per_page=self.page_size,
        )
        return Page([shop_order(o) for o in raw], total, len(raw) >= self.page_size)
