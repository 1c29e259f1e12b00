"""Settings of one Magento 2.4 stand-in: its integrations, the module's pushback settings, limits.

Defaults are Magento 2.4.7+'s and the ``ExactSidecar_Connector`` module's (``etc/config.xml``:
pushback may set ``processing`` and ``complete``). Tests shrink or flip them per case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# The resources of plugin-magento/etc/integration/api.xml.
SIDECAR_RESOURCES: tuple[str, ...] = (
    "Magento_Sales::sales",
    "Magento_Sales::sales_operation",
    "Magento_Sales::sales_order",
    "Magento_Sales::actions",
    "Magento_Sales::actions_view",
    "Magento_Sales::comment",
    "Magento_Sales::invoice",
    "Magento_Sales::ship",
    "Magento_Sales::sales_invoice",
    "Magento_Sales::shipment",
    "Magento_Sales::sales_creditmemo",
    "Magento_Customer::customer",
    "Magento_Customer::manage",
    "Magento_Catalog::catalog",
    "Magento_Catalog::catalog_inventory",
    "Magento_Catalog::products",
    "ExactSidecar_Connector::api",
    "ExactSidecar_Connector::pushback",
)
READ_RESOURCES: tuple[str, ...] = (
    "Magento_Sales::sales",
    "Magento_Sales::sales_operation",
    "Magento_Sales::sales_order",
    "Magento_Sales::actions",
    "Magento_Sales::actions_view",
)


@dataclass(frozen=True)
class Integration:
    """An activated integration: consumer key/secret plus its access token/secret (32 chars each,
    as Magento generates them) and the ACL resources it was granted."""

    name: str
    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str
    resources: tuple[str, ...] = SIDECAR_RESOURCES
    consumer_id: int = 1
    active: bool = True


DEFAULT_INTEGRATIONS: tuple[Integration, ...] = (
    Integration(
        "exact-sidecar",
        "k7m2q9x4c1v8b3n6z5a0s7d2f9g4h1j3",
        "p3o8i1u6y4t9r2e7w0q5a3s8d1f6g4h9",
        "t1a6s2d8f3g9h4j0k5l1z7x2c8v3b9n4",
        "w5e0r6t1y7u2i8o3p9a4s0d5f1g6h2j7",
        consumer_id=1,
    ),
    Integration(
        "exact-sidecar-readonly",
        "r9c4v0b5n1m6q2w7e3r8t4y9u0i5o1p6",
        "z2x7c3v8b4n9m0a5s1d6f2g7h3j8k4l9",
        "q8w3e9r4t0y5u1i6o2p7a3s9d4f0g5h1",
        "m6n1b7v2c8x3z9l4k0j5h1g6f2d7s3a8",
        resources=READ_RESOURCES,
        consumer_id=2,
    ),
)

# Magento's default status -> state assignments (sales_order_status_state).
STATUS_STATES: dict[str, str] = {
    "pending": "new",
    "pending_payment": "pending_payment",
    "payment_review": "payment_review",
    "fraud": "payment_review",
    "processing": "processing",
    "complete": "complete",
    "closed": "closed",
    "canceled": "canceled",
    "holded": "holded",
}


@dataclass
class MagentoConfig:
    integrations: tuple[Integration, ...] = DEFAULT_INTEGRATIONS
    # oauth/consumer/enable_integration_as_bearer: off by default since 2.4.4.
    integration_as_bearer: bool = False
    # exact_sidecar/pushback/allowed_statuses of the module.
    allowed_pushback_statuses: tuple[str, ...] = ("processing", "complete")
    # Web API input limits (webapi/validation/*), enforced as if enabled: stricter than a stock
    # shop, where they are off, and what the sidecar must live with on a shop that enables them.
    max_page_size: int = 300
    default_page_size: int = 20
    # Magento refuses an oauth_timestamp more than 600 s ahead; see auth.py for the past.
    oauth_time_deviation: int = 600
    # Before 2.4.7 POST /V1/orders/{id}/comments also set the order status; since then it does
    # not (magento/magento2#38723). False models 2.4.7+.
    comments_change_status: bool = False
    store_codes: tuple[str, ...] = ("default", "all")
    seed: tuple[str | Path, ...] | None = None
    generated_orders: int = 0
    generator_seed: int = 1
    extra: dict[str, object] = field(default_factory=dict)

    def integration_by_consumer(self, consumer_key: str) -> Integration | None:
        return next((i for i in self.integrations if i.consumer_key == consumer_key), None)

    def integration_by_token(self, token: str) -> Integration | None:
        return next((i for i in self.integrations if i.access_token == token), None)
