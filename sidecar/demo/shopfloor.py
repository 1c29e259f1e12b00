"""The shop and its plugin, played for the demo: customers check out, bank transfers arrive, the
owner refunds a returned item, and every change reaches the sidecar as a signed event.

Orders come from the WooCommerce stand-in's own generator (``generate`` on its control API), so
they are the realistic Dutch/EU orders the stand-in serves everywhere else, and the event carries
the order as the REST API returns it, which is what the plugin sends. The first orders follow a
script so a short demo shows the interesting cases (two Dutch VAT rates, a coupon, an OSS order,
a German business with a VAT number under reverse charge); after that the generator's own mix
decides, pending bank transfers included, which are "paid" a few orders later.

Only orders whose figures the sidecar can book are placed: the generator used to give a
free-shipping line a tax entry for a rate the order's ``tax_lines`` lack (a quirk the sidecar
rightly refuses), and a demo should not open with a failure that is the stand-in's, not the
shop's. The guard stays so a regression of the stand-in shows as fewer orders, not as errors.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import requests
from requests_oauthlib import OAuth1

from sidecar.demo.signed import SignedApi
from sidecar.emulators.woocommerce.config import DEFAULT_KEYS
from sidecar.emulators.woocommerce.generator import generate_orders

TRIGGER = ("processing", "completed")
UNPAID = ("on-hold", "pending")


def _is_b2b(order: dict[str, Any]) -> bool:
    return any(m["key"] == "_billing_vat_number" for m in order["meta_data"])


def _rates(order: dict[str, Any]) -> set[int]:
    return {int(t["rate_id"]) for t in order["tax_lines"]}


def _classes(order: dict[str, Any]) -> set[str]:
    return {line["tax_class"] for line in order["line_items"]}


# Kinds of order the first placements show, in this order (then the generator's own mix).
SCRIPT: tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...] = (
    (
        "NL, 21 % and 9 %",
        lambda o: o["billing"]["country"] == "NL" and _classes(o) == {"", "reduced-rate"},
    ),
    ("B2B reverse charge", _is_b2b),
    ("coupon", lambda o: bool(o["coupon_lines"]) and not _is_b2b(o)),
    (
        "EU consumer (OSS)",
        lambda o: o["billing"]["country"] in ("BE", "DE", "FR") and o["tax_lines"],
    ),
    ("free shipping", lambda o: o["shipping_lines"][0]["method_id"] == "free_shipping"),
)


def bookable(order: dict[str, Any]) -> bool:
    """Every tax entry of the shipping lines names a rate of the order's tax lines."""
    rates = _rates(order)
    return all(int(t["id"]) in rates for s in order["shipping_lines"] for t in s["taxes"])


def describe(order: dict[str, Any]) -> str:
    """One line a person reads: who, where, what, how much."""
    billing = order["billing"]
    who = billing.get("company") or f"{billing['first_name']} {billing['last_name']}"
    parts = [f"{len(order['line_items'])} item line(s)"]
    vat = ", ".join(t["label"] for t in order["tax_lines"])
    if _is_b2b(order):
        vat_number = next(
            m["value"] for m in order["meta_data"] if m["key"] == "_billing_vat_number"
        )
        parts.append(f"VAT number {vat_number}, reverse charge")
    elif vat:
        parts.append(vat)
    if order["coupon_lines"]:
        parts.append(f"coupon {order['coupon_lines'][0]['code']}")
    if order["fee_lines"]:
        parts.append(order["fee_lines"][0]["name"].lower())
    shipping = order["shipping_lines"][0]
    parts.append(
        "free shipping" if Decimal(shipping["total"]) == 0 else f"shipping {shipping['total']}"
    )
    return (
        f"#{order['number']} {billing['country']} {who}: {'; '.join(parts)}; "
        f"total EUR {order['total']} ({order['status']}, {order['payment_method_title']})"
    )


