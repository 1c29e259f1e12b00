"""Magento 2: the order and customer normalisers (REST order, credit-memo and customer JSON ->
platform-neutral records) and the adapter the flows use (``ADAPTER``, see ``shops.base``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sidecar.shops.base import ShopApi
from sidecar.shops.magento.adapter import MagentoApi
from sidecar.shops.magento.customers import normalize_customer
from sidecar.shops.magento.normalize import normalize_order


class Magento:
    name = "magento"
    default_trigger_statuses = ("processing", "complete")
    completed_status = "complete"
    normalize_order = staticmethod(normalize_order)
    normalize_customer = staticmethod(normalize_customer)

    def missing_refund_detail(self, payload: Mapping[str, Any], order: str) -> str | None:
        """The module sends ``order.refunded`` with the order's credit memos (``creditmemos``);
        an event without them (an older module) cannot be credited line by line."""
        if payload.get("creditmemos") is not None:
            return None
        return (
            f"Magento reported a credit memo for order {order}, but the event carries no credit "
            "memos (creditmemos), so nothing was credited in Exact."
        )

    def api(self, url: str, credentials: Mapping[str, str]) -> ShopApi:
        return MagentoApi(url, credentials)


ADAPTER = Magento()

__all__ = ["ADAPTER", "normalize_customer", "normalize_order"]
