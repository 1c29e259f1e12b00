"""What every Exact document of an order needs before it is built: a connected client and the
Exact items for its lines. Shared by the order's own document and its credit notes.

An order waits for a connection instead of failing (connecting runs it at once), and says so once
in the activity log, not at every retry. Items come from the reference cache (kept by Exact's sync
endpoint); SKUs Exact does not know follow the ``items.missing_sku`` policy: fail with the codes
named, book them on a fallback item, or create them.
"""

from __future__ import annotations

from typing import Any

from sidecar.activity import log as activity
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactRetryable, NotConnected
from sidecar.exact.reference import ReferenceData
from sidecar.exact.resources import ITEMS
from sidecar.mapping.resolvers import MissingMapping
from sidecar.mapping.settings_model import Settings
from sidecar.runtime import Runtime
from sidecar.shops.records import Order
from sidecar.sync import links

WAITING_FOR_EXACT = "waiting until the shop connects Exact Online"


def connected_client(rt: Runtime, shop_id: str, entity_id: str, order: Order) -> ExactClient:
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


def resolve_items(
    client: ExactClient,
    ref: ReferenceData,
    order: Order,
    settings: Settings,
    *,
    create: bool = True,
) -> dict[str, dict[str, Any]]:
    """The Exact item of every code the order's document may name, by code. ``create=False``
    (a dry run) creates nothing: an item the policy would create stands as ``{"ID": None}``."""
    wanted = {line.sku for line in order.product_lines if line.sku}
    for code in (
        settings.shipping.item,
        settings.items.no_sku_item,
        settings.rounding.item,
        settings.items.fallback_item,
        settings.discounts.item,
        settings.refunds.amount_item,
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
    policy = settings.items.missing_sku
    if policy == "fail":
        raise MissingMapping(
            f"Order {order.number}: Exact has no item with code {', '.join(missing)}.",
            "Create these items in Exact Online (the code is the shop's SKU), or choose another "
            "missing-SKU policy under Settings > Items.",
            "items.missing_sku",
        )
    if policy == "fallback_item":
        fallback = items.get(settings.items.fallback_item.strip())
        if fallback is None:
            raise MissingMapping(
                f"The fallback item '{settings.items.fallback_item}' does not exist in "
                "Exact Online.",
                "Choose an existing item under Settings > Items.",
                "items.fallback_item",
            )
        return {**items, **dict.fromkeys(missing, fallback)}
    group = None
    if settings.items.item_group:
        row = ref.lookup("item_groups", settings.items.item_group)
        if row is None:
            raise MissingMapping(
                f"Item group '{settings.items.item_group}' does not exist in Exact Online.",
                "Choose an existing item group under Settings > Items.",
                "items.item_group",
            )
        group = row["ID"]
    names = {line.sku.strip(): line.name for line in order.product_lines if line.sku}
    if not create:
        return {**items, **{code: {"ID": None, "Code": code} for code in missing}}
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
