"""Lines posted, changed or deleted on their own endpoint (SalesInvoiceLines, SalesEntryLines).

Exact keeps a document and its lines consistent: a line change re-prices the line and
recomputes the header totals in the same call, and a processed document refuses any change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import invalid
from .resources import Resource, WriteContext
from .writes import validate


class DocumentLines(Resource):
    parent_table: str = ""
    parent_key: str = ""
    vat_field: str = ""
    price: Callable[[WriteContext, dict, dict], dict]
    refresh: Callable[[WriteContext, dict], None]

    def lines_of(self, ctx: WriteContext, parent_id: Any) -> list[dict]:
        rows = [r for r in self.table(ctx).values() if r.get(self.parent_key) == parent_id]
        return sorted(rows, key=lambda row: row.get("LineNumber") or 0)

    def parent(self, ctx: WriteContext, parent_id: Any) -> dict:
        parent = ctx.division.table(self.parent_table).get(parent_id)
        if parent is None:
            raise invalid(
                f"{self.parent_key}: '{parent_id}' does not exist in division {ctx.division.code}."
            )
        if parent.get("Status") == 50:
            raise invalid("Processed documents can't be changed anymore.")
        return parent

    def create(self, ctx: WriteContext, body: object) -> dict:
        payload = validate(self.entity, body, "POST")
        parent = self.parent(ctx, payload.fields[self.parent_key])
        line = type(self).price(ctx, parent, dict(payload.fields))
        existing = self.lines_of(ctx, parent[self.parent_key])
        line["LineNumber"] = max((row["LineNumber"] for row in existing), default=0) + 1
        ctx.state.insert(ctx.division, self.path, "ID", line)
        type(self).refresh(ctx, parent)
        return line

    def update(self, ctx: WriteContext, key: Any, body: object) -> None:
        line = self.get(ctx, key)
        payload = validate(self.entity, body, "PUT")
        parent = self.parent(ctx, line[self.parent_key])
        if payload.fields.get(self.parent_key) not in (None, line[self.parent_key]):
            raise invalid("A line cannot move to another document.")
        merged = {**line, **payload.fields}
        self.strip_derived(merged, payload.fields)
        type(self).price(ctx, parent, merged)
        line.clear()
        line.update(merged)
        ctx.state.touch(ctx.division, self.path, key, notify=False)
        type(self).refresh(ctx, parent)

    def strip_derived(self, merged: dict, sent: dict) -> None:
        """Forget derived amounts not sent again, so the line is priced afresh."""
        from .derive_orders import reprice

        reprice(merged, sent, vat_field=self.vat_field)

    def delete(self, ctx: WriteContext, key: Any) -> None:
        line = self.get(ctx, key)
        parent = self.parent(ctx, line[self.parent_key])
        if len(self.lines_of(ctx, parent[self.parent_key])) == 1:
            raise invalid("A document needs at least one line.")
        ctx.state.delete(ctx.division, self.path, key)
        type(self).refresh(ctx, parent)
