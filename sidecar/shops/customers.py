"""The customer normaliser of a platform (its REST customer JSON -> ``Customer`` and invoice
address), by the shop's platform name: a shortcut to the platform's adapter (``shops.base``)."""

from __future__ import annotations

from sidecar.shops.base import CustomerNormalizer, adapter


def customer_normalizer(platform: str) -> CustomerNormalizer:
    return adapter(platform).normalize_customer
