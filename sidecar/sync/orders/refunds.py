"""Refunds and cancellations of posted orders -> Exact credit notes, exactly once.

The orders flow calls ``after_posted`` every time it runs for an order whose document is in
Exact (right after posting it, too). Refunds come from the newest ``order.refunded`` event the
sidecar stored for the order, whatever its state: that payload carries every refund of the order
with its lines (WooCommerce ``refunds_detail``, Magento ``creditmemos``). Order updates carry
only a refund summary and are never booked from, so a summary can never turn a detailed refund
into an amount-only one.

A refund that arrives before its order is posted waits: nothing is booked and the event is done;
the moment the order is posted (by a later event, a retry, a settings fix) the stored refund
event is read and credited. Folding the refund into the order's document was rejected: the
document would no longer equal the order, and a refund made after payment is a separate
booking in the shop, too.

Each refund has a link of its own (kind ``refund``, key ``<order id>:<refund id>``), created
exactly once through ``sync.posting`` like the order's own document: the attempt is committed
before the POST, the Exact id the moment it returns, and after an unknown outcome Exact is
searched on the credit note's unique ``YourRef`` before anything is sent again. A cancellation
has one link (kind ``cancellation``, key the order id) whatever the policy, so it is handled once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.activity import log as activity
from sidecar.errors import PermanentError
from sidecar.events.models import Event
from sidecar.exact.client import ExactClient
from sidecar.exact.reference import ReferenceData
from sidecar.mapping.resolvers import Resolver
from sidecar.mapping.settings_model import Settings
from sidecar.runtime import Runtime
from sidecar.shops.base import adapter, normalizer
from sidecar.shops.models import Shop
from sidecar.shops.records import Order, money_text
from sidecar.sync import links, posting
from sidecar.sync.customers.accounts import resolve_account
from sidecar.sync.documents import totals
from sidecar.sync.documents.credit import (
    CREDIT_LABEL,
    LABEL,
    build_cancellation,
    build_refund,
    credit_kind,
)
from sidecar.sync.documents.lines import Built
from sidecar.sync.orders.prepare import connected_client, resolve_items
from sidecar.sync.pushback import notes as shop_notes

REFUND = "refund"
CANCELLATION = "cancellation"
CANCELLED = frozenset({"cancelled", "canceled"})


def _record(rt: Runtime, shop_id: str, entity_id: str, message: str, **kw: Any) -> None:
    with rt.db.session() as session:
        activity.record(session, shop_id, "order", message, entity=f"order:{entity_id}", **kw)


def _order(shop: Shop, settings: Settings, payload: dict[str, Any]) -> Order:
    return normalizer(shop.platform)(
        payload, vat_number_keys=settings.customers.vat_number_meta_keys
    )


def latest_refund_payload(rt: Runtime, shop_id: str, entity_id: str) -> dict[str, Any] | None:
    with rt.db.session() as session:
        event = session.scalar(
            select(Event)
            .where(
                Event.shop_id == shop_id,
                Event.entity_kind == "order",
                Event.entity_id == entity_id,
                Event.type == "order.refunded",
                Event.payload.is_not(None),
            )
            .order_by(Event.id.desc())
            .limit(1)
        )
        return dict(event.payload) if event is not None else None


def waiting(rt: Runtime, shop_id: str, entity_id: str, events: list[Any]) -> None:
    """The order is not in Exact yet: say that its refunds wait for it."""
    if any(e.type == "order.refunded" for e in events):
        _record(
            rt,
            shop_id,
            entity_id,
            f"A refund of order {entity_id} arrived before the order was posted to Exact; it "
            "is credited as soon as the order is posted.",
            direction="in",
        )


def after_posted(
    rt: Runtime, shop: Shop, entity_id: str, settings: Settings, events: list[Any]
) -> bool:
    """Credit what is new; returns True when the batch was a cancellation (handled here)."""
    problems: list[PermanentError] = []
    payload = latest_refund_payload(rt, shop.id, entity_id)
    if payload is not None:
        missing = adapter(shop.platform).missing_refund_detail(payload, entity_id)
        if missing is not None:
            _detail_missing(rt, shop.id, entity_id, events, missing)
        problems += _refunds(rt, shop, entity_id, settings, _order(shop, settings, payload))
    latest = next((e for e in reversed(events) if e.payload is not None), None)
    cancelled = False
    if latest is not None:
        order = _order(shop, settings, latest.payload)
        if order.status in CANCELLED:
            cancelled = True
            problems += _cancel(rt, shop, entity_id, settings, order)
    if problems:
        raise problems[0]
    return cancelled


def failed_credits(session: Any, shop_id: str, entity_id: str) -> list[links.Link]:
    """The order's refund and cancellation links that failed permanently (for Retry)."""
    return [
        link
        for link in session.scalars(
            select(links.Link).where(
                links.Link.shop_id == shop_id,
                links.Link.state == "failed",
                links.Link.kind.in_((REFUND, CANCELLATION)),
                links.Link.shop_key.startswith(entity_id, autoescape=True),
            )
        )
        if link.shop_key == entity_id or link.shop_key.startswith(f"{entity_id}:")
    ]


