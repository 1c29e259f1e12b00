"""Settings checked against the connected Exact administration when they are saved.

The schema knows what a setting looks like; only Exact knows whether its VAT code is blocked,
purchase-only or inclusive, whether its G/L account is a balance-sheet account, or whether the
edition has direct invoices at all. A setting Exact would refuse fails every order that uses it,
so the shop admin refuses it with the reason at once ("vat.rates[0].exact: VAT code '21I'
includes VAT in the price ..."). The same rules are applied per order by ``Resolver._exists``,
because a code can be blocked in Exact after it was saved.

The check uses the cached reference lists (one call per list at most, with background priority)
and is skipped when the shop is not connected or Exact cannot be asked right now: saving
settings never waits for Exact, and every order checks again anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from sidecar.errors import PermanentError, RetryableError
from sidecar.exact import editions
from sidecar.exact.client import ExactClient
from sidecar.exact.errors import ExactPermanent
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND
from sidecar.exact.reference import ReferenceData
from sidecar.mapping.resolvers import unusable
from sidecar.runtime import Runtime

log = logging.getLogger(__name__)

WHAT = {"vat_codes": "VAT code", "gl_accounts": "G/L account"}


def _codes(document: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(path, list kind, code) for every VAT code and sales G/L account the document names."""
    vat = document.get("vat") or {}
    for i, row in enumerate(vat.get("rates") or []):
        yield f"vat.rates[{i}].exact", "vat_codes", row.get("exact")
    for name in ("reverse_charge", "export", "untaxed"):
        yield f"vat.{name}", "vat_codes", vat.get(name)
    revenue = document.get("revenue") or {}
    for name in ("domestic", "eu", "outside_eu"):
        yield f"revenue.{name}", "gl_accounts", revenue.get(name)
    for i, row in enumerate(revenue.get("countries") or []):
        yield f"revenue.countries[{i}].gl_account", "gl_accounts", row.get("gl_account")
        yield f"revenue.countries[{i}].vat_code", "vat_codes", row.get("vat_code")
    for section in ("shipping", "discounts", "rounding"):
        yield (
            f"{section}.gl_account",
            "gl_accounts",
            (document.get(section) or {}).get("gl_account"),
        )


def direct_invoices(
    rt: Runtime, client: ExactClient, ref: ReferenceData, warehouse: str | None
) -> dict[str, list[str]]:
    """Direct invoices need the edition, and the warehouse they name. Warehouses exist only in
    the editions that have direct invoices (Exact's field text for Warehouse), so an
    administration that refuses the warehouse list, or has no warehouse at all, has none."""
    if editions.lacks_direct_invoices(rt, client.target.division):
        return {"document.type": [editions.SENTENCE]}
    try:
        listed = ref.lookup("warehouses", warehouse) if warehouse else None
        anything = listed is not None or ref.any("warehouses")
    except ExactPermanent as exc:
        if exc.status != 403:
            raise
        anything = False
    if not anything:
        editions.remember(rt, client.target.division)
        return {"document.type": [f"{editions.SENTENCE} It has no warehouses."]}
    if warehouse and listed is None:
        return {"document.warehouse": [f"Warehouse '{warehouse}' does not exist in Exact Online."]}
    return {}


def refused(rt: Runtime, shop_id: str, document: dict[str, Any]) -> dict[str, list[str]]:
    """Field problems, keyed like the schema's, for what Exact would refuse; {} when none or
    when Exact cannot be asked."""
    try:
        client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
        ref = ReferenceData(client)
        problems: dict[str, list[str]] = {}
        for path, kind, code in _codes(document):
            if not code:
                continue
            row = ref.lookup(kind, code)
            if row is None:
                problems[path] = [f"{WHAT[kind]} '{code}' does not exist in Exact Online."]
                continue
            problem = unusable(kind, row)
            if problem:
                problems[path] = [f"{WHAT[kind]} '{code}' {problem}."]
        doc = document.get("document") or {}
        if doc.get("type") == "direct_invoice":
            problems.update(direct_invoices(rt, client, ref, doc.get("warehouse")))
        return problems
    except (PermanentError, RetryableError) as exc:  # not connected, no rights, Exact away
        log.info("settings of shop %s not checked against Exact: %s", shop_id, exc)
        return {}
