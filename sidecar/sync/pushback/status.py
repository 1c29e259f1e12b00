"""Status pushback: what happened to an order's document in Exact becomes the shop's status.

Two things in Exact fire a rule (settings section ``pushback``): the sales invoice is fully paid
(``cashflow/Receivables.IsFullyPaid``; rule ``invoice_paid``) and the sales order is fully
delivered (goods deliveries bring ``Status``/``DeliveryStatus`` to 21; rule ``order_delivered``).
Without rules in the settings each shop gets the platform's defaults: both move the order to the
platform's completed status (its adapter's ``completed_status``) with a note naming the Exact
document.

This module decides *whether* a rule fires for a linked order and queues the shop write (job
``push_status`` on the ``pushback`` queue; ``sync.pushback.status_push`` does the write). It is
fed by Exact webhook deliveries (events of kind ``exact``, handled here) and by the poll in
``sync.pushback.status_poll``. A rule that has been pushed is remembered as a link of kind
``status`` (shop key ``<order id>:<rule>``), so a second delivery or poll never writes again and
costs no Exact call: the database is asked first, Exact only for orders that still wait.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from sidecar.errors import NothingToDo
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND
from sidecar.exact.resources import SALES_ORDERS
from sidecar.jobs.queues import entity_key
from sidecar.mapping.settings_model import PushbackSettings
from sidecar.runtime import Runtime
from sidecar.shops.base import adapter
from sidecar.shops.models import Shop
from sidecar.shops.settings import typed_settings
from sidecar.sync import numbers as invoice_numbers
from sidecar.sync.links import Link

log = logging.getLogger(__name__)

INVOICE_PAID = "invoice_paid"
ORDER_DELIVERED = "order_delivered"
# Which documents each rule watches. A sales order paid through an invoice made later in Exact is
# not matched: Exact's receivable names the invoice, and the invoice-to-order step is Exact's own.
WATCHED = {
    INVOICE_PAID: ("sales_invoice", "direct_invoice", "sales_entry"),
    ORDER_DELIVERED: ("sales_order",),
}
STATUS_WORD = {INVOICE_PAID: "paid", ORDER_DELIVERED: "delivered"}
DEFAULT_NOTE = "Exact Online: {document} {number} is {status}."
DELIVERED = 21  # SalesOrders Status / DeliveryStatus: 12 open, 20 partial, 21 complete
STATUS_LINK = "status"
PUSH_STATUS = "sidecar.jobs.tasks.push_status"
# While set, the shop's next status poll is not due yet (``sync.pushback.status_poll.tick``).
POLL_LEASE = "sidecar:status:poll:"
_CHUNK = 400  # ids per IN (...) list


@dataclass(frozen=True)
class Rule:
    when: str
    status: str | None
    note: str


@dataclass(frozen=True)
class Waiting:
    """A posted order whose rule has not been pushed yet."""

    order_id: str
    exact_kind: str
    exact_id: str | None
    exact_number: str | None


def rules_for(pushback: PushbackSettings, platform: str) -> list[Rule]:
    """The shop's rules; ``rules: null`` means the platform defaults, ``[]`` means none."""
    if not pushback.enabled:
        return []
    if pushback.rules is None:
        status = adapter(platform).completed_status
        return [Rule(when, status, DEFAULT_NOTE) for when in (INVOICE_PAID, ORDER_DELIVERED)]
    return [Rule(r.when, r.status, r.note or DEFAULT_NOTE) for r in pushback.rules]


def shop_rules(session: Session, shop_id: str) -> tuple[Shop | None, list[Rule], int]:
    """The shop, its rules and its poll interval in minutes."""
    shop = session.get(Shop, shop_id)
    if shop is None:
        return None, [], 5
    pushback = typed_settings(session, shop_id, shop.platform).pushback
    return shop, rules_for(pushback, shop.platform), pushback.poll_minutes


def status_key(order_id: str, when: str) -> str:
    return f"{order_id}:{when}"


def _waiting_query(shop_id: str, when: str, *columns: Any) -> Select:
    """Posted orders watched by ``when`` without a pushed status link (an outer join on it)."""
    done = aliased(Link)
    return (
        select(*columns)
        .select_from(Link)
        .outerjoin(
            done,
            and_(
                done.shop_id == Link.shop_id,
                done.kind == STATUS_LINK,
                done.shop_key == Link.shop_key + ":" + when,
                done.state == "posted",
            ),
        )
        .where(
            Link.shop_id == shop_id,
            Link.kind == "order",
            Link.state == "posted",
            Link.exact_kind.in_(WATCHED[when]),
            done.id.is_(None),
        )
    )


def waiting(
    session: Session,
    shop_id: str,
    when: str,
    *,
    exact_ids: list[str] | None = None,
    numbers: list[str] | None = None,
) -> list[Waiting]:
    """Orders still waiting for ``when``, optionally narrowed to Exact ids or document numbers
    (one query per chunk of ids)."""
    base = _waiting_query(
        shop_id, when, Link.shop_key, Link.exact_kind, Link.exact_id, Link.exact_number
    )
    if exact_ids is not None:
        values, column = sorted({i.lower() for i in exact_ids}), Link.exact_id
    elif numbers is not None:
        values, column = sorted(set(numbers)), Link.exact_number
    else:
        return [Waiting(*row) for row in session.execute(base).all()]
    found: list[Waiting] = []
    for i in range(0, len(values), _CHUNK):
        query = base.where(column.in_(values[i : i + _CHUNK]))
        found.extend(Waiting(*row) for row in session.execute(query).all())
    return found


