"""What the flows may ask of a shop platform, whichever it is.

Adding a platform is one package under ``sidecar/shops/`` exporting ``normalize_order`` (platform
JSON -> ``records.Order``); the flows look it up here by the shop's platform name and never import
a platform package themselves.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sidecar.shops.records import Order


class Normalizer(Protocol):
    def __call__(self, data: Mapping[str, Any], *, vat_number_keys: Sequence[str]) -> Order: ...


def normalizer(platform: str) -> Normalizer:
    module = importlib.import_module(f"sidecar.shops.{platform}")
    return module.normalize_order
