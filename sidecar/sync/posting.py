"""The exactly-once create in Exact: every flow that creates a document goes through here.

Architecture rule 1, written once for orders, credit notes and (next) catalog items:

1. after an earlier attempt whose answer was lost (the link says ``attempting``), Exact is asked
   first whether the document exists, by its unique ``YourRef`` (``find_earlier``);
2. the attempt is committed on the link before the POST (``create``), so a crash during the call
   leaves a link that says "look before you create again";
3. the Exact id is stored the moment the POST returns, in the same transaction as the flow's own
   record of it (``bind``, with the flow's ``on_bound``);
4. a call that provably never reached Exact (``ExactRetryable.not_sent``) puts the link back as it
   was, so the next run need not look the document up first.

The flows keep what differs between them: what they build, which link they bind, and what the
activity line says.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactRetryable
from sidecar.runtime import Runtime
from sidecar.sync import links
from sidecar.sync.documents.lines import KINDS, NUMBER_FIELD, Built

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


def find_earlier(
    rt: Runtime, client: ExactClient, target: Target, your_ref: str | None
) -> dict[str, Any] | None:
    """After a lost answer, the document that earlier attempt created (one call), else None.
    Costs nothing when the link has no attempt with an unknown outcome."""
    if not your_ref or not unknown_outcome(rt, target):
        return None
    return client.first(
        target.endpoint,
        f"{target.key},{target.number_field}",
        f"YourRef eq {odata.string(your_ref)}",
    )


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
    except ExactRetryable as exc:
        if exc.not_sent and previous != "attempting":
            # Nothing reached Exact, so the next run need not look the document up first.
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
