"""Magento 2: the order normaliser (REST order and credit-memo JSON -> platform-neutral records)."""

from sidecar.shops.magento.normalize import normalize_order

__all__ = ["normalize_order"]
