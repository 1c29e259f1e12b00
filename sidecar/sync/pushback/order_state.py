"""Telling the shop what happened to an order in Exact (the first pushback).

After an order is posted (or fails), the shop gets the Exact document type and number, or the
error and its resolution, so the order screen and the orders list show them: WooCommerce as order
meta plus one order note, Magento through the module's sync route. Writes are idempotent: the
WooCommerce meta is compared before writing and a note is only added when no note names the
document yet; Magento's route ignores a repeated ``sync_key``. The plugins ignore changes made
with the sidecar's credentials, so a pushback never becomes a new order event.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.models import Shop
from sidecar.shops.service import load_credentials
from sidecar.sync import links

LABEL = {
    "sales_order": "sales order",
    "sales_invoice": "sales invoice",
    "direct_invoice": "direct invoice",
    "sales_entry": "sales entry",
}


def enqueue(rt: Runtime, shop_id: str, entity_id: str) -> None:
    rt.queues.enqueue_entity(
        "pushback",
        entity_key("push", shop_id, entity_id),
        shop_id,
        entity_id,
        func="sidecar.jobs.tasks.push_order",
    )


def _state(link: links.Link) -> dict[str, Any]:
    return {
        "sync_state": link.state if link.state != "attempting" else "pending",
        "document_type": link.exact_kind or "",
        "document_number": link.exact_number or "",
        "document_id": link.exact_id or "",
        "error_message": link.last_error if link.state == "failed" else "",
        "resolution": link.resolution if link.state == "failed" else "",
    }


def note_for(state: dict[str, Any]) -> str | None:
    if state["sync_state"] == "posted" and state["document_number"]:
        kind = LABEL.get(state["document_type"], state["document_type"])
        return f"Exact Online: {kind} {state['document_number']} created."
    if state["sync_state"] == "failed":
        return f"Exact Online: not posted. {state['error_message']} {state['resolution']}".strip()
    return None


def push(rt: Runtime, shop_id: str, entity_id: str) -> str:
    """Bring the shop's view of one order up to date; returns what was done."""
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        link = links.get_link(session, shop_id, "order", entity_id)
        if shop is None or link is None:
            return "nothing"
        credentials = load_credentials(shop, rt.box)
        platform, url, state = shop.platform, shop.url, _state(link)
    if not credentials:
        return "no-credentials"
    if platform == "woocommerce":
        return _push_woocommerce(url, credentials, entity_id, state)
    return _push_magento(url, credentials, entity_id, state)


def _push_woocommerce(
    url: str, credentials: dict[str, str], order_id: str, state: dict[str, Any]
) -> str:
    from sidecar.shops.woocommerce.client import WooClient

    client = WooClient(url, credentials["consumer_key"], credentials["consumer_secret"])
    wanted = {
        "_exact_sync_state": state["sync_state"],
        "_exact_document_type": state["document_type"],
        "_exact_document_number": state["document_number"],
        "_exact_error": state["error_message"] or "",
        "_exact_resolution": state["resolution"] or "",
    }
    current = {m.get("key"): m.get("value") for m in client.order(order_id).get("meta_data", [])}
    done = "unchanged"
    if any(current.get(k, "") != v for k, v in wanted.items()):
        client.update(order_id, {"meta_data": [{"key": k, "value": v} for k, v in wanted.items()]})
        done = "updated"
    note = note_for(state)
    if note and not any(n.get("note") == note for n in client.notes(order_id)):
        client.add_note(order_id, note)
        done = "updated"
    return done


def _push_magento(
    url: str, credentials: dict[str, str], order_id: str, state: dict[str, Any]
) -> str:
    from sidecar.shops.magento.client import MagentoClient

    payload = {k: v for k, v in state.items() if v}
    error_digest = hashlib.sha256((state["error_message"] or "").encode()).hexdigest()[:12]
    payload["sync_key"] = f"{state['sync_state']}:{state['document_number']}:{error_digest}"[:100]
    note = note_for(state)
    if note:
        payload["comment"] = note[:2000]
    answer = MagentoClient(url, credentials).sync(order_id, payload)
    return "updated" if answer.get("applied") else "unchanged"
