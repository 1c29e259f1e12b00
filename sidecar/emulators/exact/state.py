"""In-memory administrations (divisions), their tables, row versions and change feed.

One re-entrant lock guards everything: each API call holds it from validation to commit, so 8+
concurrent clients see the same serialised behaviour a database would give. Records are plain
dicts of native values; every write stamps ``Timestamp`` (the row version the sync endpoints
page on), ``Created``/``Modified`` and ``Division``.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock

# EntityType codes of sync/Deleted (reference §2.3).
DELETED_ENTITY_TYPES = {
    "financial/TransactionLines": 1,
    "crm/Accounts": 2,
    "crm/Addresses": 3,
    "crm/Contacts": 5,
    "financial/GLAccounts": 7,
    "logistics/Items": 9,
}


@dataclass
class Change:
    """A committed change, turned into webhook deliveries after the request."""

    division: int
    table: str
    action: str  # Create / Update / Delete
    key: str


@dataclass
class Division:
    code: int
    description: str
    tables: dict[str, dict[Any, dict]] = field(default_factory=dict)
    row_version: int = 0
    sequences: dict[str, int] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def table(self, path: str) -> dict[Any, dict]:
        return self.tables.setdefault(path, {})

    def next_number(self, sequence: str, start: int = 1) -> int:
        value = max(self.sequences.get(sequence, start - 1) + 1, start)
        self.sequences[sequence] = value
        return value


class EmulatorState:
    def __init__(self, clock: Clock, user_id: str | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.user_id = user_id or str(uuid.uuid4())
        self.divisions: dict[int, Division] = {}
        self.current_division: int | None = None
        self.changes: list[Change] = []

    # -- divisions --------------------------------------------------------------------------
    def add_division(self, code: int, description: str, **info: Any) -> Division:
        division = Division(code=code, description=description, info=info)
        self.divisions[code] = division
        if self.current_division is None:
            self.current_division = code
        return division

    def division(self, code: int) -> Division | None:
        return self.divisions.get(code)

    # -- rows -------------------------------------------------------------------------------
    def _stamp(self, division: Division, record: dict) -> None:
        division.row_version += 1
        record["Timestamp"] = division.row_version
        record["Modified"] = self.clock.local_now()
        record["Modifier"] = self.user_id
        record["Division"] = division.code

    def insert(self, division: Division, table: str, key_name: str, record: dict) -> dict:
        key = record.get(key_name)
        if key is None:
            key = str(uuid.uuid4())
            record[key_name] = key
        record.setdefault("Created", self.clock.local_now())
        record.setdefault("Creator", self.user_id)
        self._stamp(division, record)
        division.table(table)[key] = record
        self.changes.append(Change(division.code, table, "Create", str(key)))
        return record

    def touch(self, division: Division, table: str, key: Any, *, notify: bool = True) -> dict:
        """Record that a row changed in place: new row version and, if asked, a webhook."""
        record = division.table(table)[key]
        self._stamp(division, record)
        if notify:
            self.changes.append(Change(division.code, table, "Update", str(key)))
        return record

    def delete(self, division: Division, table: str, key: Any) -> dict | None:
        record = division.table(table).pop(key, None)
        if record is None:
            return None
        self.changes.append(Change(division.code, table, "Delete", str(key)))
        entity_type = DELETED_ENTITY_TYPES.get(table)
        if entity_type is not None:
            division.row_version += 1
            tombstone = {
                "ID": str(uuid.uuid4()),
                "Timestamp": division.row_version,
                "EntityKey": str(key),
                "EntityType": entity_type,
                "DeletedBy": self.user_id,
                "DeletedDate": self.clock.local_now(),
                "Division": division.code,
            }
            division.table("sync/Deleted")[tombstone["ID"]] = tombstone
        return record

    def take_changes(self) -> list[Change]:
        changes, self.changes = self.changes, []
        return changes

    # -- lookups ------------------------------------------------------------------------------
    def find(self, division: Division, table: str, field_name: str, value: Any) -> dict | None:
        for record in division.table(table).values():
            if record.get(field_name) == value:
                return record
        return None