@dataclass
class ShopFloor:
    """Places orders in the stand-in and tells the sidecar, as the plugin would."""

    api: SignedApi
    woo_url: str
    say: Callable[[str], None] = print
    first_seed: int = 1
    run_id: str = field(default_factory=lambda: secrets.token_hex(3))
    placed: list[int] = field(default_factory=list)
    refunded: set[int] = field(default_factory=set)
    unpaid: list[int] = field(default_factory=list)
    bookable_ids: set[int] = field(default_factory=set)  # in a trigger status: Exact gets them

    def __post_init__(self) -> None:
        key = next(k for k in DEFAULT_KEYS if k.permissions == "read_write")
        self.rest = requests.Session()
        self.rest.auth = OAuth1(
            key.consumer_key, client_secret=key.consumer_secret, signature_method="HMAC-SHA256"
        )
        self.control = requests.Session()
        self._seeds = itertools.count(self.first_seed)
        self._events = itertools.count(1)
        self._activity_seen = 0

    # -- the stand-in ----------
    def _rest(self, path: str) -> Any:
        answer = self.rest.get(f"{self.woo_url}/wp-json/wc/v3/{path}", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def _pick_seed(self) -> int:
        """The next generator seed whose order fits the script (or any bookable one after it)."""
        wanted = SCRIPT[len(self.placed)][1] if len(self.placed) < len(SCRIPT) else None
        for seed in self._seeds:
            order = generate_orders(1, seed=seed)[0]
            if not bookable(order):
                continue
            if wanted is None or (wanted(order) and order["status"] in TRIGGER):
                return seed
        raise AssertionError("unreachable")

    def _generate(self, seed: int) -> int:
        now = datetime.now(UTC).replace(microsecond=0)
        spec = {
            "count": 1,
            "seed": seed,
            "start": (now - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%S"),
            "end": now.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        answer = self.control.post(
            f"{self.woo_url}/_emulator/orders", json={"generate": spec}, timeout=30
        )
        answer.raise_for_status()
        return int(answer.json()["ids"][0])

    # -- the plugin ----------
    def _deliver(self, kind: str, order: dict[str, Any]) -> requests.Response:
        event = {
            "id": f"demo-{self.run_id}-{order['id']}-{next(self._events)}",
            "type": kind,
            "occurred_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "entity_id": str(order["id"]),
            "data": order,
        }
        answer = self.api.post("/api/v1/events", event)
        if answer.status_code not in (200, 202):
            self.say(
                f"  ! the sidecar refused the {kind} event: {answer.status_code} {answer.text}"
            )
        return answer

    # -- what happens in the shop ----------
    def place_order(self) -> int:
        """A customer checks out; the plugin sends ``order.updated``. Returns the order id."""
        order_id = self._generate(self._pick_seed())
        order = self._rest(f"orders/{order_id}")
        self.placed.append(order_id)
        if order["status"] in UNPAID:
            self.unpaid.append(order_id)
        elif order["status"] in TRIGGER:
            self.bookable_ids.add(order_id)
        self.say(f"Order {describe(order)}")
        self._deliver("order.updated", order)
        return order_id

    def pay_one(self) -> int | None:
        """The oldest unpaid order's bank transfer arrives: processing, and the event again."""
        if not self.unpaid:
            return None
        order_id = self.unpaid.pop(0)
        answer = self.control.patch(
            f"{self.woo_url}/_emulator/orders/{order_id}",
            json={"status": "processing"},
            timeout=30,
        )
        answer.raise_for_status()
        order = self._rest(f"orders/{order_id}")
        self.say(f"Payment received for #{order['number']}: now {order['status']}.")
        self.bookable_ids.add(order_id)
        self._deliver("order.updated", order)
        return order_id

    def refund_one(self) -> int | None:
        """The owner refunds a returned item of an order already in Exact; the plugin sends
        ``order.refunded`` with every refund's detail. Returns the order id, None if no order
        is posted yet. A refund the sidecar cannot book shows in the activity log, not here."""
        for order_id in self.placed:
            if order_id in self.refunded:
                continue
            state = self.api.get(f"/api/v1/shop/orders/{order_id}")
            if state.status_code != 200 or state.json().get("state") != "posted":
                continue
            order = self._rest(f"orders/{order_id}")
            line = order["line_items"][0]
            made = self.control.post(
                f"{self.woo_url}/_emulator/orders/{order_id}/refunds",
                json={"line_items": [line["id"]], "reason": f"Retour: {line['name']}"},
                timeout=30,
            )
            made.raise_for_status()
            self.refunded.add(order_id)
            data = {
                **self._rest(f"orders/{order_id}"),
                "refunds_detail": self._rest(f"orders/{order_id}/refunds"),
            }
            amount = made.json()["refund"]["amount"]
            self.say(f"Refund on #{order['number']}: {line['name']} returned, EUR {amount} back.")
            self._deliver("order.refunded", data)
            return order_id
        return None

    # -- what the sidecar says ----------
    def new_activity(self) -> list[dict[str, Any]]:
        """Activity lines added since the last call, oldest first."""
        answer = self.api.get("/api/v1/shop/activity?limit=100")
        if answer.status_code != 200:
            return []
        fresh = [i for i in answer.json()["items"] if int(i["id"]) > self._activity_seen]
        if fresh:
            self._activity_seen = max(int(i["id"]) for i in fresh)
        return list(reversed(fresh))

    def show_activity(self) -> int:
        lines = self.new_activity()
        for item in lines:
            mark = {"error": "!!", "warning": " !"}.get(item["level"], "  ")
            text = f"  {mark} activity: {item['message']}"
            if item.get("resolution"):
                text += f" -> {item['resolution']}"
            self.say(text)
        return len(lines)

    def settled(self) -> bool:
        """Every order Exact should get is posted, or has failed with a resolution."""
        for order_id in self.bookable_ids:
            answer = self.api.get(f"/api/v1/shop/orders/{order_id}")
            if answer.status_code != 200 or answer.json()["state"] == "pending":
                return False
        return True

    def states(self) -> dict[str, int]:
        """How the placed orders stand in the sidecar: posted / pending / failed / skipped, or
        received (the event is stored, the worker has not looked at it yet)."""
        counts: dict[str, int] = {}
        for order_id in self.placed:
            answer = self.api.get(f"/api/v1/shop/orders/{order_id}")
            state = answer.json()["state"] if answer.status_code == 200 else "received"
            counts[state] = counts.get(state, 0) + 1
        return counts
