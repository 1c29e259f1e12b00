"""Exact Online webhooks: subscriptions per division and topic, and verifying deliveries.

A delivery carries only the changed record's key, in ``{"Content": {...}, "HashCode": "..."}``.
Its authenticity is the HashCode: upper-case hex HMAC-SHA256 of the *raw* Content text (the bytes
between ``{"Content":`` and ``,"HashCode":``) under the app's webhook secret. It must be computed
on the raw text, not on re-serialised JSON, or valid deliveries fail to verify.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactPermanent
from sidecar.exact.resources import WEBHOOK_SUBSCRIPTIONS

_ENVELOPE = re.compile(
    rb'^\{"Content":(?P<content>.*),"HashCode":"(?P<hash>[0-9A-Fa-f]{64})"\}$', re.DOTALL
)
TOPICS = (
    "SalesOrders",
    "SalesInvoices",
    "GoodsDeliveries",
    "Accounts",
    "Items",
    "StockPositions",
    "SalesEntries",
)


# What the order status pushback listens to (``sync.pushback.status``). Exact has no topic for
# cashflow/Receivables (reference §5), so "invoice paid" is always found by polling.
STATUS_TOPICS = ("SalesOrders", "GoodsDeliveries", "SalesInvoices", "SalesEntries")


class BadDelivery(ValueError):
    """Not a correctly signed Exact webhook body."""


@dataclass(frozen=True)
class Delivery:
    topic: str
    client_id: str | None
    division: int
    action: str
    key: str
    endpoint: str | None
    created_on: str | None
    content: dict[str, Any]

    @property
    def event_id(self) -> str:
        return f"exact:{self.topic}:{self.key}:{self.action}:{self.created_on or ''}"[:100]


def hash_code(secret: str, content: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), content, hashlib.sha256).hexdigest().upper()


def verify(body: bytes, secret: str) -> Delivery:
    """The delivery in ``body`` if its HashCode is right; BadDelivery otherwise."""
    match = _ENVELOPE.match(body.strip())
    if match is None:
        raise BadDelivery("body is not an Exact webhook envelope")
    expected = hash_code(secret, match.group("content"))
    if not hmac.compare_digest(expected, match.group("hash").decode()):
        raise BadDelivery("HashCode does not match")
    try:
        content = json.loads(match.group("content"))
        return Delivery(
            topic=str(content["Topic"]),
            client_id=content.get("ClientId"),
            division=int(content["Division"]),
            action=str(content.get("Action", "Update")),
            key=str(content["Key"]),
            endpoint=content.get("ExactOnlineEndpoint"),
            created_on=content.get("EventCreatedOn"),
            content=content,
        )
    except (ValueError, KeyError, TypeError):
        raise BadDelivery("Content lacks Topic, Division or Key") from None


def subscriptions(client: ExactClient) -> list[dict[str, Any]]:
    return list(client.iterate(WEBHOOK_SUBSCRIPTIONS.endpoint, WEBHOOK_SUBSCRIPTIONS.select))


def subscribe(client: ExactClient, topic: str, callback_url: str) -> dict[str, Any]:
    """Subscribe unless an identical subscription exists (Exact answers the validation POST)."""
    for existing in subscriptions(client):
        if existing.get("Topic") == topic and existing.get("CallbackURL") == callback_url:
            return existing
    return client.create(
        WEBHOOK_SUBSCRIPTIONS.endpoint, {"CallbackURL": callback_url, "Topic": topic}
    )


@dataclass(frozen=True)
class Subscribed:
    """What ``ensure_subscriptions`` did, for the activity log."""

    created: tuple[str, ...] = ()
    replaced: tuple[tuple[str, str], ...] = ()
    """(topic, the callback URL it pointed at before)"""
    blocked: tuple[str, ...] = ()
    """Topics held by a subscription this user cannot see: another Exact user's, of this app."""


# Exact's answer to a second subscription for a topic ("Gegeven bestaat reeds.", in the user's
# language): a division has one per topic per app, whatever the callback URL (picqer #150).
_EXISTS = ("bestaat reeds", "already exists", "existiert bereits", "existe déjà")


def ensure_subscriptions(
    client: ExactClient, topics: tuple[str, ...], callback_url: str
) -> Subscribed:
    """Point every topic of ``topics`` at ``callback_url``.

    Exact keeps one subscription per topic per app and division, whatever its URL, so one the app
    made for another URL (``SIDECAR_PUBLIC_URL`` changed, a reinstall) is deleted and made anew:
    subscribing beside it is refused. A subscription the listing does not show (another Exact
    user's) cannot be replaced: its topic is reported as blocked and left to polling. One listing
    for all topics, so re-checking a connection that is subscribed costs a single call."""
    rows = subscriptions(client)
    created: list[str] = []
    replaced: list[tuple[str, str]] = []
    blocked: list[str] = []
    for topic in topics:
        mine = [row for row in rows if row.get("Topic") == topic]
        if any(row.get("CallbackURL") == callback_url for row in mine):
            continue
        for old in mine:
            client.delete(WEBHOOK_SUBSCRIPTIONS.endpoint, odata.guid(old["ID"]))
            replaced.append((topic, str(old.get("CallbackURL"))))
        try:
            client.create(
                WEBHOOK_SUBSCRIPTIONS.endpoint, {"CallbackURL": callback_url, "Topic": topic}
            )
        except ExactPermanent as exc:
            if not any(words in exc.exact_message.lower() for words in _EXISTS):
                raise
            blocked.append(topic)
            continue
        if not mine:
            created.append(topic)
    return Subscribed(tuple(created), tuple(replaced), tuple(blocked))


def unsubscribe_all(client: ExactClient, callback_url: str) -> int:
    removed = 0
    for existing in subscriptions(client):
        if existing.get("CallbackURL") == callback_url:
            client.delete(WEBHOOK_SUBSCRIPTIONS.endpoint, odata.guid(existing["ID"]))
            removed += 1
    return removed
