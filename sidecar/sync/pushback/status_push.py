"""Writing a fired status rule to the shop: the order status and one note, exactly once.

Idempotent in three layers, so a retry after a timeout (the write landed, the answer was lost)
never writes twice:

1. the sidecar remembers a pushed rule as a link of kind ``status`` and does nothing for it again;
2. before writing it reads the order: a status already set is not set again, and a note already
   among the order's notes (WooCommerce) or history comments (Magento) is not added again;
3. Magento's module route itself skips a comment the order's history already holds.

A status is never forced onto an order the shop has closed (cancelled, refunded...): the note is
still written, so the shop owner sees what happened in Exact. Writes are made with the REST
credentials the plugin created for the sidecar; the plugins recognise them and do not send the
change back as a new order event (docs/contract.md, "Status pushback").
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from redis.exceptions import LockError

from sidecar.activity import log as activity
from sidecar.errors import RetryableError
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.http import call
from sidecar.shops.service import load_credentials
from sidecar.sync import links
from sidecar.sync.pushback.order_state import LABEL
from sidecar.sync.pushback.status import STATUS_LINK, STATUS_WORD, WATCHED, shop_rules, status_key

log = logging.getLogger(__name__)

# Statuses the shop owner (or a refund) put an order in; Exact's news does not reopen them.
FINAL = {
    "woocommerce": {"cancelled", "refunded", "failed", "trash", "checkout-draft"},
    "magento": {"canceled", "closed"},
}
# Magento statuses that are also the name of the state they belong to: the state moves with them.
MAGENTO_STATE_STATUSES = {"processing", "complete", "closed", "canceled", "holded"}
LOCK_BUSY_SECONDS = 5


def render(template: str, document: str, number: str, status: str) -> str:
    """Fill ``{document} {number} {status}`` (validated at save time: no other placeholders)."""
    return (
        template.replace("{document}", document)
        .replace("{number}", number)
        .replace("{status}", status)
    )


def push(rt: Runtime, shop_id: str, order_id: str, when: str) -> str:
    """Apply the shop's rules for ``when`` to one order; returns what was done."""
    with rt.db.session() as session:
        shop, rules, _ = shop_rules(session, shop_id)
        rules = [r for r in rules if r.when == when]
        order_link = links.get_link(session, shop_id, "order", order_id)
        done = links.get_link(session, shop_id, STATUS_LINK, status_key(order_id, when))
        if shop is None or order_link is None or order_link.state != "posted":
            return "nothing"
        if order_link.exact_kind not in WATCHED[when]:
            return "nothing"
        if done is not None and done.state == "posted":
            return "unchanged"
        if not rules:
            return "disabled"
        credentials = load_credentials(shop, rt.box)
        platform, url = shop.platform, shop.url
        document = LABEL.get(order_link.exact_kind, order_link.exact_kind or "document")
        number = order_link.exact_number or ""
        exact = (order_link.exact_kind, order_link.exact_id, order_link.exact_number)
    if not credentials:
        return "no-credentials"
    notes = [render(r.note, document, number, STATUS_WORD[when]) for r in rules]
    status = next((r.status for r in reversed(rules) if r.status), None)

    # One writer per order at a time: two rules firing together must not both add their note
    # after reading the same (old) list of notes.
    lock = rt.queues.entity_lock(entity_key("status", shop_id, order_id))
    if not lock.acquire():
        raise RetryableError(
            f"order {order_id} is being updated", seconds=LOCK_BUSY_SECONDS, counts=False
        )
    try:
        if platform == "woocommerce":
            outcome = _woocommerce(url, credentials, order_id, status, notes)
        else:
            outcome = _magento(url, credentials, order_id, status, notes, f"{when}:{number}")
    finally:
        with contextlib.suppress(LockError):  # expired after the job timeout: nothing to release
            lock.release()

    with rt.db.session() as session:
        link = links.ensure_link(session, shop_id, STATUS_LINK, status_key(order_id, when))
        links.mark_posted(session, link, exact[0], exact[1], exact[2])
        activity.record(
            session,
            shop_id,
            "pushback",
            _describe(order_id, document, number, when, outcome),
            entity=f"order:{order_id}",
            direction="out",
        )
    return "updated" if outcome["changed"] else "unchanged"


def _describe(order_id: str, document: str, number: str, when: str, outcome: dict) -> str:
    text = f"Order {order_id}: {document} {number} is {STATUS_WORD[when]} in Exact Online"
    if outcome.get("status_set"):
        return f"{text}; status set to {outcome['status_set']}."
    if outcome.get("status_kept"):
        return f"{text}; the order stays {outcome['status_kept']}."
    return f"{text}."


def _woocommerce(
    url: str, credentials: dict[str, str], order_id: str, status: str | None, notes: list[str]
) -> dict[str, Any]:
    from sidecar.shops.woocommerce.client import WooClient

    client = WooClient(url, credentials["consumer_key"], credentials["consumer_secret"])
    current = str(client.order(order_id).get("status") or "")
    outcome: dict[str, Any] = {"changed": False}
    if status and current != status:
        if current in FINAL["woocommerce"]:
            outcome["status_kept"] = current
        else:
            client.update(order_id, {"status": status})
            outcome.update(changed=True, status_set=status)
    existing = {n.get("note") for n in client.notes(order_id)}
    for note in notes:
        if note not in existing:
            client.add_note(order_id, note)
            existing.add(note)
            outcome["changed"] = True
    return outcome


def _magento(
    url: str,
    credentials: dict[str, str],
    order_id: str,
    status: str | None,
    notes: list[str],
    sync_key: str,
) -> dict[str, Any]:
    from sidecar.shops.magento.client import MagentoClient

    client = MagentoClient(url, credentials)
    order = call(client.session, "GET", f"{client.api}/orders/{order_id}")
    current, state = str(order.get("status") or ""), str(order.get("state") or "")
    comments = {h.get("comment") for h in order.get("status_histories") or []}
    outcome: dict[str, Any] = {"changed": False}
    payload: dict[str, Any] = {}
    if status and current != status:
        if state in FINAL["magento"] or current in FINAL["magento"]:
            outcome["status_kept"] = current
        else:
            payload["status"] = status
            if status in MAGENTO_STATE_STATUSES and state != status:
                payload["state"] = status
    missing = [n for n in notes if n not in comments]
    # The route takes one comment per call: the first goes with the status change, the rest
    # alone (the route writes a comment the history lacks even when nothing else changes).
    calls = [dict(payload, comment=note) for note in missing[:1]] or ([payload] if payload else [])
    calls += [{"comment": note} for note in missing[1:]]
    for number, body in enumerate(calls):
        answer = client.sync(order_id, {**body, "sync_key": f"status:{sync_key}:{number}"[:100]})
        if answer.get("applied"):
            outcome["changed"] = True
            if "status" in body:
                outcome["status_set"] = body["status"]
    return outcome
