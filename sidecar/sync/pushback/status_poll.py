"""Finding status changes in Exact without webhooks, and keeping webhook subscriptions in place.

Webhooks are used when ``SIDECAR_PUBLIC_URL`` is set and Exact accepted the subscriptions (it
validates the callback first); until then, and whenever they are missing, sales orders are polled.
Exact has neither a webhook topic nor a sync endpoint for ``cashflow/Receivables``, so "invoice
paid" is always polled, on ``bulk/Cashflow/Receivables`` filtered on ``IsFullyPaid`` and
``Modified``.

The scheduler runs ``tick`` every minute; per shop it queues a poll when ``pushback.poll_minutes``
have passed (a Redis lease per shop) and a subscription check once a day. A poll costs nothing
while no posted order waits for a rule, and otherwise one call per endpoint per interval when
little changed, spent from the division's budget without touching the calls reserved for orders.
Cursors (``sync.cursors``) are per division, so switching administrations starts afresh:

- ``exact:<division>:sync/SalesOrder/SalesOrderHeaders``: the highest row version (``Timestamp``)
  read; sync rows come in row-version order, so a run may stop after ``MAX_SYNC_ROWS`` and the
  next one continues.
- ``exact:<division>:cashflow/Receivables``: the latest ``Modified`` read, in Exact's own clock
  (rows are re-read from that second on, which costs nothing extra and misses nothing); never
  earlier than a day before the oldest order still waiting, so history the sidecar did not post
  is not read.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from sidecar.activity import log as activity
from sidecar.errors import SidecarError
from sidecar.exact import odata, webhooks
from sidecar.exact.client import ExactClient
from sidecar.exact.connections import get_connection
from sidecar.exact.models import Connection
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND
from sidecar.exact.resources import RECEIVABLES, SALES_ORDERS
from sidecar.jobs.queues import entity_key
from sidecar.runtime import Runtime
from sidecar.sync import numbers as invoice_numbers
from sidecar.sync.cursors import get_cursor, set_cursor
from sidecar.sync.pushback import status

log = logging.getLogger(__name__)

POLL_LEASE = status.POLL_LEASE
HOOKS_LEASE = "sidecar:status:hooks:"
HOOKS_CHECK_SECONDS = 86400
HOOKS_RETRY_SECONDS = 3600
BLOCKED = "|blocked"
MAX_SYNC_ROWS = 20_000  # 20 pages of a sync endpoint per run
ORDER_FIELDS = "OrderID,OrderNumber,Status,DeliveryStatus"
RECEIVABLE_FIELDS = "ID,InvoiceNumber,IsFullyPaid,Modified"
WEBHOOKS_CURSOR = "exact:webhooks"


def callback_url(rt: Runtime) -> str | None:
    base = rt.config.public_url
    return base.rstrip("/") + "/hooks/exact" if base else None


def _cursor_name(division: int, endpoint: str) -> str:
    return f"exact:{division}:{endpoint}"


def webhooks_active(rt: Runtime, shop_id: str, division: int) -> bool:
    """True when this division's subscriptions for the current callback URL were confirmed."""
    url = callback_url(rt)
    if url is None:
        return False
    with rt.db.session() as session:
        return get_cursor(session, shop_id, WEBHOOKS_CURSOR) == f"{division}|{url}"


# -- the scheduler's entry point --------------------------------------------------------------


def tick(rt: Runtime) -> dict[str, int]:
    """Queue due polls and subscription checks for every connected shop."""
    with rt.db.session() as session:
        shop_ids = list(
            session.scalars(
                select(Connection.shop_id).where(
                    Connection.state == "connected", Connection.division.is_not(None)
                )
            )
        )
    polls = hooks = 0
    for shop_id in shop_ids:
        with rt.db.session() as session:
            shop, rules, minutes = status.shop_rules(session, shop_id)
        if shop is None or not rules:
            continue
        if rt.redis.set(POLL_LEASE + shop_id, "1", nx=True, ex=max(minutes * 60 - 5, 55)):
            polls += bool(
                rt.queues.enqueue_entity(
                    "pushback",
                    entity_key("statuspoll", shop_id, "exact"),
                    shop_id,
                    func="sidecar.jobs.tasks.status_poll",
                )
            )
        if callback_url(rt) and rt.redis.set(
            HOOKS_LEASE + shop_id, "1", nx=True, ex=HOOKS_RETRY_SECONDS
        ):
            hooks += bool(queue_subscribe(rt, shop_id))
    return {"polls": polls, "subscriptions": hooks}


def queue_subscribe(rt: Runtime, shop_id: str) -> str | None:
    return rt.queues.enqueue_entity(
        "pushback",
        entity_key("statushooks", shop_id, "exact"),
        shop_id,
        func="sidecar.jobs.tasks.status_subscribe",
    )


