"""The orders flow: a shop order that reaches a trigger status becomes exactly one Exact document.

Order of work (issue 4, rule 1): a posted link means there is nothing to do (a later edit is
logged, never posted twice); an earlier attempt with an unknown outcome is first looked up in
Exact by ``YourRef``; then the customer (link first, one search, one create), the items (a cache
kept by the sync endpoint), the document with lines that add up to the shop's total; the attempt
is committed before the POST and the Exact id the moment the POST returns.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from sidecar.activity import log as activity
from sidecar.errors import PermanentError
from sidecar.events.models import Event
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactPermanent, ExactRetryable, NotConnected
from sidecar.exact.reference import ReferenceData
from sidecar.exact.resources import ITEMS, PRINTED_SALES_INVOICES
from sidecar.jobs.handlers import register
from sidecar.jobs.queues import entity_key
from sidecar.mapping.resolvers import MissingMapping, Resolver
from sidecar.runtime import Runtime
from sidecar.shops.base import normalizer
from sidecar.shops.models import Shop
from sidecar.shops.records import Order, money_text
from sidecar.shops.settings import typed_settings
from sidecar.sync import links
from sidecar.sync.customers.accounts import resolve_account
from sidecar.sync.documents.credit import LABEL
from sidecar.sync.documents.order import KINDS, NUMBER_FIELD, Built, build
from sidecar.sync.orders import refunds
from sidecar.sync.pushback import order_state as pushback


def _record(rt: Runtime, shop_id: str, entity_id: str, message: str, **kw: Any) -> None:
    with rt.db.session() as session:
        activity.record(session, shop_id, "order", message, entity=f"order:{entity_id}", **kw)


@register("order")
def handle(rt: Runtime, shop_id: str, entity_id: str, events: list[Any]) -> None:
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        settings = typed_settings(session, shop_id, shop.platform)
        state = links.ensure_link(session, shop_id, "order", entity_id).state
    if state == "posted":
        cancelled = refunds.after_posted(rt, shop, entity_id, settings, events)
        if not cancelled and any(e.type == "order.updated" for e in events):
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
            latest.payload, vat_number_keys=settings["customers"]["vat_number_meta_keys"]
        )
        if order.status not in settings["trigger_statuses"]:
            refunds.waiting(rt, shop_id, entity_id, events)
            return  # posted the first time it reaches a trigger status
        _post(rt, shop_id, shop.name, entity_id, order, settings)
        refunds.after_posted(rt, shop, entity_id, settings, events)
    except PermanentError as exc:
        with rt.db.session() as session:
            links.fail_unless_posted(session, shop_id, "order", entity_id, exc)
        pushback.enqueue(rt, shop_id, entity_id)
        raise


WAITING_FOR_EXACT = "waiting until the shop connects Exact Online"


def _client(rt: Runtime, shop_id: str, entity_id: str, order: Order) -> ExactClient:
    client = ExactClient(rt, shop_id)
    try:
        client.target  # noqa: B018 - loads the connection or raises
    except NotConnected:
        # Orders wait for a connection instead of failing; connecting runs them at once. The
        # activity log says so once per order, not at every retry.
        with rt.db.session() as session:
            link = links.get_link(session, shop_id, "order", entity_id)
            first_time = link.last_error != WAITING_FOR_EXACT
            link.last_error = WAITING_FOR_EXACT
            if first_time:
                activity.record(
                    session,
                    shop_id,
                    "order",
                    f"Order {order.number} is waiting: Exact Online is not connected yet.",
                    level="warning",
                    entity=f"order:{entity_id}",
                    resolution="Connect Exact Online on the plugin's settings page; waiting "
                    "orders are then posted at once.",
                )
        raise ExactRetryable(WAITING_FOR_EXACT, seconds=900, counts=False) from None
    return client


def _items(
    client: ExactClient, ref: ReferenceData, order: Order, settings: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    wanted = {line.sku for line in order.product_lines if line.sku}
    for code in (
        settings["shipping"]["item"],
        settings["items"]["no_sku_item"],
        settings["rounding"]["item"],
        settings["items"]["fallback_item"],
        settings["discounts"]["item"],
        settings["refunds"]["amount_item"],
    ):
        if code:
            wanted.add(code)
    items = ref.items(wanted)
    missing = sorted(
        {
            line.sku.strip()
            for line in order.product_lines
            if line.sku and line.sku.strip() not in items
        }
    )
    if not missing:
        return items
    policy = settings["items"]["missing_sku"]
    if policy == "fail":
        raise MissingMapping(
            f"Order {order.number}: Exact has no item with code {', '.join(missing)}.",
            "Create these items in Exact Online (the code is the shop's SKU), or choose another "
            "missing-SKU policy under Settings > Items.",
            "items.missing_sku",
        )
    if policy == "fallback_item":
        fallback = items.get(settings["items"]["fallback_item"].strip())
        if fallback is None:
            raise MissingMapping(
                f"The fallback item '{settings['items']['fallback_item']}' does not exist in "
                "Exact Online.",
                "Choose an existing item under Settings > Items.",
                "items.fallback_item",
            )
        return {**items, **dict.fromkeys(missing, fallback)}
    group = None
    if settings["items"]["item_group"]:
        row = ref.lookup("item_groups", settings["items"]["item_group"])
        if row is None:
            raise MissingMapping(
                f"Item group '{settings['items']['item_group']}' does not exist in Exact Online.",
                "Choose an existing item group under Settings > Items.",
                "items.item_group",
            )
        group = row["ID"]
    names = {line.sku.strip(): line.name for line in order.product_lines if line.sku}
    for code in missing:
        record: dict[str, Any] = {
            "Code": code,
            "Description": (names[code] or code)[:60],
            "IsSalesItem": True,
        }
        if group:
            record["ItemGroup"] = group
        row = client.create(ITEMS.endpoint, record)
        ref.remember_item(row)
        items[code] = row
    return items


def _payload_hash(built: Built) -> str:
    return hashlib.sha256(json.dumps(built.record, sort_keys=True).encode()).hexdigest()


def _post(
    rt: Runtime,
    shop_id: str,
    shop_name: str,
    entity_id: str,
    order: Order,
    settings: dict[str, Any],
) -> None:
    kind = settings["document"]["type"]
    endpoint, key, _, _ = KINDS[kind]
    exact_kind = kind  # a link names the document type it was posted as
    client = _client(rt, shop_id, entity_id, order)
    ref = ReferenceData(client)
    resolver = Resolver(settings, ref, shop_name)
    your_ref = resolver.free_fields(order).get("YourRef")
    with rt.db.session() as session:
        unknown_outcome = links.get_link(session, shop_id, "order", entity_id).state == (
            "attempting"
        )
    if unknown_outcome and your_ref:
        existing = client.first(
            endpoint, f"{key},{NUMBER_FIELD[kind]}", f"YourRef eq {odata.string(your_ref)}"
        )
        if existing is not None:
            _posted(
                rt,
                shop_id,
                entity_id,
                order,
                kind,
                exact_kind,
                existing,
                key,
                note=" (found in Exact after an earlier attempt whose answer was lost)",
            )
            pushback.enqueue(rt, shop_id, entity_id)
            return
    account = resolve_account(rt, client, resolver, shop_id, order, settings)
    items = _items(client, ref, order, settings)
    built = build(kind, order, resolver, account, items, settings)
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "order", entity_id)
        previous = link.state
        links.record_attempt(session, link, _payload_hash(built), client.target.division)
    try:
        created = client.create(endpoint, built.record)
    except ExactRetryable as exc:
        if exc.not_sent and previous != "attempting":
            # Nothing reached Exact, so the next run need not look the document up first.
            with rt.db.session() as session:
                links.get_link(session, shop_id, "order", entity_id).state = previous
        raise
    _posted(rt, shop_id, entity_id, order, kind, exact_kind, created, key, built=built)
    pushback.enqueue(rt, shop_id, entity_id)
    if kind == "sales_invoice" and settings["document"]["process"]:
        _process(rt, client, shop_id, entity_id, created[key], settings)


def _posted(
    rt: Runtime,
    shop_id: str,
    entity_id: str,
    order: Order,
    kind: str,
    exact_kind: str,
    created: dict[str, Any],
    key: str,
    built: Built | None = None,
    note: str = "",
) -> None:
    number = created.get(NUMBER_FIELD[kind])
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "order", entity_id)
        links.mark_posted(
            session, link, exact_kind, created[key], str(number) if number is not None else None
        )
        extra = f"; {', '.join(built.notes)}" if built and built.notes else ""
        activity.record(
            session,
            shop_id,
            "order",
            f"Order {order.number} posted to Exact as {LABEL[kind]} {number or ''} "
            f"(total {money_text(order.total)} {order.currency}){extra}{note}.",
            entity=f"order:{entity_id}",
            direction="out",
        )
    amount = created.get("AmountFC")
    if (
        built is not None
        and amount is not None
        and kind != "sales_entry"
        and Decimal(str(amount)) != order.total
    ):
        _record(
            rt,
            shop_id,
            entity_id,
            f"Exact's total for order {order.number} is {amount}, the shop's "
            f"{money_text(order.total)}.",
            level="warning",
            direction="out",
            resolution="Compare the document in Exact with the order and correct it.",
        )


def _process(
    rt: Runtime,
    client: ExactClient,
    shop_id: str,
    entity_id: str,
    invoice_id: str,
    settings: dict[str, Any],
) -> None:
    """Process (finalise) the invoice; a failure leaves a valid draft and says so."""
    try:
        client.create(
            PRINTED_SALES_INVOICES.endpoint,
            {
                "InvoiceID": invoice_id,
                "SendEmailToCustomer": bool(settings["document"]["email_customer"]),
            },
        )
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