def has_waiting(session: Session, shop_id: str, when: str) -> bool:
    return session.execute(_waiting_query(shop_id, when, Link.id).limit(1)).first() is not None


def oldest_waiting(session: Session, shop_id: str, when: str) -> datetime | None:
    """When the oldest order still waiting for ``when`` was linked (naive UTC)."""
    oldest = session.scalar(_waiting_query(shop_id, when, func.min(Link.created_at)))
    if oldest is None:
        return None
    return oldest.astimezone(UTC).replace(tzinfo=None) if oldest.tzinfo else oldest


def fire(rt: Runtime, shop_id: str, order_id: str, when: str) -> bool:
    """Queue the shop write for one order and rule; False when one is already waiting."""
    job = rt.queues.enqueue_entity(
        "pushback",
        entity_key("status", shop_id, status_key(order_id, when)),
        shop_id,
        order_id,
        when,
        func=PUSH_STATUS,
    )
    return job is not None


def fire_all(rt: Runtime, shop_id: str, orders: list[Waiting], when: str) -> int:
    for order in orders:
        fire(rt, shop_id, order.order_id, when)
    if orders:
        log.info("%s: %d order(s) %s in Exact", shop_id, len(orders), STATUS_WORD[when])
    return len(orders)


# -- webhook deliveries ------------------------------------------------------------------------


def _delivered(row: dict[str, Any] | None) -> bool:
    return bool(row) and DELIVERED in (row.get("Status"), row.get("DeliveryStatus"))


def check_orders(rt: Runtime, shop_id: str, client: ExactClient, candidates: list[Waiting]) -> int:
    """Read each waiting sales order's status (one call each) and fire the delivered ones."""
    fired = []
    for order in candidates:
        row = client.first(
            SALES_ORDERS.endpoint,
            "OrderID,OrderNumber,Status,DeliveryStatus",
            f"OrderID eq {odata.guid(order.exact_id)}",
        )
        if _delivered(row):
            fired.append(order)
    return fire_all(rt, shop_id, fired, ORDER_DELIVERED)


def _delivery_orders(client: ExactClient, entry_id: str) -> list[str]:
    """The sales order numbers a goods delivery shipped (its lines name them)."""
    rows = client.iterate(
        "salesorder/GoodsDeliveryLines",
        "ID,SalesOrderNumber",
        filter=f"EntryID eq {odata.guid(entry_id)}",
    )
    return sorted({str(r["SalesOrderNumber"]) for r in rows if r.get("SalesOrderNumber")})


def handle_delivery(
    rt: Runtime, shop_id: str, topic: str, key: str, rules: set[str], client: ExactClient
) -> int:
    """One webhook delivery: find the linked orders in the database first, ask Exact only about
    those that still wait, fire the rules that hold. Returns how many orders fired."""
    if topic == "SalesOrders" and ORDER_DELIVERED in rules:
        with rt.db.session() as session:
            orders = waiting(session, shop_id, ORDER_DELIVERED, exact_ids=[key])
        return check_orders(rt, shop_id, client, orders)
    if topic == "GoodsDeliveries" and ORDER_DELIVERED in rules:
        with rt.db.session() as session:
            if not has_waiting(session, shop_id, ORDER_DELIVERED):
                return 0
        numbers = _delivery_orders(client, key)
        with rt.db.session() as session:
            orders = waiting(session, shop_id, ORDER_DELIVERED, numbers=numbers)
        return check_orders(rt, shop_id, client, orders)
    if topic in ("SalesInvoices", "SalesEntries") and INVOICE_PAID in rules:
        # Payments change the receivable, not the invoice, and receivables have no topic: a
        # change to one of our waiting invoices brings the shop's receivables poll forward to
        # the next minute, where one call covers every invoice (not one call per delivery).
        with rt.db.session() as session:
            ours = waiting(session, shop_id, INVOICE_PAID, exact_ids=[key])
        if ours:
            rt.redis.delete(POLL_LEASE + shop_id)
    return 0


def may_change_status(topic: str | None, action: str | None) -> bool:
    """A deleted record fires nothing, and neither does a new order, invoice or entry (the
    sidecar's own posting announces itself this way); a new goods delivery is the news."""
    action = action or "Update"
    if action == "Delete":
        return False
    return action != "Create" or topic == "GoodsDeliveries"


def _may_change_status(payload: dict[str, Any]) -> bool:
    return may_change_status(payload.get("Topic"), payload.get("Action"))


def handle_exact_events(rt: Runtime, shop_id: str, entity_id: str, events: list[Any]) -> None:
    """Events of kind ``exact`` (stored by ``/hooks/exact``): status checks for one Exact key."""
    with rt.db.session() as session:
        shop, rules, _ = shop_rules(session, shop_id)
    active = {rule.when for rule in rules}
    topics = {
        str(payload.get("Topic"))
        for payload in (e.payload or {} for e in events)
        if _may_change_status(payload)
    }
    client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)  # no call until used
    learned: list[str] = []
    if shop is not None and "SalesInvoices" in topics:
        # A change to a draft invoice of ours may be Exact numbering it (it was processed).
        learned = invoice_numbers.learn(rt, shop_id, client, [entity_id])
    if shop is None or not active:
        if learned:
            return
        raise NothingToDo()
    for topic in sorted(topics):
        handle_delivery(rt, shop_id, topic, entity_id, active, client)