def on_connected(rt: Runtime, shop_id: str) -> None:
    """A connection became ready (connect, reconnect, other division): subscribe now."""
    if callback_url(rt) is None:
        return
    rt.redis.set(HOOKS_LEASE + shop_id, "1", ex=HOOKS_RETRY_SECONDS)
    queue_subscribe(rt, shop_id)


def before_disconnect(rt: Runtime, shop_id: str) -> int:
    """The shop is about to leave Exact: remove the app's webhook subscriptions for our callback
    in its division, unless another connected shop of this sidecar still uses that division
    (subscriptions are per app and division, shared by its shops). Exact would otherwise keep
    posting to the sidecar, and a later connection by another Exact user would find the topics
    taken. A failure is said and does not stop the disconnect."""
    url = callback_url(rt)
    with rt.db.session() as session:
        conn = get_connection(session, shop_id)
        if url is None or conn is None or conn.state != "connected" or conn.division is None:
            return 0
        division, region = conn.division, conn.region
        others = session.scalar(
            select(Connection.id).where(
                Connection.shop_id != shop_id,
                Connection.state == "connected",
                Connection.division == division,
                Connection.region == region,
            )
        )
    if others is not None:
        return 0
    try:
        removed = webhooks.unsubscribe_all(
            ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND), url
        )
    except SidecarError as exc:
        with rt.db.session() as session:
            activity.record(
                session,
                shop_id,
                "connection",
                f"The Exact Online webhooks of administration {division} could not be removed "
                f"({exc}); Exact may keep calling {url} until they are deleted there.",
                level="warning",
                direction="out",
                resolution="Connect again and disconnect once Exact is reachable, or ask Exact "
                "support to delete the app's webhook subscriptions.",
            )
        return 0
    with rt.db.session() as session:
        set_cursor(session, shop_id, WEBHOOKS_CURSOR, None)
        if removed:
            activity.record(
                session,
                shop_id,
                "connection",
                f"Removed {removed} Exact Online webhook subscription(s) of administration "
                f"{division}: no connected shop of this sidecar uses it any more.",
                direction="out",
            )
    return removed


# -- subscriptions ----------------------------------------------------------------------------


def subscribe(rt: Runtime, shop_id: str) -> str:
    """Make sure the division sends the status topics to our callback; idempotent."""
    url = callback_url(rt)
    if url is None:
        return "no-public-url"
    client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
    try:
        division = client.target.division
        done = webhooks.ensure_subscriptions(client, webhooks.STATUS_TOPICS, url)
    except SidecarError as exc:
        with rt.db.session() as session:
            set_cursor(session, shop_id, WEBHOOKS_CURSOR, None)
            activity.record(
                session,
                shop_id,
                "connection",
                f"Exact Online webhooks could not be set up ({exc}); order statuses are polled "
                "instead.",
                level="warning",
                direction="out",
                resolution="Check that SIDECAR_PUBLIC_URL is reachable from the internet over "
                "HTTPS; the sidecar tries again every hour.",
            )
        return "failed"
    if done.blocked:
        return _blocked(rt, shop_id, f"{division}|{url}{BLOCKED}", done.blocked)
    with rt.db.session() as session:
        set_cursor(session, shop_id, WEBHOOKS_CURSOR, f"{division}|{url}")
        for topic, old in done.replaced:
            activity.record(
                session,
                shop_id,
                "connection",
                f"The Exact Online webhook for {topic} pointed at {old}; it now points at {url} "
                "(Exact keeps one per topic).",
                direction="out",
            )
        if done.created:
            activity.record(
                session,
                shop_id,
                "connection",
                "Exact Online sends order changes to the sidecar (webhooks: "
                + ", ".join(done.created)
                + ").",
                direction="out",
            )
    rt.redis.set(HOOKS_LEASE + shop_id, "1", ex=HOOKS_CHECK_SECONDS)
    return "subscribed" if done.created or done.replaced else "unchanged"


def _blocked(rt: Runtime, shop_id: str, cursor: str, topics: tuple[str, ...]) -> str:
    """Another Exact user's subscription holds a topic: statuses are polled (the cursor does not
    say "active"), the owner is told once, and the check comes back daily, not hourly, since
    asking again cannot help until that subscription is gone."""
    with rt.db.session() as session:
        if get_cursor(session, shop_id, WEBHOOKS_CURSOR) != cursor:
            set_cursor(session, shop_id, WEBHOOKS_CURSOR, cursor)
            activity.record(
                session,
                shop_id,
                "connection",
                "Exact Online already sends " + ", ".join(topics) + " of this administration to "
                "a webhook another Exact user made with this app, which the sidecar can neither "
                "see nor replace (Exact keeps one per topic); order statuses are polled instead.",
                level="warning",
                direction="out",
                resolution="Connect Exact Online again with the Exact user who connected this "
                "administration before (their subscriptions are then replaced), or ask them to "
                "disconnect it; the sidecar checks again every day.",
            )
    rt.redis.set(HOOKS_LEASE + shop_id, "1", ex=HOOKS_CHECK_SECONDS)
    return "blocked"


