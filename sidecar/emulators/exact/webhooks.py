"""Webhook subscriptions and deliveries, authenticated the way Exact does it.

Exact sends ``{"Content": {...}, "HashCode": "..."}`` where HashCode is the upper-case hex
HMAC-SHA256 of the raw Content JSON text under the app's webhook secret (reference §5). A new
subscription is validated with an empty POST to the callback; when that fails the subscription
POST fails with 500 (UNCONFIRMED whether Exact checks before or just after answering; checking
before is the stricter reading, since the receiver must then be up first).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import queue
import threading
from typing import Any
from urllib.parse import urlsplit

import requests

from .config import EmulatorConfig
from .errors import ExactError, bad_request, invalid, not_found
from .resources import Resource, WriteContext
from .state import Change, EmulatorState
from .writes import Payload, validate

SUBSCRIPTIONS = "webhooks/WebhookSubscriptions"
TOPIC_TABLES = {
    "crm/Accounts": "Accounts",
    "crm/Contacts": "Contacts",
    "logistics/Items": "Items",
    "salesorder/SalesOrders": "SalesOrders",
    "salesinvoice/SalesInvoices": "SalesInvoices",
    "salesorder/GoodsDeliveries": "GoodsDeliveries",
    "salesentry/SalesEntries": "SalesEntries",
    "StockPositions": "StockPositions",
}
# Topics reported in public sources (the official list is UNCONFIRMED); others are refused.
TOPICS = set(TOPIC_TABLES.values()) | {
    "Quotations",
    "PurchaseOrders",
    "PurchaseEntries",
    "FinancialTransactions",
    "BankEntries",
    "CashEntries",
    "GeneralJournalEntries",
    "BankAccounts",
    "CostTransactions",
    "TimeTransactions",
    "Documents",
    "Subscriptions",
}


def _is_loopback(host: str | None) -> bool:
    if host in (None, ""):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_callback_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        return  # the emulator's only concession: plain HTTP to a loopback test receiver
    raise bad_request(f"CallbackURL '{url}' must be an https URL.")


def hash_code(secret: str, content: str) -> str:
    return hmac.new(secret.encode(), content.encode(), hashlib.sha256).hexdigest().upper()


def subscription_visible(
    config: EmulatorConfig, user_id: str, client_id: str | None, row: dict
) -> bool:
    """Whether the caller may see (and change, and delete) a subscription: only its own app's,
    and with ``webhook_scope`` "user" (the default, the stricter choice: UNCONFIRMED) only the
    ones the connected Exact user made."""
    if row.get("ClientID") != client_id:
        return False
    return config.webhook_scope == "app" or row.get("UserID") in (None, user_id)


class WebhookSubscriptions(Resource):
    """One subscription per topic per app and division, whatever its callback URL: a second one
    is ``500 Gegeven bestaat reeds.`` (picqer #150: a move to a new domain failed until the old
    subscriptions were deleted), even when another user of the app made the first (core-suite
    docs: "already created by another user ... gracefully skipped")."""

    path = SUBSCRIPTIONS

    def get(self, ctx: WriteContext, key: Any) -> dict:
        record = super().get(ctx, key)
        if not subscription_visible(ctx.config, ctx.state.user_id, ctx.client_id, record):
            raise not_found()
        return record

    def prepare(self, ctx: WriteContext, body: object, dispatcher: WebhookDispatcher) -> None:
        """Runs before the state lock is taken: checks the body and validates the callback."""
        payload = validate(self.entity, body, "POST")
        self._check(payload)
        dispatcher.validate_callback(payload.fields["CallbackURL"], ctx.division.code)

    def _check(self, payload: Payload) -> None:
        if "CallbackURL" in payload.fields:
            check_callback_url(payload.fields["CallbackURL"])
        topic = payload.fields.get("Topic")
        if topic is not None and topic not in TOPICS:
            raise bad_request(f"Topic '{topic}' is not a valid webhook topic.")
        if payload.fields.get("IsInstant") and topic != "GoodsDeliveries":
            raise bad_request("IsInstant is only supported for topic 'GoodsDeliveries'.")

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        self._check(payload)
        for key, row in self.table(ctx).items():
            if key == record.get("ID") or row.get("ClientID") != ctx.client_id:
                continue
            if row["Topic"] == record["Topic"]:
                raise invalid("Gegeven bestaat reeds.")
        if creating:
            record["ClientID"] = ctx.client_id
            record["UserID"] = ctx.state.user_id
        record.setdefault("IsInstant", False)
        record["Description"] = f"{record['Topic']} -> {record['CallbackURL']}"


class WebhookDispatcher:
    """Delivers change notifications from a background thread, recording every attempt."""

    def __init__(self, config: EmulatorConfig, state: EmulatorState) -> None:
        self.config = config
        self.state = state
        self.deliveries: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[str, str, dict]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="exact-webhooks", daemon=True)
        self._thread.start()

    # -- validation ---------------------------------------------------------------------------
    def validate_callback(self, url: str, division: int) -> None:
        status, error = self._post(url, b"")
        self._record("validation", url, division, "", status, error, {})
        if error is not None or status is None or not 200 <= status < 300:
            reason = error or f"{status}"
            raise ExactError(500, f"Invalid: Post to callback URL endpoint returns {reason}")

    # -- deliveries ---------------------------------------------------------------------------
    def enqueue(self, changes: list[Change], base_url: str) -> None:
        # One notification per record and request: a create (or delete) wins over updates.
        seen: dict[tuple[int, str, str], str] = {}
        for change in changes:
            topic = TOPIC_TABLES.get(change.table)
            if topic is None:
                continue
            marker = (change.division, topic, change.key)
            if change.action == "Delete" or marker not in seen:
                seen[marker] = change.action
        for (division, topic, key), action in seen.items():
            for subscription in self._subscriptions(division, topic):
                content = self._content(division, topic, action, key, base_url, subscription)
                self._queue.put((subscription["CallbackURL"], content, {"topic": topic}))

    def _subscriptions(self, division_code: int, topic: str) -> list[dict]:
        with self.state.lock:
            division = self.state.division(division_code)
            if division is None:
                return []
            return [
                dict(row) for row in division.table(SUBSCRIPTIONS).values() if row["Topic"] == topic
            ]

    def _content(
        self, division: int, topic: str, action: str, key: str, base_url: str, sub: dict
    ) -> str:
        path = next(table for table, name in TOPIC_TABLES.items() if name == topic)
        root = f"{base_url}/api/v1/{division}"
        if topic == "StockPositions":
            endpoint = f"{root}/read/logistics/StockPosition?itemId=guid'{key}'"
        else:
            endpoint = f"{root}/{path}(guid'{key}')"
        moment = self.state.clock.local_now()
        content = {
            "Topic": topic,
            "ClientId": sub["ClientID"],
            "Division": division,
            "Action": action,
            "Key": key,
            "ExactOnlineEndpoint": endpoint,
            "EventCreatedOn": moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3],
        }
        return json.dumps(content, separators=(",", ":"))

    def _run(self) -> None:
        while True:
            url, content, meta = self._queue.get()
            try:
                code = hash_code(self.config.webhook_secret, content)
                body = '{"Content":' + content + ',"HashCode":"' + code + '"}'
                status, error = self._post(url, body.encode())
                division = json.loads(content)["Division"]
                self._record("delivery", url, division, body, status, error, meta)
            finally:
                self._queue.task_done()

    def _post(self, url: str, body: bytes) -> tuple[int | None, str | None]:
        headers = {"Content-Type": "application/json"} if body else {}
        try:
            response = requests.post(
                url, data=body, headers=headers, timeout=self.config.webhook_timeout
            )
        except requests.RequestException as exc:
            return None, f"An error occurred while sending the request. ({type(exc).__name__})"
        return response.status_code, None

    def _record(
        self,
        kind: str,
        url: str,
        division: int,
        body: str,
        status: int | None,
        error: str | None,
        meta: dict,
    ) -> None:
        with self._lock:
            self.deliveries.append(
                {
                    "kind": kind,
                    "url": url,
                    "division": division,
                    "body": body,
                    "status": status,
                    "error": error,
                    "time": self.state.clock.now(),
                    **meta,
                }
            )

    def wait_idle(self) -> None:
        self._queue.join()

    def snapshot(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.deliveries)

    def clear(self) -> None:
        self.wait_idle()
        with self._lock:
            self.deliveries.clear()
