"""WooCommerce: the order normaliser (REST v3 JSON -> platform-neutral records)."""

from sidecar.shops.woocommerce.normalize import DEFAULT_VAT_NUMBER_KEYS, normalize_order

__all__ = ["DEFAULT_VAT_NUMBER_KEYS", "normalize_order"]
