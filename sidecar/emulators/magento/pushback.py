"""The module's route ``POST /V1/exactsidecar/orders/:orderId/sync``, as plugin-magento has it.

A line-by-line model of ``ExactSidecar\\Connector\\Model\\OrderSync::sync`` (and Magento's input
processing in front of it): body keys snake_case or camelCase; scalars are cast to strings as
Magento's type processor does, arrays refused; everything validated before the order is touched;
idempotent by ``sync_key`` (a repeat answers ``applied: false`` and adds no comment); a changed
status/state, a new document number, a new failure or a ``comment`` the history lacks adds exactly
one history comment and saves the order (which moves ``updated_at``); a comment the history
already holds is never added again; a link-only change saves only the link row.
Answer: ``{"order_id", "applied", "state", "status", "sync_state", "document_number", "message"}``.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from .errors import NO_ENTITY, MagentoError, type_invalid
from .store import MagentoOrder, MagentoState, add_history, fmt

SYNC_STATES = ("pending", "posted", "failed", "skipped")
ORDER_STATES = (
    "new",
    "pending_payment",
    "payment_review",
    "processing",
    "complete",
    "closed",
    "canceled",
    "holded",
)
FIELDS = (
    "sync_state",
    "document_type",
    "document_id",
    "document_number",
    "error_message",
    "resolution",
    "last_sync_key",
)
PARAMS = (
    "sync_state",
    "document_type",
    "document_id",
    "document_number",
    "status",
    "state",
    "comment",
    "error_message",
    "resolution",
    "sync_key",
)
LIMITS = {
    "document_type": 32,
    "document_id": 64,
    "document_number": 64,
    "last_sync_key": 100,
    "error_message": 2000,
    "resolution": 2000,
}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _php_string(value: Any) -> str | None:
    """settype($value, 'string') for scalars; arrays are a type error (400)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, str):
        return value
    raise type_invalid("array", "string")


def read_params(body: dict[str, Any]) -> dict[str, str | None]:
    params: dict[str, str | None] = {}
    for name in PARAMS:
        raw = body[name] if name in body else body.get(_camel(name))
        params[name] = _php_string(raw)
    return params


def clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value == "":
        return None
    if CONTROL.search(value):
        raise MagentoError(400, "A field contains control characters or is not UTF-8.")
    return value


def validate(
    fields: dict[str, str | None],
    status: str | None,
    state: str | None,
    comment: str | None,
    allowed: tuple[str, ...],
) -> None:
    if fields["sync_state"] is not None and fields["sync_state"] not in SYNC_STATES:
        raise MagentoError(
            400,
            'sync_state "%1" is not one of: %2.',
            [fields["sync_state"], ", ".join(SYNC_STATES)],
        )
    if status is not None and status not in allowed:
        raise MagentoError(
            400,
            'Status "%1" is not allowed for Exact pushback; allowed: %2.',
            [status, ", ".join(allowed) or "(none configured)"],
        )
    if state is not None and state not in ORDER_STATES:
        raise MagentoError(400, 'State "%1" is not a Magento order state.', [state])
    for name, limit in LIMITS.items():
        if fields[name] is not None and len(fields[name]) > limit:
            raise MagentoError(400, "%1 is longer than %2 characters.", [name, str(limit)])
    if comment is not None and len(comment) > 2000:
        raise MagentoError(400, "comment is longer than %1 characters.", ["2000"])


def _default_comment(merged: dict[str, Any], previous: dict[str, Any]) -> str | None:
    number = merged.get("document_number")
    if number is not None and number != previous.get("document_number"):
        return f"Exact Online: {merged.get('document_type') or 'document'} {number} created."
    if merged.get("sync_state") == "failed" and previous.get("sync_state") != "failed":
        return f"Exact Online: sync failed: {merged.get('error_message') or ''}"
    return None


def _history_has(order: MagentoOrder, comment: str) -> bool:
    return any(
        (h.get("comment") or "").strip() == comment for h in order.doc.get("status_histories") or []
    )


def _result(order: MagentoOrder, applied: bool, link: dict[str, Any], message: str) -> dict:
    return {
        "order_id": order.id,
        "applied": applied,
        "state": order.state,
        "status": order.status,
        "sync_state": link.get("sync_state"),
        "document_number": link.get("document_number"),
        "message": message,
    }


def sync(
    state: MagentoState,
    order_id: int,
    body: dict[str, Any],
    allowed: tuple[str, ...],
    now: datetime,
) -> dict[str, Any]:
    raw = read_params(body)
    fields = {
        "sync_state": clean(raw["sync_state"]),
        "document_type": clean(raw["document_type"]),
        "document_id": clean(raw["document_id"]),
        "document_number": clean(raw["document_number"]),
        "error_message": clean(raw["error_message"]),
        "resolution": clean(raw["resolution"]),
        "last_sync_key": clean(raw["sync_key"]),
    }
    status, new_state, comment = clean(raw["status"]), clean(raw["state"]), clean(raw["comment"])
    validate(fields, status, new_state, comment, allowed)

    order = state.orders.get(order_id)
    if order is None:
        raise MagentoError(404, NO_ENTITY)
    link = dict(order.link)
    if fields["last_sync_key"] is not None and link.get("last_sync_key") == fields["last_sync_key"]:
        return _result(order, False, link, "This sync_key was already applied.")

    merged = dict(link)
    for name, value in fields.items():
        if value is not None:
            merged[name] = value
    if fields["sync_state"] is not None and fields["sync_state"] != "failed":
        merged["error_message"] = fields["error_message"]
        merged["resolution"] = fields["resolution"]
    link_changed = any(
        merged.get(name) != link.get(name) for name in FIELDS if name != "last_sync_key"
    )
    status_changed = status is not None and status != order.status
    state_changed = new_state is not None and new_state != order.state
    # OrderSync::historyHas: a comment already in the history is dropped; one it lacks is due
    # even when nothing else changes.
    if comment is not None and _history_has(order, comment):
        comment = None
    comment_due = comment is not None
    if not (link_changed or status_changed or state_changed or comment_due):
        if fields["last_sync_key"] is not None:
            order.link = {**merged, "updated_at": int(now.timestamp())}
        return _result(order, False, merged, "Nothing to change.")

    note = comment if comment is not None else _default_comment(merged, link)
    if note is not None and comment is None and _history_has(order, note):
        note = None
    if status_changed or state_changed or note is not None:
        if state_changed:
            order.doc["state"] = new_state
        if status_changed:
            order.doc["status"] = status
        if note is not None:
            # addCommentToStatusHistory($note, $statusChanged ? $status : false): without a new
            # status Magento records the order's current one.
            add_history(state, order, note, status if status_changed else order.status, now)
        order.doc["updated_at"] = fmt(now)  # OrderRepository::save
    order.link = {**merged, "updated_at": int(now.timestamp())}
    return _result(order, True, merged, "Applied.")
