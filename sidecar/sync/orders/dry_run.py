"""The document an order would become, built as the flow builds it, and never posted.

A shop owner who has just mapped the settings wants to see one real order go through before the
first one does: which document, which lines, VAT per code, the total, and the account it lands
on. The dry run reads the shop's order exactly as the flow does and builds the same document for
the administration's arithmetic, but writes nothing anywhere: the account is looked up, never
created or updated (a customer new to Exact is shown as "would be created"), unknown SKUs are
looked up and shown under the item policy instead of created (``resolve_items(create=False)``),
and no link or activity line is recorded. What would make the order fail is answered with the
same message and resolution the flow would write, and the setting to fix.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sidecar.errors import PermanentError
from sidecar.exact.client import ExactClient
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND
from sidecar.exact.reference import ReferenceData
from sidecar.exact.resources import ACCOUNTS
from sidecar.mapping.resolvers import MissingMapping, Resolver
from sidecar.mapping.settings_model import Settings
from sidecar.runtime import Runtime
from sidecar.shops.base import normalizer
from sidecar.shops.records import Order
from sidecar.sync import links
from sidecar.sync.customers.accounts import Party, default_debtor_id, match_rule, no_account
from sidecar.sync.documents import totals
from sidecar.sync.documents.lines import KINDS, Built
from sidecar.sync.documents.order import build
from sidecar.sync.orders.prepare import resolve_items

NEW = "(new)"  # stands in for the GUID of a record the real run would create


def dry_run(
    rt: Runtime, shop_id: str, shop_name: str, platform: str, settings: Settings, payload: Any
) -> dict[str, Any]:
    """``{"ok": true, "document": ...}`` or ``{"ok": false, "problem", "resolution",
    "setting"}``; Exact being away raises as the flow's calls do."""
    try:
        order = normalizer(platform)(
            payload, vat_number_keys=settings.customers.vat_number_meta_keys
        )
        client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
        ref = ReferenceData(client)
        resolver = Resolver(settings, ref, shop_name)
        account = _account(rt, client, shop_id, order, settings)
        looked_up = resolve_items(client, ref, order, settings, create=False)
        new_items = sorted(code for code, row in looked_up.items() if row.get("ID") is None)
        items = {
            code: {**row, "ID": f"{NEW} {code}"} if row.get("ID") is None else row
            for code, row in looked_up.items()
        }
        kind = settings.document.type
        built = build(
            kind, order, resolver, account["id"], items, settings, totals.mode_for(client)
        )
    except PermanentError as exc:
        return {
            "ok": False,
            "problem": str(exc),
            "resolution": exc.resolution,
            "setting": exc.setting if isinstance(exc, MissingMapping) else None,
        }
    return {"ok": True, "document": _document(built, order, account, items, new_items)}


def _account(
    rt: Runtime, client: ExactClient, shop_id: str, order: Order, settings: Settings
) -> dict[str, Any]:
    """The account the order would be booked on: looked up, never created."""
    if settings.customers.mode == "default_debtor":
        found = default_debtor_id(client, settings.customers.default_debtor)
        return {"id": found, "code": settings.customers.default_debtor, "outcome": "default debtor"}
    party = Party.of_order(order)
    key, flt, words = match_rule(party, settings)
    with rt.db.session() as session:
        link = links.get_link(session, shop_id, "customer", key)
        if link is not None and link.state == "posted" and link.division == client.target.division:
            return {
                "id": link.exact_id,
                "code": (link.exact_number or "").strip(),
                "outcome": "known",
            }
    row = client.first(ACCOUNTS.endpoint, "ID,Code,Name,Status", flt)
    if row is not None:
        return {"id": row["ID"], "code": str(row.get("Code") or "").strip(), "outcome": "found"}
    if settings.customers.match != "email":
        raise no_account(party, words)
    return {"id": NEW, "code": None, "outcome": f"would be created ({words})"}


def _money(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def _document(
    built: Built,
    order: Order,
    account: dict[str, Any],
    items: dict[str, dict[str, Any]],
    new_items: list[str],
) -> dict[str, Any]:
    """What a person checks: the type, account, lines by item code with net, VAT and VAT code,
    the totals; plus the record as it would be sent."""
    codes = {str(row["ID"]): str(row.get("Code") or "").strip() for row in items.values()}
    vat_field = KINDS[built.kind][3]
    lines = []
    net = vat = Decimal(0)
    for row in built.record[KINDS[built.kind][2]]:
        amount = Decimal(str(row.get("AmountFC") or 0))
        tax = Decimal(str(row.get(vat_field) or 0))
        net, vat = net + amount, vat + tax
        lines.append(
            {
                "description": row.get("Description"),
                "item": codes.get(str(row.get("Item")), row.get("Item")),
                "gl_account": row.get("GLAccount"),
                "quantity": row.get("Quantity"),
                "net": _money(amount),
                "vat": _money(tax),
                "vat_code": row.get("VATCode"),
            }
        )
    return {
        "type": built.kind,
        "account": account,
        "new_items": new_items,
        "your_ref": built.record.get("YourRef"),
        "lines": lines,
        "net": _money(net),
        "vat": _money(vat),
        "total": _money(built.total),
        "shop_total": _money(order.total),
        "rounding": _money(built.rounding),
        "arithmetic": built.mode,
        "notes": built.notes,
        "record": built.record,
    }
