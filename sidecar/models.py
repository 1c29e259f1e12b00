"""Imports every model module so ``metadata`` knows all tables (migrations and tests use it)."""

from sidecar.activity.models import Activity
from sidecar.db import Base
from sidecar.events.models import Event
from sidecar.exact.models import Connection
from sidecar.shops.models import Shop
from sidecar.shops.settings import ShopSettings
from sidecar.sync.cursors import Cursor
from sidecar.sync.history.runs import BackfillOrder, BackfillRun
from sidecar.sync.links import Link

metadata = Base.metadata

__all__ = [
    "Activity",
    "BackfillOrder",
    "BackfillRun",
    "Connection",
    "Cursor",
    "Event",
    "Link",
    "Shop",
    "ShopSettings",
    "metadata",
]
