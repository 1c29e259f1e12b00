"""What the flows may ask of a shop platform, whichever it is: the contract between ``sync/`` and
``shops/<platform>/``.

A platform is one package under ``sidecar/shops/`` whose ``__init__`` exports ``ADAPTER``, an
object with the ``ShopAdapter`` attributes (the architecture's adapter: the only code that knows
the platform's data shapes and REST API): how its JSON becomes platform-neutral records, its
defaults, and ``api()``, which opens the shop's REST API (``ShopApi``) with the credentials its
plugin handed over. The flows find a platform here by the shop's platform name and never import
a platform package, branch on a platform's name or know a platform's field names; adding a
platform touches ``shops/<platform>``, an emulator and a plugin, never ``sync/``.

Every write a flow makes to a shop goes through ``ShopApi`` and is idempotent there: a retry after
a lost answer never writes a note, a status or the order's Exact state twice.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sidecar.shops.records import Address, Customer, Order


@dataclass(frozen=True)
class OrderState:
    """What the shop is told about one order's Exact document (the first pushback)."""

    sync_state: str  # pending | posted | failed | skipped
    document_type: str
    document_number: str
    document_id: str
    error_message: str
    resolution: str
    note: str | None  # the order note for a person, if this state deserves one


@dataclass
class StatusOutcome:
    """What a status write did: the status it set, or kept because the shop closed the order."""

    changed: bool = False
    status_set: str | None = None
    status_kept: str | None = None


def utc_seconds(text: str) -> datetime:
    """A platform's UTC timestamp (``2026-10-01T12:00:00``, ``2026-10-01 12:00:00``, with or
    without ``Z``) as an aware datetime in whole seconds, the resolution the lists compare in."""
    value = datetime.fromisoformat(text.replace(" ", "T").replace("Z", ""))
    return value.replace(tzinfo=UTC, microsecond=0)


@dataclass(frozen=True)
class ShopOrder:
    """One order from the shop's order list, in the platform's own REST JSON (``data``)."""

    entity_id: str
    modified: datetime  # UTC, whole seconds
    status: str
    data: dict[str, Any]
    number: str = ""  # the number people see ("1234", "000000042"), for messages


@dataclass(frozen=True)
class Page:
    orders: list[ShopOrder]
    total: int | None  # the shop's count of orders matching the query
    more: bool  # more orders may follow this page


class ShopApi(Protocol):
    """One shop's REST API, opened with the credentials its plugin created for the sidecar (the
    plugins recognise them and never send the sidecar's own writes back as order events)."""

    page_size: int

    def push_order_state(self, order_id: str, state: OrderState) -> str:
        """Show the order's Exact document or error in the shop; "updated" or "unchanged"."""
        ...

    def add_note(self, order_id: str, note: str) -> str:
        """A private order note for a person, unless the order has it; "added" or "unchanged"."""
        ...

    def push_status(
        self, order_id: str, status: str | None, notes: Sequence[str], sync_key: str
    ) -> StatusOutcome:
        """Set the order's status (never on an order the shop has closed) and add the notes it
        lacks; ``sync_key`` names this write for platforms that deduplicate on one."""
        ...

    def list_orders(
        self, statuses: Sequence[str], lower: datetime, upper: datetime | None, page: int
    ) -> Page:
        """Orders in ``statuses`` modified in [lower, upper), oldest first; page ``page`` of
        ``page_size``."""
        ...


class OrderNormalizer(Protocol):
    def __call__(self, data: Mapping[str, Any], *, vat_number_keys: Sequence[str]) -> Order: ...


class CustomerNormalizer(Protocol):
    def __call__(
        self, data: Mapping[str, Any], *, vat_number_keys: Sequence[str]
    ) -> tuple[Customer, Address]: ...


class ShopAdapter(Protocol):
    name: str
    # The statuses in which a new shop's orders are posted.
    default_trigger_statuses: tuple[str, ...]
    # The status the default pushback rules give an order that is paid or delivered in Exact.
    completed_status: str
    normalize_order: OrderNormalizer
    normalize_customer: CustomerNormalizer

    def missing_refund_detail(self, payload: Mapping[str, Any], order: str) -> str | None:
        """Why a refund event of ``order`` cannot be credited (it lacks the platform's refund
        detail), in a sentence for the activity log; None when it carries what a credit needs."""
        ...

    def api(self, url: str, credentials: Mapping[str, str]) -> ShopApi: ...


def adapter(platform: str) -> ShopAdapter:
    """The adapter of the platform a shop runs on, by the name stored with the shop."""
    return importlib.import_module(f"sidecar.shops.{platform}").ADAPTER


def normalizer(platform: str) -> OrderNormalizer:
    return adapter(platform).normalize_order
