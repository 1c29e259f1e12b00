"""Writing and reading activity lines.

A line says what happened in words a shop owner understands, and for failures what to do about it
(``resolution``). Secrets never go into a line: callers pass messages, never request bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.orm import Session

from sidecar.activity.models import DIRECTIONS, LEVELS, Activity
from sidecar.db import utcnow


def record(
    session: Session,
    shop_id: str,
    kind: str,
    message: str,
    *,
    level: str = "info",
    entity: str | None = None,
    direction: str = "internal",
    resolution: str | None = None,
) -> Activity:
    if level not in LEVELS:
        raise ValueError(f"unknown activity level {level!r}")
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown activity direction {direction!r}")
    line = Activity(
        shop_id=shop_id,
        kind=kind,
        level=level,
        entity=entity,
        direction=direction,
        message=message[:4000],
        resolution=resolution,
        at=utcnow(),
    )
    session.add(line)
    return line


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def as_dict(line: Activity) -> dict[str, Any]:
    return {
        "id": str(line.id),
        "at": line.at.isoformat().replace("+00:00", "Z"),
        "kind": line.kind,
        "level": line.level,
        "entity": line.entity,
        "direction": line.direction,
        "message": line.message,
        "resolution": line.resolution,
    }


@dataclass(frozen=True)
class Filters:
    """What an owner narrows the log to in the shop admin: levels, one kind, one entity
    (``order:123``), and text found in the message or the resolution (case-insensitive)."""

    levels: tuple[str, ...] = ()
    kind: str | None = None
    entity: str | None = None
    text: str | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.levels:
            query = query.where(Activity.level.in_(self.levels))
        if self.kind:
            query = query.where(Activity.kind == self.kind)
        if self.entity:
            query = query.where(Activity.entity == self.entity)
        if self.text:
            pattern = "%" + _escape_like(self.text) + "%"
            query = query.where(
                or_(
                    Activity.message.ilike(pattern, escape="\\"),
                    Activity.resolution.ilike(pattern, escape="\\"),
                )
            )
        return query


def _escape_like(text: str) -> str:
    """A search for "100%" or "my_shop" means those characters, not LIKE's wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page(
    session: Session,
    shop_id: str,
    limit: int,
    before: int | None,
    filters: Filters = Filters(),
) -> Page:
    """Newest first; the cursor is the id of the last line shown, so paging is stable while new
    lines arrive (and with filters: the cursor is still an id)."""
    query = filters.apply(select(Activity).where(Activity.shop_id == shop_id))
    if before is not None:
        query = query.where(Activity.id < before)
    rows = list(session.scalars(query.order_by(Activity.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = str(rows[-1].id) if more and rows else None
    return Page([as_dict(r) for r in rows], cursor)


def latest(session: Session, shop_id: str) -> dict[str, Any] | None:
    line = session.scalar(
        select(Activity).where(Activity.shop_id == shop_id).order_by(Activity.id.desc()).limit(1)
    )
    return as_dict(line) if line is not None else None


def purge_older_than(session: Session, days: int) -> int:
    result = session.execute(delete(Activity).where(Activity.at < utcnow() - timedelta(days=days)))
    return result.rowcount or 0