def _detail_missing(
    rt: Runtime, shop_id: str, entity_id: str, events: list[Any], message: str
) -> None:
    """The refund event lacks the platform's refund detail (an older Magento module sends the
    order without its credit memos); until the sidecar reads them over REST itself, such a
    refund is not credited, and a person is told so (never silently)."""
    if any(e.type == "order.refunded" for e in events):
        _record(
            rt,
            shop_id,
            entity_id,
            message,
            level="warning",
            direction="in",
            resolution="Credit the document in Exact Online by hand for this credit memo.",
        )


# -- refunds ---------------------------------------------------------------------------------
def _refunds(
    rt: Runtime, shop: Shop, entity_id: str, settings: Settings, order: Order
) -> list[PermanentError]:
    problems: list[PermanentError] = []
    todo = []
    with rt.db.session() as session:
        for refund in order.refunds:
            key = f"{entity_id}:{refund.shop_refund_id}"
            link = links.ensure_link(session, shop.id, REFUND, key)
            if link.state in ("posted", "skipped"):
                continue
            if not settings.refunds.enabled:
                links.mark_skipped(session, link, "refunds are switched off in the settings")
                activity.record(
                    session,
                    shop.id,
                    "order",
                    f"Refund {refund.shop_refund_id} of order {order.number} "
                    f"({money_text(refund.amount)} {order.currency}) was not credited in Exact: "
                    "refunds are switched off (refunds.enabled).",
                    entity=f"order:{entity_id}",
                    direction="in",
                )
                continue
            todo.append((key, refund))
    for key, refund in todo:
        try:
            with _Credit(rt, shop, entity_id, settings, order, REFUND, key) as credit:
                credit.post(
                    lambda c, mode, refund=refund: build_refund(
                        c.kind,
                        order,
                        refund,
                        c.resolver,
                        c.account,
                        c.items,
                        settings,
                        c.original,
                        mode,
                    ),
                    f"Refund {refund.shop_refund_id} of order {order.number}",
                )
        except PermanentError as exc:
            problems.append(exc)
    return problems


# -- cancellations ---------------------------------------------------------------------------
def _cancel(
    rt: Runtime, shop: Shop, entity_id: str, settings: Settings, order: Order
) -> list[PermanentError]:
    policy = settings.refunds.cancelled
    with rt.db.session() as session:
        link = links.ensure_link(session, shop.id, CANCELLATION, entity_id)
        if link.state in ("posted", "skipped"):
            return []
        refunded = session.scalars(
            select(links.Link).where(
                links.Link.shop_id == shop.id,
                links.Link.kind == REFUND,
                links.Link.shop_key.startswith(f"{entity_id}:", autoescape=True),
                links.Link.state == "posted",
            )
        ).all()
        order_link = links.get_link(session, shop.id, "order", entity_id)
        original = f"{LABEL[order_link.exact_kind]} {order_link.exact_number or ''}".strip()
        if policy == "credit" and refunded:
            policy = "flag"
            why = " Part of it was already credited through refunds, so it was not credited again."
        else:
            why = ""
        if policy == "ignore":
            links.mark_skipped(session, link, "cancelled; ignored by the settings")
            activity.record(
                session,
                shop.id,
                "order",
                f"Order {order.number} was cancelled in the shop after it was posted as "
                f"{original}; nothing was changed in Exact (refunds.cancelled = ignore).",
                entity=f"order:{entity_id}",
                direction="in",
            )
            return []
        if policy == "flag":
            links.mark_skipped(session, link, "cancelled; flagged for manual handling")
            activity.record(
                session,
                shop.id,
                "order",
                f"Order {order.number} was cancelled in the shop after it was posted as "
                f"{original}.{why}",
                level="warning",
                entity=f"order:{entity_id}",
                direction="in",
                resolution="Credit the document in Exact Online by hand, or reverse it there; "
                "set refunds.cancelled to 'credit' to have the sidecar credit cancelled orders.",
            )
    if policy == "flag":
        shop_notes.enqueue(
            rt,
            shop.id,
            entity_id,
            f"Exact Online: this order was cancelled after it was booked as {original}; "
            "the booking has to be credited by hand.",
        )
        return []
    try:
        with _Credit(rt, shop, entity_id, settings, order, CANCELLATION, entity_id) as credit:
            credit.post(
                lambda c, mode: build_cancellation(
                    c.kind,
                    order,
                    c.resolver,
                    c.account,
                    c.items,
                    settings,
                    c.original,
                    datetime.now(UTC),
                    mode,
                ),
                f"Cancellation of order {order.number}",
            )
    except PermanentError as exc:
        return [exc]
    return []


