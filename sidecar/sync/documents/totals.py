"""Every create answer's total compared with the shop's: learnt from, corrected, or said.

Exact answers a create with the document's totals as it computed them (``AmountFC``). The
sidecar built the lines for the VAT arithmetic it believes the administration uses
(``arithmetic``), and knows what each arithmetic would have totalled (``Built.predictions``):

* the answer equals the shop's total: nothing to do, and if only one arithmetic explains it, that
  one is now known for the administration (so later documents are built for it);
* the answer is what another arithmetic predicts: that one is learnt, the lines are rebuilt for
  it and the open document is corrected in place (the changed lines updated, the rounding line
  added, changed or removed) and read back once; this happens once per administration;
* anything else, or a document that can no longer change (a sales entry is booked at once): a
  warning with both figures and what to do; never silent.

A steady state costs the create alone: the correction's calls are spent only on the document
that teaches the sidecar the administration's arithmetic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sidecar.activity import log as activity
from sidecar.errors import PermanentError
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactPermanent, ExactRetryable
from sidecar.runtime import Runtime
from sidecar.shops.records import money_text
from sidecar.sync.documents import arithmetic
from sidecar.sync.documents.lines import KINDS, Built

log = logging.getLogger(__name__)

# document kind -> (lines endpoint, the lines' key to their document)
LINES = {
    "sales_order": "salesorder/SalesOrderLines",
    "sales_invoice": "salesinvoice/SalesInvoiceLines",
    "direct_invoice": "salesinvoice/SalesInvoiceLines",
}


# What a rebuild for another arithmetic changes on a line.
AMOUNTS = ("AmountFC", "NetPrice", "VATAmountFC", "VATAmount")


@dataclass
class Outcome:
    """What the check found: a note for the activity line, or a warning (with its fix)."""

    note: str | None = None
    warning: str | None = None
    resolution: str | None = None


def report(rt: Runtime, shop_id: str, kind: str, entity: str, outcome: Outcome) -> None:
    """The activity line of a check that found something (nothing when all was equal)."""
    if outcome.note is None and outcome.warning is None:
        return
    with rt.db.session() as session:
        if outcome.warning is not None:
            activity.record(
                session,
                shop_id,
                kind,
                outcome.warning,
                entity=entity,
                level="warning",
                direction="out",
                resolution=outcome.resolution,
            )
        else:
            activity.record(
                session, shop_id, kind, f"{outcome.note}.", entity=entity, direction="out"
            )


def verify(
    client: ExactClient,
    built: Built,
    created: dict[str, Any],
    rebuild: Callable[[str], Built],
    label: str,
    shop_id: str,
    entity: str,
) -> None:
    """``check`` and ``report``, never raising. The document exists and is linked by now: a
    failure here must not keep the flow from processing it, pushing its status back and
    remembering what it was booked from (a retry would find the order posted and take its
    resend for a change), so it is said as a warning instead."""
    rt = client.rt
    try:
        outcome = check(client, built, created, rebuild, label)
    except Exception as exc:  # noqa: BLE001 - anything, a bug included, is said, not raised
        log.exception("checking Exact's total for %s failed", label)
        outcome = Outcome(
            warning=f"Exact's total for {label} could not be compared with the shop's "
            f"{money_text(built.total)}: {type(exc).__name__}: {exc}",
            resolution="Open the document in Exact Online and check that its total is the "
            "shop's; correct its lines there if not.",
        )
    try:
        report(rt, shop_id, "order", entity, outcome)
    except Exception:  # noqa: BLE001
        log.exception("the activity line of the totals check for %s was not written", label)


def _amount(row: dict[str, Any]) -> Decimal | None:
    value = row.get("AmountFC")
    return None if value is None else Decimal(str(value))


def mode_for(client: ExactClient) -> str:
    """The arithmetic to build for: the one learnt for this app and division, else the default."""
    rt = client.rt
    known = arithmetic.known(rt.redis, rt.config.exact_client_id or "app", client.target.division)
    return known or arithmetic.DEFAULT


def check(
    client: ExactClient,
    built: Built,
    created: dict[str, Any],
    rebuild: Callable[[str], Built],
    label: str,
) -> Outcome:
    """Compare the create answer with the shop's total; learn, correct or warn."""
    answered = _amount(created)
    if answered is None:
        return Outcome()
    if built.kind == "sales_entry":  # keeps the VAT sent; a credit entry is positive (Type 21)
        if abs(answered) == abs(built.total):
            return Outcome()
        return _warning(label, answered, built.total)
    learnt = arithmetic.learn(built.predictions, answered)
    rt = client.rt
    if learnt is not None:
        arithmetic.remember(
            rt.redis, rt.config.exact_client_id or "app", client.target.division, learnt
        )
    if answered == built.total:
        return Outcome()
    if learnt is None or learnt == built.mode or built.kind not in LINES:
        return _warning(label, answered, built.total)
    document_id = str(created[KINDS[built.kind][1]])
    endpoint, key = KINDS[built.kind][0], KINDS[built.kind][1]
    try:
        _correct(client, built, rebuild(learnt), document_id)
        row = client.first(endpoint, f"{key},AmountFC", f"{key} eq {odata.guid(document_id)}")
    except (ExactPermanent, ExactRetryable, PermanentError) as exc:
        # the document exists and is linked: a failed correction is said, never retried blind
        outcome = _warning(label, answered, built.total)
        outcome.warning = f"{outcome.warning} Correcting it failed: {exc}"
        return outcome
    after = _amount(row or {})
    if after != built.total:
        return _warning(label, after if after is not None else answered, built.total)
    words = arithmetic_words(learnt)
    return Outcome(
        note=f"Exact computed the VAT {words} (learnt from this document): its lines were "
        f"adjusted after creation so the total is the shop's {money_text(built.total)}"
    )


def arithmetic_words(mode: str) -> str:
    return "per VAT code over the document" if mode == "document" else "per line"


def _correct(client: ExactClient, built: Built, fixed: Built, document_id: str) -> None:
    """Make the open document's lines the rebuilt ones: update changed amounts, add the lines
    the rebuild has in addition (a rounding line), delete those it no longer has."""
    lines_prop = KINDS[built.kind][2]
    endpoint = LINES[built.kind]
    parent = KINDS[built.kind][1]
    rows = list(
        client.iterate(endpoint, "ID,LineNumber", filter=f"{parent} eq {odata.guid(document_id)}")
    )
    rows.sort(key=lambda row: row.get("LineNumber") or 0)
    sent, wanted = built.record[lines_prop], fixed.record[lines_prop]
    for index, line in enumerate(wanted):
        if index < len(rows) and index < len(sent):
            # only the amounts: Exact refuses a line's G/L account, among others, on update
            changed = {f: line[f] for f in AMOUNTS if f in line and line[f] != sent[index].get(f)}
            if changed:
                client.update(endpoint, odata.guid(rows[index]["ID"]), changed)
        else:
            client.create(endpoint, {parent: document_id, **line})
    for row in rows[len(wanted) :]:
        client.delete(endpoint, odata.guid(row["ID"]))


def _warning(label: str, answered: Decimal, expected: Decimal) -> Outcome:
    return Outcome(
        warning=f"Exact's total for {label} is {money_text(answered)}, the shop's "
        f"{money_text(expected)} (difference {money_text(expected - answered)}).",
        resolution="Open the document in Exact Online and correct its lines (or add a "
        "rounding line) so its total is the shop's; the payment will not match it until then.",
    )
