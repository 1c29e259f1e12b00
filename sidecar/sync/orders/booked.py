"""An order the shop says is already in Exact is linked to that document, never posted again.

The sidecar's pushback writes the document type and number onto the shop's order. When the
sidecar has no link for such an order (the shop was removed and registered anew, the database
was restored from an older backup), posting it would book it a second time, by any path: a
plugin event, backfill or reconcile. So before an order's first attempt, the document the shop
names is looked up in Exact by its number (one call) and the order is linked to it. If this
administration has no such document, the order fails with both facts, for a person to decide:
pressing Retry then posts it (the guard only stands before the first attempt).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sidecar.activity import log as activity
from sidecar.errors import PermanentError
from sidecar.runtime import Runtime
from sidecar.shops.records import Order
from sidecar.sync import links, posting
from sidecar.sync.documents.credit import LABEL
from sidecar.sync.documents.lines import KINDS, NUMBER_FIELD
from sidecar.sync.orders.prepare import WAITING_FOR_EXACT, connected_client


def applies(rt: Runtime, shop_id: str, entity_id: str, order: Order) -> bool:
    """Whether the order should be linked instead of posted: the shop names a document, and no
    attempt was made yet (a Retry after this guard refused is a person's decision to post)."""
    if order.booked_as is None:
        return False
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "order", entity_id)
        return (
            link is not None
            and link.attempts == 0
            and link.last_error
            in (
                None,
                WAITING_FOR_EXACT,
            )
        )


def link_booked(rt: Runtime, shop_id: str, entity_id: str, order: Order) -> None:
    """Link the order to the document the shop names, or fail it (``PermanentError``)."""
    assert order.booked_as is not None
    kind, number = order.booked_as
    label = f"{LABEL.get(kind, kind)} {number}"
    client = connected_client(rt, shop_id, entity_id, order)
    row = None
    if kind in KINDS and number.isdigit():
        endpoint, key = KINDS[kind][0], KINDS[kind][1]
        field = NUMBER_FIELD[kind]
        row = client.first(endpoint, f"{key},{field}", f"{field} eq {int(number)}")
    if row is None:
        raise PermanentError(
            f"The shop says order {order.number} is already in Exact Online as {label}, but "
            "this administration has no such document; the order was not posted, so it is not "
            "booked twice.",
            "If that document was deleted in Exact Online, or is in another administration, "
            "and the order must be booked in this one, press Retry: the order is then posted.",
        )

    def record(session: Session, created: dict[str, Any], found: str | None) -> None:
        activity.record(
            session,
            shop_id,
            "order",
            f"Order {order.number} is already in Exact Online as {label}, the shop's order "
            "says (booked before this shop was registered again): linked to it, not posted "
            "again.",
            level="warning",
            entity=f"order:{entity_id}",
            direction="out",
        )

    posting.bind(rt, posting.Target(shop_id, "order", entity_id, kind), row, record)