# -- the poll ---------------------------------------------------------------------------------


def poll(rt: Runtime, shop_id: str) -> dict[str, int]:
    """One poll of one shop: returns how many orders fired per rule."""
    with rt.db.session() as session:
        shop, rules, _ = status.shop_rules(session, shop_id)
        conn = get_connection(session, shop_id)
        if shop is None or conn is None or conn.state != "connected" or conn.division is None:
            return {}
        division = conn.division
        active = {rule.when for rule in rules}
        wants_orders = status.ORDER_DELIVERED in active and status.has_waiting(
            session, shop_id, status.ORDER_DELIVERED
        )
        wants_invoices = status.INVOICE_PAID in active and status.has_waiting(
            session, shop_id, status.INVOICE_PAID
        )
    client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
    fired: dict[str, int] = {}
    if wants_orders and not webhooks_active(rt, shop_id, division):
        fired[status.ORDER_DELIVERED] = poll_orders(rt, shop_id, division, client)
    if wants_invoices:
        fired[status.INVOICE_PAID] = poll_receivables(rt, shop_id, division, client)
    return fired


def poll_orders(rt: Runtime, shop_id: str, division: int, client: ExactClient) -> int:
    """Sales orders changed since the cursor; the delivered ones that are ours fire."""
    name = _cursor_name(division, SALES_ORDERS.sync)
    with rt.db.session() as session:
        since = int(get_cursor(session, shop_id, name) or 1)
    highest, delivered, fired = since, [], 0
    rows = client.iterate_sync(SALES_ORDERS.sync, ORDER_FIELDS, since)
    for read, row in enumerate(rows, 1):
        highest = max(highest, int(row["Timestamp"]))
        if status.DELIVERED in (row.get("Status"), row.get("DeliveryStatus")) and row.get(
            "OrderID"
        ):
            delivered.append(str(row["OrderID"]))
        if read % 1000 == 0 or read >= MAX_SYNC_ROWS:
            fired += _fire_orders(rt, shop_id, delivered)
            delivered = []
            _save(rt, shop_id, name, str(highest))
            if read >= MAX_SYNC_ROWS:
                return fired
    fired += _fire_orders(rt, shop_id, delivered)
    _save(rt, shop_id, name, str(highest))
    return fired


def _fire_orders(rt: Runtime, shop_id: str, order_ids: list[str]) -> int:
    if not order_ids:
        return 0
    with rt.db.session() as session:
        orders = status.waiting(session, shop_id, status.ORDER_DELIVERED, exact_ids=order_ids)
    return status.fire_all(rt, shop_id, orders, status.ORDER_DELIVERED)


def poll_receivables(rt: Runtime, shop_id: str, division: int, client: ExactClient) -> int:
    """Fully paid open items modified since the cursor; the ones of our invoices fire."""
    name = _cursor_name(division, RECEIVABLES.endpoint)
    with rt.db.session() as session:
        stored = get_cursor(session, shop_id, name)
        oldest = status.oldest_waiting(session, shop_id, status.INVOICE_PAID)
    floor = oldest - timedelta(days=1) if oldest else None
    since = datetime.fromisoformat(stored) if stored else floor
    if floor is not None and since is not None and since < floor:
        since = floor
    filter_ = "IsFullyPaid eq true"
    if since is not None:
        filter_ += f" and Modified ge {odata.datetime_(since)}"
    latest, numbers = since, []
    for row in client.iterate(RECEIVABLES.bulk, RECEIVABLE_FIELDS, filter=filter_):
        modified = odata.parse_date(row.get("Modified"))
        if modified is not None:
            modified = modified.replace(tzinfo=None)  # Exact's wall clock, kept as such
            latest = modified if latest is None else max(latest, modified)
        if row.get("IsFullyPaid") and row.get("InvoiceNumber") is not None:
            numbers.append(str(row["InvoiceNumber"]))
    if numbers and invoice_numbers.unknown_numbers(rt, shop_id, numbers):
        # A paid item no link knows may be a draft of ours that was processed in Exact.
        invoice_numbers.learn(rt, shop_id, client)
    with rt.db.session() as session:
        invoices = status.waiting(session, shop_id, status.INVOICE_PAID, numbers=numbers)
    fired = status.fire_all(rt, shop_id, invoices, status.INVOICE_PAID)
    if latest is not None:
        _save(rt, shop_id, name, latest.isoformat())
    return fired


def _save(rt: Runtime, shop_id: str, name: str, value: str) -> None:
    with rt.db.session() as session:
        set_cursor(session, shop_id, name, value)
