"""The exactly-once create in Exact: every flow that creates a document goes through here.

Architecture rule 1, written once for orders, credit notes and (next) catalog items:

1. after an earlier attempt whose answer was lost (the link says ``attempting``), Exact is asked
   first whether that attempt created the document (``find_earlier``, one call);
2. the attempt is committed on the link before the POST (``create``), so a crash during the call
   leaves a link that says "look before you create again";
3. the Exact id is stored the moment the POST returns, in the same transaction as the flow's own
   record of it (``bind``, with the flow's ``on_bound``);
4. a call that provably never reached Exact (``ExactRetryable.not_sent``) or that Exact refused
   (``ExactPermanent``: a 4xx, or a 500 with Exact's validation text) puts the link back as it
   was, so the next run need not look the document up first.

A document found after a lost answer is bound only when it provably is this attempt's: it has the
document's ``YourRef``, no link of any shop in this sidecar is bound to it (another shop in the
same administration may have an order with the same number), it is booked on the account this
document is for, and its total is the built document's (within the rounding tolerance). Documents
with the reference that are bound elsewhere are someone else's, and the document is created. A
document with the reference that is bound nowhere but is booked on another account or for
another amount (made by hand, or by another program) is neither bound nor created over: the
entity fails with both documents named, for a person to decide (``UnprovenDocument``).

The flows keep what differs between them: what they build, which link they bind, and what the
activity line says.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.errors import PermanentError
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactPermanent, ExactRetryable
from sidecar.runtime import Runtime
from sidecar.shops.records import money_text
from sidecar.sync import links
from sidecar.sync.documents.lines import ACCOUNT_FIELD, KINDS, NUMBER_FIELD, Built

# Called inside the transaction that binds the link: (session, Exact's row, its number or None).
OnBound = Callable[[Session, dict[str, Any], str | None], None]


@dataclass(frozen=True)
class Target:
    """The link a create binds to and the Exact document type it creates."""

    shop_id: str
    link_kind: str  # "order", "refund", "cancellation"
    link_key: str
    kind: str  # the document type, a key of ``KINDS`` (also what the link records)

    @property
    def endpoint(self) -> str:
        return KINDS[self.kind][0]

    @property
    def key(self) -> str:
        return KINDS[self.kind][1]

    @property
    def number_field(self) -> str:
        return NUMBER_FIELD[self.kind]

    def link(self, session: Session) -> links.Link:
        link = links.get_link(session, self.shop_id, self.link_kind, self.link_key)
        if link is None:
            raise LookupError(f"no link {self.link_kind}:{self.link_key} for shop {self.shop_id}")
        return link


def payload_hash(built: Built) -> str:
    """What was sent, so a link says which version of a document an attempt carried."""
    return hashlib.sha256(json.dumps(built.record, sort_keys=True).encode()).hexdigest()


def unknown_outcome(rt: Runtime, target: Target) -> bool:
    """True when an earlier create for the link was sent and its answer never came back."""
    with rt.db.session() as session:
        return target.link(session).state == "attempting"


class UnprovenDocument(PermanentError):
    """Exact holds a document with this document's reference that the sidecar cannot prove is its
    own: binding it could lose the order, creating another could book it twice. Saving the
    reference template re-queues the entity."""

    setting = "free_fields.your_ref"


def _bound_elsewhere(session: Session, target: Target, exact_ids: list[str]) -> set[str]:
    """Which of the Exact records a link other than the target's (of any shop) is bound to;
    one query. Exact's GUIDs are lower-case, as links store them (the lower-case form is asked
    for too, so the index on ``exact_id`` serves either)."""
    if not exact_ids:
        return set()
    wanted = set(exact_ids) | {i.lower() for i in exact_ids}
    held = session.scalars(
        select(links.Link.exact_id).where(
            links.Link.exact_id.in_(wanted), links.Link.id != target.link(session).id
        )
    )
    return {str(i).lower() for i in held}


def _amount_matches(row: dict[str, Any], built: Built, tolerance: Decimal) -> bool:
    amount = row.get("AmountFC")
    if amount is None:
        return False
    # Sales entries carry the sign of their type (a credit entry is positive with Type 21).
    return abs(abs(Decimal(str(amount))) - abs(built.total)) <= tolerance


def find_earlier(
    rt: Runtime,
    client: ExactClient,
    target: Target,
    built: Built,
    account_id: str,
    tolerance: Decimal,
) -> dict[str, Any] | None:
    """After a lost answer, the document that earlier attempt created (one call), else None;
    ``UnprovenDocument`` when a document with the reference exists that may or may not be it.
    Costs nothing when the link has no attempt with an unknown outcome."""
    your_ref = built.record.get("YourRef")
    if not your_ref or not unknown_outcome(rt, target):
        return None
    account = ACCOUNT_FIELD[target.kind]
    rows = list(
        client.iterate(
            target.endpoint,
            f"{target.key},{target.number_field},{account},AmountFC",
            filter=f"YourRef eq {odata.string(your_ref)}",
        )
    )
    with rt.db.session() as session:
        held = _bound_elsewhere(session, target, [str(r[target.key]) for r in rows])
    free = [r for r in rows if str(r[target.key]).lower() not in held]
    ours = [
        r
        for r in free
        if str(r.get(account) or "").lower() == account_id.lower()
        and _amount_matches(r, built, tolerance)
    ]
    if ours:
        return ours[0]
    if free:
        numbers = ", ".join(str(r.get(target.number_field) or r[target.key]) for r in free)
        raise UnprovenDocument(
            f"An earlier attempt to post this document got no answer, and Exact holds a document "
            f"with the same reference '{your_ref}' ({numbers}) that is booked on another account "
            f"or for another amount than this one ({money_text(built.total)}); it was neither "
            "linked nor posted again.",
            "Check that document in Exact Online. If it is this one, correct it there and book "
            "the difference by hand; if it is not, give it another 'Your reference' in Exact, or "
            "make references unique to this shop (Settings > Free fields: your_ref, for example "
            "'WEB-{number}'). Then press Retry.",
        )
    return None


def create(
    rt: Runtime, client: ExactClient, target: Target, built: Built, on_bound: OnBound
) -> dict[str, Any]:
    """Record the attempt, POST the document, bind the link to what Exact created."""
    with rt.db.session() as session:
        link = target.link(session)
        previous = link.state
        links.record_attempt(session, link, payload_hash(built), client.target.division)
    try:
        created = client.create(built.endpoint, built.record)
    except (ExactRetryable, ExactPermanent) as exc:
        # Exact said no (nothing was created), or the call never reached it.
        nothing = isinstance(exc, ExactPermanent) or exc.not_sent
        if nothing and previous != "attempting":
            # Nothing reached Exact, or Exact refused it, so the next run need not look the
            # document up first.
            with rt.db.session() as session:
                target.link(session).state = previous
        raise
    bind(rt, target, created, on_bound)
    return created


def bind(rt: Runtime, target: Target, row: dict[str, Any], on_bound: OnBound) -> None:
    """Store Exact's id and number on the link, and the flow's record of it, in one commit."""
    number = row.get(target.number_field)
    text = str(number) if number is not None else None
    with rt.db.session() as session:
        links.mark_posted(session, target.link(session), target.kind, row[target.key], text)
        on_bound(session, row, text)
