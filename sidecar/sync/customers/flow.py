"""The customers flow: a shop customer becomes (or updates) its Exact account before any order.

Off unless the shop's settings say ``customer_sync``: most shops only need accounts for customers
who order, which the order flow creates. When on, a ``customer.updated`` event finds the account the
way orders do (link, then one search by the match key, then create as company or person with the
new-account defaults) and updates its name, address and contact data when they changed since the
last event or order, which the customer link's fingerprint tells without asking Exact.
Accounts are never deleted from Exact: the books still need them.
"""

from __future__ import annotations

from typing import Any

from sidecar.activity import log as activity
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactRetryable, NotConnected
from sidecar.exact.reference import ReferenceData
from sidecar.mapping.resolvers import Resolver
from sidecar.runtime import Runtime
from sidecar.shops.customers import customer_normalizer
from sidecar.shops.models import Shop
from sidecar.shops.settings import typed_settings
from sidecar.sync.customers.accounts import Party, resolve_party

WAITING = "waiting until the shop connects Exact Online"


def _record(rt: Runtime, shop_id: str, entity_id: str, message: str, **kw: Any) -> None:
    with rt.db.session() as session:
        activity.record(session, shop_id, "customer", message, entity=f"customer:{entity_id}", **kw)


def handle(rt: Runtime, shop_id: str, entity_id: str, events: list[Any]) -> None:
    with rt.db.session() as session:
        shop = session.get(Shop, shop_id)
        settings = typed_settings(session, shop_id, shop.platform)
    if not settings.customer_sync:
        return  # stored only; the order flow creates accounts for customers who order
    if settings.customers.mode == "default_debtor":
        return  # every order is booked on one account: there is nothing to keep per customer
    latest = events[-1]
    if latest.payload is None:
        _record(
            rt,
            shop_id,
            entity_id,
            f"Customer {entity_id} was deleted in the shop; the Exact account is kept.",
            direction="in",
        )
        return
    customer, address = customer_normalizer(shop.platform)(
        latest.payload, vat_number_keys=settings.customers.vat_number_meta_keys
    )
    party = Party(customer, address, f"Customer {entity_id}", customer.meta)
    client = ExactClient(rt, shop_id)
    try:
        client.target  # noqa: B018 - loads the connection or raises
    except NotConnected:
        raise ExactRetryable(WAITING, seconds=900, counts=False) from None
    resolver = Resolver(settings, ReferenceData(client), shop.name)
    account = resolve_party(rt, client, resolver, shop_id, party, settings, update=True)
    if account.outcome == "unchanged":
        return  # nothing changed since the last event or order: no call, no line
    what = {"updated": "updated", "found": "linked to", "created": "created"}[account.outcome]
    _record(
        rt,
        shop_id,
        entity_id,
        f"Customer {entity_id} ({customer.email or customer.name}): {what} Exact account "
        f"{account.code or account.id}.",
        direction="out",
    )
