"""The generic write path (create, update, delete) that per-entity behaviour hooks extend.

A ``Resource`` validates the body against the catalogue, checks references, lets the entity's
hook derive fields (numbers, amounts, descriptions), and stores the row. Entities with lines
override ``create`` to store header and lines together, as Exact requires them in one request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import EmulatorConfig
from .errors import bad_request, invalid, not_found
from .references import check_references
from .schema import EntityDef, catalogue
from .state import Division, EmulatorState
from .writes import Payload, validate


@dataclass
class WriteContext:
    state: EmulatorState
    division: Division
    config: EmulatorConfig
    base_url: str  # e.g. "http://127.0.0.1:5000" (no trailing slash)
    client_id: str

    def now(self):
        return self.state.clock.local_now()


class Resource:
    """Default behaviour: plain CRUD with catalogue checks; subclasses add derivations."""

    path: str = ""

    @property
    def entity(self) -> EntityDef:
        return catalogue()[self.path]

    @property
    def key(self) -> str:
        return self.entity.key

    def table(self, ctx: WriteContext) -> dict[Any, dict]:
        return ctx.division.table(self.path)

    def get(self, ctx: WriteContext, key: Any) -> dict:
        record = self.table(ctx).get(key)
        if record is None:
            raise not_found()
        return record

    # -- create -----------------------------------------------------------------------------
    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        check_references(ctx.division, self.path, payload.fields)
        key = payload.fields.get(self.key)
        if key is not None and key in self.table(ctx):
            raise invalid(f"A record with {self.key} {key} already exists.")
        record = dict(payload.fields)
        self.derive(ctx, record, payload, creating=True)
        return ctx.state.insert(ctx.division, self.path, self.key, record)

    # -- update -----------------------------------------------------------------------------
    def update(self, ctx: WriteContext, key: Any, body: object) -> None:
        record = self.get(ctx, key)
        payload = validate(self.entity, body, "PUT")
        if self.key in payload.fields and payload.fields[self.key] != key:
            raise bad_request(f"{self.key} in the body does not match the key in the URL.")
        check_references(ctx.division, self.path, payload.fields)
        self.check_update(ctx, record, payload)
        updated = {**record, **payload.fields}
        self.derive(ctx, updated, payload, creating=False)
        record.clear()
        record.update(updated)
        ctx.state.touch(ctx.division, self.path, key, notify=self.notifies)
        self.after_update(ctx, record)

    def check_update(self, ctx: WriteContext, record: dict, payload: Payload) -> None:
        """Hook: refuse updates Exact refuses (processed documents and the like)."""

    def after_update(self, ctx: WriteContext, record: dict) -> None:
        """Hook: propagate a change (recompute a header after a line changed)."""

    # -- delete -----------------------------------------------------------------------------
    def delete(self, ctx: WriteContext, key: Any) -> None:
        record = self.get(ctx, key)
        self.check_delete(ctx, record)
        ctx.state.delete(ctx.division, self.path, key)
        self.after_delete(ctx, record)

    def check_delete(self, ctx: WriteContext, record: dict) -> None:
        """Hook: refuse deletes of records other data depends on."""

    def after_delete(self, ctx: WriteContext, record: dict) -> None:
        """Hook: clean up lines or recompute a header."""

    # -- derivation -------------------------------------------------------------------------
    notifies = True

    def derive(self, ctx: WriteContext, record: dict, payload: Payload, *, creating: bool) -> None:
        """Hook: fill read-only fields (codes, descriptions, numbers, amounts)."""


def describe(record: dict | None, field_name: str = "Description") -> Any:
    return None if record is None else record.get(field_name)


def unique(
    ctx: WriteContext, table: str, field_name: str, value: Any, skip_key: Any = None
) -> None:
    """Exact refuses a second record with the same code; so does the emulator."""
    if value is None:
        return
    for key, row in ctx.division.table(table).items():
        if key != skip_key and row.get(field_name) == value:
            raise invalid("Gegeven bestaat reeds.")  # Exact's words for any duplicate (E4)