# -- posting one credit note exactly once ------------------------------------------------------
class _Credit:
    """Posts one credit note for a link, with the orders flow's exactly-once discipline; a
    permanent error marks the credit's link failed (the order's link stays posted)."""

    def __init__(
        self,
        rt: Runtime,
        shop: Shop,
        entity_id: str,
        settings: Settings,
        order: Order,
        link_kind: str,
        key: str,
    ) -> None:
        self.rt, self.shop, self.entity_id, self.settings = rt, shop, entity_id, settings
        self.order, self.link_kind, self.key = order, link_kind, key

    def __enter__(self) -> _Credit:
        return self

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, PermanentError):
            with self.rt.db.session() as session:
                links.fail_unless_posted(session, self.shop.id, self.link_kind, self.key, exc)

    def post(self, make: Any, what: str) -> None:
        rt, shop_id = self.rt, self.shop.id
        with rt.db.session() as session:
            order_link = links.get_link(session, shop_id, "order", self.entity_id)
            self.kind = order_link.exact_kind
            self.original = f"{LABEL[self.kind]} {order_link.exact_number or order_link.exact_id}"
        target = posting.Target(
            shop_id, self.link_kind, self.key, credit_kind(self.kind, self.settings)
        )
        client: ExactClient = connected_client(rt, shop_id, self.entity_id, self.order)
        ref = ReferenceData(client)
        self.resolver = Resolver(self.settings, ref, self.shop.name)
        self.account = resolve_account(
            rt, client, self.resolver, shop_id, self.order, self.settings
        )
        self.items = resolve_items(client, ref, self.order, self.settings)
        built: Built = make(self, totals.mode_for(client))
        existing = posting.find_earlier(
            rt, client, target, built, self.account, self.settings.rounding.tolerance
        )
        if existing is not None:
            posting.bind(
                rt,
                target,
                existing,
                self._posted(built, what, " (found in Exact after a lost answer)"),
            )
            self._verify(client, built, existing, make, what)
            return
        created = posting.create(rt, client, target, built, self._posted(built, what))
        self._verify(client, built, created, make, what)

    def _verify(
        self, client: ExactClient, built: Built, row: dict[str, Any], make: Any, what: str
    ) -> None:
        totals.verify(
            client,
            built,
            row,
            lambda mode: make(self, mode),
            what,
            self.shop.id,
            f"order:{self.entity_id}",
        )

    def _posted(self, built: Built, what: str, note: str = "") -> posting.OnBound:
        """The activity line written with the binding: which credit note the refund became."""

        def record(session: Session, row: dict[str, Any], number: str | None) -> None:
            extra = f"; {', '.join(built.notes)}" if built.notes else ""
            if self.kind == "sales_order":
                extra += (
                    "; the sales order is left as it is: change or cancel it in Exact if the "
                    "goods will not go out"
                )
            activity.record(
                session,
                self.shop.id,
                "order",
                f"{what} credited in Exact: {CREDIT_LABEL[self.kind]} {number or ''} "
                f"(total {money_text(built.total)} {self.order.currency}, credits "
                f"{self.original}){extra}{note}.",
                entity=f"order:{self.entity_id}",
                direction="out",
            )

        return record
