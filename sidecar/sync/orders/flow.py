"""The orders flow: a shop order that reaches a trigger status becomes exactly one Exact document.

Order of work (issue 4, rule 1): a posted link means there is nothing to do (a later edit is
logged, never posted twice); otherwise the customer (link first, one search, one create), the
items (a cache kept by the sync endpoint) and the document, with lines that add up to the shop's
total. An earlier attempt with an unknown outcome is then looked up in Exact
(``sync.posting.find_earlier``: by ``YourRef``, bound only when the account and total prove it is
this order's); else the create goes through ``sync.posting`` (the attempt committed before the
POST, the Exact id the moment the POST returns).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from sidecar.activity import log as activity
from sidecar.errors import PermanentError
from sidecar.events.models import Event
from sidecar.exact import editions
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactPermanent, ExactRetryable
from sidecar.exact.reference import ReferenceData
from sidecar.exact.resources import PRINTED_SALES_INVOICES
from sidecar.jobs.queues import entity_key
from sidecar.mapping import exact_checks
from sidecar.mapping.resolvers import MissingMapping, Resolver
from sidecar.mapping.settings_model import Settings
from sidecar.runtime import Runtime
from sidecar.shops.base import normalizer
from sidecar.shops.models import Shop
from sidecar.shops.records import Order, money_text
from sidecar.shops.settings import typed_settings
from sidecar.sync import links, numbers, posting
from sidecar.sync.customers.accounts import resolve_account
from sidecar.sync.documents import totals
from sidecar.sync.documents.credit import DRAFT, LABEL
from sidecar.sync.documents.order import Built, build
from sidecar.sync.orders import booked, content, refunds
from sidecar.sync.orders.prepare import connected_client, resolve_items
from sidecar.sync.pushback import order_state as pushback


def _record(rt: Runtime, shop_id: str, entity_id: str, message: str, **kw: Any) -> None:
    with rt.db.session() as session:
        activity.record(session, shop_id, "order", message, entity=f"order:{entity_id}", **kw)


def handle(rt: Runtime, shop_id: str, entity_id: str, events: list[Any]) -> None:
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        settings = typed_settings(session, shop_id, shop.platform)
        state = links.ensure_link(session, shop_id, "order", entity_id).state
    if state == "posted":
        cancelled = refunds.after_posted(rt, shop, entity_id, settings, events)
        updates = [e for e in events if e.type == "order.updated"]
        changed = updates and _content_changed(rt, shop, settings, entity_id, updates[-1])
        if not cancelled and changed:
            _record(
                rt,
                shop_id,
                entity_id,
                f"Order {entity_id} changed in the shop after it was posted to Exact; the "
                "change was not posted again.",
                level="warning",
                direction="in",
                resolution="If the change matters for the books, correct the document in "
                "Exact Online by hand.",
            )
        return
    latest = events[-1]
    if latest.type == "order.deleted" or latest.payload is None:
        with rt.db.session() as session:
            links.mark_skipped(
                session,
                links.get_link(session, shop_id, "order", entity_id),
                "deleted in the shop before it was posted",
            )
        _record(
            rt,
            shop_id,
            entity_id,
            f"Order {entity_id} was deleted in the shop before it "
            "was posted; nothing was sent to Exact.",
            direction="in",
        )
        return
    try:
        order = normalizer(shop.platform)(
            latest.payload, vat_number_keys=settings.customers.vat_number_meta_keys
        )
        if order.status not in settings.trigger_statuses:
            refunds.waiting(rt, shop_id, entity_id, events)
            return  # posted the first time it reaches a trigger status
        if booked.applies(rt, shop_id, entity_id, order):
            booked.link_booked(rt, shop_id, entity_id, order)
            pushback.enqueue(rt, shop_id, entity_id)
        else:
            _post(rt, shop_id, shop.name, entity_id, order, settings)
        _remember_content(rt, shop_id, entity_id, order)
        refunds.after_posted(rt, shop, entity_id, settings, events)
    except PermanentError as exc:
        with rt.db.session() as session:
            links.fail_unless_posted(session, shop_id, "order", entity_id, exc)
        pushback.enqueue(rt, shop_id, entity_id)
        raise


def _remember_content(rt: Runtime, shop_id: str, entity_id: str, order: Order) -> None:
    """Keep what a posted order was booked from, to tell later changes from status changes."""
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "order", entity_id)
        if link is not None and link.state == "posted":
            link.content_hash = content.fingerprint(order)


def _content_changed(
    rt: Runtime, shop: Shop, settings: Settings, entity_id: str, event: Any
) -> bool:
    """Whether an update of a posted order changed what it was booked from. Unknown (a link
    posted before fingerprints were kept, a payload that does not read) counts as changed."""
    with rt.db.session() as session:
        link = links.get_link(session, shop.id, "order", entity_id)
        known = link.content_hash if link is not None else None
    if known is None or event.payload is None:
        return True
    keys = settings.customers.vat_number_meta_keys
    try:
        order = normalizer(shop.platform)(event.payload, vat_number_keys=keys)
    except PermanentError:
        return True
    return content.fingerprint(order) != known


def _post(
    rt: Runtime,
    shop_id: str,
    shop_name: str,
    entity_id: str,
    order: Order,
    settings: Settings,
) -> None:
    kind = settings.document.type
    target = posting.Target(shop_id, "order", entity_id, kind)
    client = connected_client(rt, shop_id, entity_id, order)
    ref = ReferenceData(client)
    if kind == "direct_invoice":
        problems = exact_checks.direct_invoices(rt, client, ref, settings.document.warehouse)
        if "document.type" in problems:
            raise MissingMapping(problems["document.type"][0], editions.RESOLUTION, "document.type")
    resolver = Resolver(settings, ref, shop_name)
    account = resolve_account(rt, client, resolver, shop_id, order, settings)
    items = resolve_items(client, ref, order, settings)
    mode = totals.mode_for(client)
    built = build(kind, order, resolver, account, items, settings, mode)
    existing = posting.find_earlier(rt, client, target, built, account, settings.rounding.tolerance)
    if existing is not None:
        posting.bind(
            rt,
            target,
            existing,
            _posted(
                shop_id,
                entity_id,
                order,
                kind,
                note=" (found in Exact after an earlier attempt whose answer was lost)",
            ),
        )
        totals.verify(
            client,
            built,
            existing,
            lambda learnt: build(kind, order, resolver, account, items, settings, learnt),
            f"order {order.number}",
            shop_id,
            f"order:{entity_id}",
        )
        pushback.enqueue(rt, shop_id, entity_id)
        return
    try:
        created = posting.create(
            rt, client, target, built, _posted(shop_id, entity_id, order, kind, built=built)
        )
    except ExactPermanent as exc:
        if kind == "direct_invoice" and editions.is_edition_refusal(exc.exact_message):
            editions.remember(rt, client.target.division)
            raise MissingMapping(
                f"{editions.SENTENCE} Exact answered: {exc.exact_message}",
                editions.RESOLUTION,
                "document.type",
            ) from exc
        raise
    totals.verify(
        client,
        built,
        created,
        lambda learnt: build(kind, order, resolver, account, items, settings, learnt),
        f"order {order.number}",
        shop_id,
        f"order:{entity_id}",
    )
    if kind in numbers.INVOICE_KINDS and settings.document.process:
        _process(rt, client, shop_id, entity_id, created[target.key], settings)
    pushback.enqueue(rt, shop_id, entity_id)


def _posted(
    shop_id: str,
    entity_id: str,
    order: Order,
    kind: str,
    built: Built | None = None,
    note: str = "",
) -> posting.OnBound:
    """The activity line written with the binding: which document the order became."""

    def record(session: Session, row: dict[str, Any], number: str | None) -> None:
        extra = f"; {', '.join(built.notes)}" if built and built.notes else ""
        activity.record(
            session,
            shop_id,
            "order",
            f"Order {order.number} posted to Exact as {LABEL[kind]} {number or DRAFT} "
            f"(total {money_text(order.total)} {order.currency}){extra}{note}.",
            entity=f"order:{entity_id}",
            direction="out",
        )

    return record


def _process(
    rt: Runtime,
    client: ExactClient,
    shop_id: str,
    entity_id: str,
    invoice_id: str,
    settings: Settings,
) -> None:
    """Process (finalise) the invoice, then read the number Exact may give it only now; a
    failure leaves a valid draft and says so."""
    try:
        client.create(
            PRINTED_SALES_INVOICES.endpoint,
            {
                "InvoiceID": invoice_id,
                "SendEmailToCustomer": bool(settings.document.email_customer),
            },
        )
        numbers.store(rt, shop_id, numbers.read(client, numbers.drafts(rt, shop_id, [invoice_id])))
    except (ExactPermanent, ExactRetryable) as exc:
        _record(
            rt,
            shop_id,
            entity_id,
            f"The invoice was created but could not be processed: {exc}",
            level="warning",
            direction="out",
            resolution="Process the invoice in Exact Online (Sales > Invoices > Process).",
        )


def requeue(rt: Runtime, shop_id: str, entity_id: str) -> bool:
    """Run an order again: its failed events become pending, its link leaves 'failed'."""
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "order", entity_id)
        if link is not None and link.state == "posted":
            # A posted order runs again only for its failed refunds or cancellation.
            failed = refunds.failed_credits(session, shop_id, entity_id)
            if not failed:
                return False
            for credit in failed:
                credit.state = "attempting" if credit.payload_hash else "pending"
                credit.failed_setting = None
        if link is not None and link.state == "failed":
            link.state = "attempting" if link.payload_hash else "pending"
            link.failed_setting = None
        session.execute(
            update(Event)
            .where(
                Event.shop_id == shop_id,
                Event.entity_kind == "order",
                Event.entity_id == entity_id,
                Event.state == "failed",
            )
            .values(state="received")
        )
    rt.queues.enqueue_entity(
        "orders", entity_key("order", shop_id, entity_id), shop_id, "order", entity_id
    )
    return True
