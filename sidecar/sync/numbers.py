"""Invoice numbers Exact gives later: a sales invoice may have none until it is processed.

Whether Exact numbers a sales invoice when it is entered or when it is processed ("printed") is an
administration setting ("Assigned at entry or at printing depending on setting"), and Exact's own
sample invoice has ``"InvoiceNumber": null``. So everything after the create is keyed on the
document id (``Link.exact_id``): the link's ``exact_number`` stays empty while the invoice is a
draft, the shop shows "draft", and the number is read when Exact has assigned it:

- right after the sidecar processes the invoice itself (``document.process``): one GET;
- by the receivables poll, when a fully paid open item carries a number no link knows while
  draft invoices wait: one GET per 20 drafts, only then (a paid item means it was processed);
- when a ``SalesInvoices`` webhook reports a change to a draft of ours.

Each number found is stored on the links of that document, and the order's state is pushed to
the shop again, so its note names the number (``learn``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.resources import SALES_INVOICES
from sidecar.runtime import Runtime
from sidecar.sync.links import Link

INVOICE_KINDS = ("sales_invoice", "direct_invoice")
CHUNK = 20  # ids per $filter, which keeps the URL well under Exact's length limit


def drafts(rt: Runtime, shop_id: str, exact_ids: Iterable[str] | None = None) -> list[str]:
    """Exact ids of this shop's invoices (orders and credit notes) that have no number yet."""
    query = select(Link.exact_id).where(
        Link.shop_id == shop_id,
        Link.state == "posted",
        Link.exact_kind.in_(INVOICE_KINDS),
        Link.exact_number.is_(None),
        Link.exact_id.is_not(None),
    )
    if exact_ids is not None:
        query = query.where(Link.exact_id.in_(sorted({i.lower() for i in exact_ids})))
    with rt.db.session() as session:
        return sorted(set(session.scalars(query)))


def read(client: ExactClient, invoice_ids: list[str]) -> dict[str, str]:
    """Invoice id -> number, for those of ``invoice_ids`` Exact has numbered."""
    found: dict[str, str] = {}
    for i in range(0, len(invoice_ids), CHUNK):
        ids = " or ".join(f"InvoiceID eq {odata.guid(v)}" for v in invoice_ids[i : i + CHUNK])
        for row in client.iterate(
            SALES_INVOICES.endpoint,
            "InvoiceID,InvoiceNumber",
            filter=f"({ids}) and InvoiceNumber ne null",
        ):
            if row.get("InvoiceNumber") is not None:
                found[str(row["InvoiceID"]).lower()] = str(row["InvoiceNumber"])
    return found


def learn(
    rt: Runtime, shop_id: str, client: ExactClient, exact_ids: Iterable[str] | None = None
) -> list[str]:
    """Read and store the numbers of this shop's drafts (those of ``exact_ids``, or all), and
    push the state of each order whose number arrived; returns those order ids. Costs nothing
    when no draft waits, else one GET per 20 drafts."""
    from sidecar.sync.pushback import order_state  # pushback sits beside the flows it serves

    waiting = drafts(rt, shop_id, exact_ids)
    if not waiting:
        return []
    changed = store(rt, shop_id, read(client, waiting))
    for entity_id in changed:
        order_state.enqueue(rt, shop_id, entity_id)
    return changed


def unknown_numbers(rt: Runtime, shop_id: str, numbers: Iterable[str]) -> set[str]:
    """Those of ``numbers`` that no link of the shop holds yet."""
    wanted = sorted({str(n) for n in numbers})
    known: set[str] = set()
    with rt.db.session() as session:
        for i in range(0, len(wanted), 500):
            known.update(
                session.scalars(
                    select(Link.exact_number).where(
                        Link.shop_id == shop_id, Link.exact_number.in_(wanted[i : i + 500])
                    )
                )
            )
    return set(wanted) - known


def store(rt: Runtime, shop_id: str, numbers: dict[str, str]) -> list[str]:
    """Write the numbers on the links holding those documents; returns the shop order ids whose
    order link changed (their state is pushed to the shop again)."""
    if not numbers:
        return []
    orders: list[str] = []
    with rt.db.session() as session:
        for link in session.scalars(
            select(Link).where(
                Link.shop_id == shop_id,
                Link.exact_id.in_(sorted(numbers)),
                Link.exact_number.is_(None),
            )
        ):
            link.exact_number = numbers[link.exact_id.lower()]
            if link.kind == "order":
                orders.append(link.shop_key)
    return orders
