"""Loading the recorded and constructed shop payloads under tests/data/fixtures (WooCommerce and
Magento orders, Magento credit memos), and ``D`` for the decimal amounts the tests compare.

Used by the shop normalizer tests in tests/unit/shops and the document builder tests in
tests/unit/sync, which read the same payloads."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def load(platform: str, name: str) -> dict[str, Any]:
    """A fresh copy each time, so a test may change it freely."""
    return json.loads((FIXTURES / platform / f"{name}.json").read_text(encoding="utf-8"))


def names(platform: str) -> list[str]:
    return sorted(path.stem for path in (FIXTURES / platform).glob("order-*.json"))


def D(value: str) -> Decimal:  # noqa: N802 - reads like a literal in assertions
    return Decimal(value)
