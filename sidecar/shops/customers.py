"""The customer half of what a platform offers the flows (``base.py`` holds the order half).

Each platform package has a ``customers`` module exporting ``normalize_customer`` (the platform's
REST customer JSON -> ``Customer`` and its invoice address); the customer flow finds it here by the
shop's platform name.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sidecar.shops.records import Address, Customer


class CustomerNormalizer(Protocol):
    def __call__(
        self, data: Mapping[str, Any], *, vat_number_keys: Sequence[str]
    ) -> tuple[Customer, Address]: ...


def customer_normalizer(platform: str) -> CustomerNormalizer:
    module = importlib.import_module(f"sidecar.shops.{platform}.customers")
    return module.normalize_customer
