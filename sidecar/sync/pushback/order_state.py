"""Telling the shop what happened to an order in Exact (the first pushback).

After an order is posted (or fails), the shop gets the Exact document type and number, or the
error and its resolution, plus one order note, so the order screen and the orders list show them.
The shop's adapter writes them (``ShopApi.push_order_state``: order meta, or the module's sync
route) and idempotently, so a retry never adds the note twice. The plugins ignore changes made
with the sidecar's credentials, so a pushback never becomes a new order event.
"""

from __future__ import annotations

from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.base import OrderState
from sidecar.shops.models import Shop
from sidecar.shops.service import shop_api
from sidecar.sync import links
from sidecar.sync.documents.credit import DRAFT, LABEL


def enqueue(rt: Runtime, shop_id: str, entity_id: str) -> None:
    rt.queues.enqueue_entity(
        "pushback",
        entity_key("push", shop_id, entity_id),
        shop_id,
        entity_id,
        func="sidecar.jobs.tasks.push_order",
    )


def state_of(link: links.Link) -> OrderState:
    """What the shop shows for the order: its sync state, document or error, and the note."""
    sync_state = link.state if link.state != "attempting" else "pending"
    document_type = link.exact_kind or ""
    document_number = link.exact_number or ""
    error = link.last_error if link.state == "failed" else ""
    resolution = link.resolution if link.state == "failed" else ""
    return OrderState(
        sync_state=sync_state,
        document_type=document_type,
        document_number=document_number,
        document_id=link.exact_id or "",
        error_message=error or "",
        resolution=resolution or "",
        note=note_for(sync_state, document_type, document_number, error, resolution),
    )


def note_for(
    sync_state: str,
    document_type: str,
    document_number: str,
    error: str | None,
    resolution: str | None,
) -> str | None:
    if sync_state == "posted" and document_number:
        kind = LABEL.get(document_type, document_type)
        return f"Exact Online: {kind} {document_number} created."
    if sync_state == "posted" and document_type:
        kind = LABEL.get(document_type, document_type)
        return f"Exact Online: {kind} created {DRAFT}."
    if sync_state == "failed":
        return f"Exact Online: not posted. {error} {resolution}".strip()
    return None


def push(rt: Runtime, shop_id: str, entity_id: str) -> str:
    """Bring the shop's view of one order up to date; returns what was done."""
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        link = links.get_link(session, shop_id, "order", entity_id)
        if shop is None or link is None:
            return "nothing"
        api, state = shop_api(shop, rt.box), state_of(link)
    if api is None:
        return "no-credentials"
    return api.push_order_state(entity_id, state)
