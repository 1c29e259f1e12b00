"""Exact reference data the order flow needs, cached in Redis per division.

Architecture rule 6: call Exact as little as possible. Settings name things by their Exact codes
(VAT ``21``, journal ``70``, G/L ``8000``); documents need some of them as GUIDs. Small lists
(VAT codes, journals, G/L accounts, payment conditions, shipping methods, cost centres and units,
warehouses) are loaded whole once an hour. Items are many, so they are kept up to date through
the sync endpoint (``sync/Logistics/Items`` from the last row version, plus ``sync/Deleted``) and
a code nobody has seen costs one lookup, batched for all unknown codes of an order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.resources import (
    ACCOUNT_CLASSIFICATION_NAMES,
    ACCOUNT_CLASSIFICATIONS,
    COST_CENTERS,
    COST_UNITS,
    DELETED,
    GL_ACCOUNTS,
    ITEM_GROUPS,
    ITEMS,
    JOURNALS,
    PAYMENT_CONDITIONS,
    SHIPPING_METHODS,
    VAT_CODES,
    WAREHOUSES,
    Resource,
)

LIST_TTL_SECONDS = 3600
ITEM_SYNC_EVERY_SECONDS = 300
MISS_TTL_SECONDS = 300
LOOKUP_BATCH = 15
DELETED_ITEM_TYPE = 9  # sync/Deleted EntityType for items (reference 2.3)

LISTS: dict[str, Resource] = {
    "vat_codes": VAT_CODES,
    "journals": JOURNALS,
    "gl_accounts": GL_ACCOUNTS,
    "payment_conditions": PAYMENT_CONDITIONS,
    "shipping_methods": SHIPPING_METHODS,
    "cost_centers": COST_CENTERS,
    "cost_units": COST_UNITS,
    "warehouses": WAREHOUSES,
    "item_groups": ITEM_GROUPS,
    "account_classifications": ACCOUNT_CLASSIFICATIONS,
}


def _code(value: Any) -> str:
    return str(value).strip()


def trimmed(row: dict[str, Any]) -> dict[str, Any]:
    """A row with Exact's fixed-width padding removed from its codes ("02 " is VAT code "02",
    "NL " is country "NL"), so what the sidecar compares, caches and shows is the code itself."""
    return {
        name: value.strip() if isinstance(value, str) and name in PADDED_FIELDS else value
        for name, value in row.items()
    }


PADDED_FIELDS = frozenset({"Code", "Country"})


class ReferenceData:
    def __init__(self, client: ExactClient) -> None:
        self.client = client
        self.redis = client.rt.redis
        self.division = client.target.division
        self.region = client.target.region  # whose wall clock dates are written in

    def _key(self, name: str) -> str:
        return f"sidecar:exact:ref:{self.division}:{name}"

    # -- small lists -----------------------------------------------------------------------------
    def lookup(self, kind: str, code: str) -> dict[str, Any] | None:
        """The row with this code from one of the small lists, or None if Exact has none."""
        key = self._key(kind)
        raw = self.redis.hget(key, _code(code))
        if raw is None and not self.redis.exists(key + ":loaded"):
            self._load(kind)
            raw = self.redis.hget(key, _code(code))
        return json.loads(raw) if raw else None

    def any(self, kind: str) -> bool:
        """True when Exact has at least one row in that list."""
        key = self._key(kind)
        if not self.redis.exists(key + ":loaded"):
            self._load(kind)
        return bool(self.redis.hlen(key))

    def refresh(self, kind: str) -> None:
        self._load(kind)

    def _load(self, kind: str) -> None:
        resource = LISTS[kind]
        found = list(self.client.iterate(resource.endpoint, resource.select))
        if kind == "account_classifications" and found:
            # An account takes a classification in the field its name's sequence number names.
            names = ACCOUNT_CLASSIFICATION_NAMES
            slots = {
                r["ID"]: r["SequenceNumber"]
                for r in self.client.iterate(names.endpoint, names.select)
            }
            for row in found:
                row["Slot"] = slots.get(row["AccountClassificationName"])
        rows = {_code(r["Code"]): json.dumps(trimmed(r)) for r in found}
        key = self._key(kind)
        pipe = self.redis.pipeline()
        pipe.delete(key)
        if rows:
            pipe.hset(key, mapping=rows)
        pipe.set(key + ":loaded", 1, ex=LIST_TTL_SECONDS)
        pipe.expire(key, LIST_TTL_SECONDS * 2)
        pipe.execute()

    # -- items -----------------------------------------------------------------------------------
    def items(self, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Items by code (the shop's SKU). Unknown codes are absent from the answer."""
        wanted = sorted({_code(c) for c in codes if c and _code(c)})
        if not wanted:
            return {}
        self.sync_items()
        key = self._key("items")
        found = {
            c: json.loads(raw)
            for c, raw in zip(wanted, self.redis.hmget(key, wanted), strict=True)
            if raw
        }
        misses = [
            c
            for c in wanted
            if c not in found and not self.redis.exists(self._key(f"item-miss:{c}"))
        ]
        for start in range(0, len(misses), LOOKUP_BATCH):
            batch = misses[start : start + LOOKUP_BATCH]
            flt = " or ".join(f"Code eq {odata.string(c)}" for c in batch)
            for row in self.client.iterate(ITEMS.endpoint, ITEMS.select, filter=flt):
                code = _code(row["Code"])
                found[code] = row
                self.redis.hset(key, code, json.dumps(row))
            for code in batch:
                if code not in found:
                    self.redis.set(self._key(f"item-miss:{code}"), 1, ex=MISS_TTL_SECONDS)
        return found

    def forget_miss(self, code: str) -> None:
        """After the flow created an item, the code is known."""
        self.redis.delete(self._key(f"item-miss:{_code(code)}"))

    def remember_item(self, row: dict[str, Any]) -> None:
        self.redis.hset(self._key("items"), _code(row["Code"]), json.dumps(row))
        self.forget_miss(row["Code"])

    def sync_items(self, force: bool = False) -> int:
        """Bring the item cache up to date through the sync endpoints (at most every 5 minutes)."""
        lease = self._key("items:lease")
        if not force and not self.redis.set(lease, 1, nx=True, ex=ITEM_SYNC_EVERY_SECONDS):
            return 0
        key, cursor_key = self._key("items"), self._key("items:cursor")
        cursor = int(self.redis.get(cursor_key) or 1)
        changed = 0
        newest = cursor
        for row in self.client.iterate_sync(ITEMS.sync, ITEMS.select, since=cursor):
            newest = max(newest, int(row["Timestamp"]))
            row.pop("Timestamp", None)
            self.redis.hset(key, _code(row["Code"]), json.dumps(row))
            changed += 1
        if cursor > 1:  # deletions only matter once a first full load happened
            deleted_key = self._key("items:deleted-cursor")
            deleted_cursor = int(self.redis.get(deleted_key) or cursor)
            gone = set()
            for row in self.client.iterate_sync(
                DELETED.endpoint, DELETED.select, since=deleted_cursor
            ):
                deleted_cursor = max(deleted_cursor, int(row["Timestamp"]))
                if row.get("EntityType") == DELETED_ITEM_TYPE:
                    gone.add(row["EntityKey"])
            self.redis.set(deleted_key, deleted_cursor)
            if gone:
                for code, raw in self.redis.hgetall(key).items():
                    if json.loads(raw).get("ID") in gone:
                        self.redis.hdel(key, code)
                        changed += 1
        self.redis.set(cursor_key, newest)
        return changed
