"""WooCommerce: the order and customer normalisers (REST v3 JSON -> platform-neutral records) and
the adapter the flows use (``ADAPTER``, see ``shops.base``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sidecar.shops.base import ShopApi
from sidecar.shops.woocommerce.adapter import WooApi
from sidecar.shops.woocommerce.customers import normalize_customer
from sidecar.shops.woocommerce.normalize import DEFAULT_VAT_NUMBER_KEYS, normalize_order


class WooCommerce:
    name = "woocommerce"
    default_trigger_statuses = ("processing", "completed")
    completed_status = "completed"
    normalize_order = staticmethod(normalize_order)
    normalize_customer = staticmethod(normalize_customer)

    def missing_refund_detail(self, payload: Mapping[str, Any], order: str) -> str | None:
        # Every refund is in the order's own summary; one without ``refunds_detail`` is still
        # credited, as an amount (``woocommerce.refunds``).
        return None

    def api(self, url: str, credentials: Mapping[str, str]) -> ShopApi:
        return WooApi(url, credentials)


ADAPTER = WooCommerce()

__all__ = ["ADAPTER", "DEFAULT_VAT_NUMBER_KEYS", "normalize_customer", "normalize_order"]
