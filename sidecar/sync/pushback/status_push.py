"""Writing a fired status rule to the shop: the order status and one note, exactly once.

Idempotent in three layers, so a retry after a timeout (the write landed, the answer was lost)
never writes twice:

1. the sidecar remembers a pushed rule as a link of kind ``status`` and does nothing for it again;
2. before writing, the shop's adapter reads the order (``ShopApi.push_status``): a status already
   set is not set again, and a note already among the order's notes or history is not added again;
3. where the platform's route deduplicates on a key, the write carries one (rule and number).

A status is never forced onto an order the shop has closed (cancelled, refunded...; each adapter
knows its platform's closed statuses): the note is still written, so the shop owner sees what
happened in Exact. Writes are made with the REST
credentials the plugin created for the sidecar; the plugins recognise them and do not send the
change back as a new order event (docs/contract.md, "Status pushback").
"""

from __future__ import annotations

import contextlib
import logging

from redis.exceptions import LockError

from sidecar.activity import log as activity
from sidecar.errors import RetryableError
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.shops.base import StatusOutcome
from sidecar.shops.service import shop_api
from sidecar.sync import links
from sidecar.sync.documents.credit import LABEL
from sidecar.sync.pushback.status import STATUS_LINK, STATUS_WORD, WATCHED, shop_rules, status_key

log = logging.getLogger(__name__)

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
        api = shop_api(shop, rt.box)
        document = LABEL.get(order_link.exact_kind, order_link.exact_kind or "document")
        number = order_link.exact_number or ""
        exact = (order_link.exact_kind, order_link.exact_id, order_link.exact_number)
    if api is None:
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
        outcome = api.push_status(order_id, status, notes, f"{when}:{number}")
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
    return "updated" if outcome.changed else "unchanged"


def _describe(order_id: str, document: str, number: str, when: str, outcome: StatusOutcome) -> str:
    text = f"Order {order_id}: {document} {number} is {STATUS_WORD[when]} in Exact Online"
    if outcome.status_set:
        return f"{text}; status set to {outcome.status_set}."
    if outcome.status_kept:
        return f"{text}; the order stays {outcome.status_kept}."
    return f"{text}."
