"""Settings of one WooCommerce stand-in: the shop's options and the API keys that exist.

Every rule the real shop enforces that a test may need to shrink (nonce window, page limits,
batch limit) is a field, with WooCommerce 10.0.2's value as the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Order statuses of a stock WooCommerce 10.0.2 (wc_get_order_statuses() without "wc-").
CORE_STATUSES: tuple[str, ...] = (
    "pending",
    "processing",
    "on-hold",
    "completed",
    "cancelled",
    "refunded",
    "failed",
    "checkout-draft",
)


@dataclass(frozen=True)
class ApiKey:
    """One row of ``{prefix}woocommerce_api_keys``: a key pair with read, write or read_write."""

    consumer_key: str
    consumer_secret: str
    permissions: str = "read_write"  # read | write | read_write
    user_id: int = 2
    description: str = "exact-sidecar"


DEFAULT_KEYS: tuple[ApiKey, ...] = (
    ApiKey(
        "ck_5f0c1e3a9b7d4c2e8a6f1b3d5c7e9a0b2d4f6a8c",
        "cs_7a9c1e3f5b7d9e1a3c5e7a9b1d3f5a7c9e1b3d5f",
        "read_write",
    ),
    ApiKey(
        "ck_0d2b4f6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8b",
        "cs_1b3d5f7a9c1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c",
        "read",
        description="exact-sidecar (read only)",
    ),
)


@dataclass
class WooConfig:
    """One WordPress + WooCommerce site."""

    keys: tuple[ApiKey, ...] = DEFAULT_KEYS
    # WordPress' home URL, which OAuth 1.0a signatures are checked against (get_home_url(), not
    # the request's Host). None: the URL the request came in on, so a test client just works.
    home_url: str | None = None
    # is_ssl(): True when the site is served over HTTPS (or wp-config sets $_SERVER['HTTPS']).
    # Only then is HTTP Basic auth (or consumer_key/consumer_secret in the query) accepted.
    # X-Forwarded-Proto is never honoured (reference 3.1).
    https: bool = False
    # The site's time zone: date_created/date_modified are local, *_gmt are UTC. Europe/Amsterdam
    # (not the fixture shop's UTC) so a client mixing local and GMT times is caught.
    timezone: str = "Europe/Amsterdam"
    statuses: tuple[str, ...] = CORE_STATUSES
    # JSON files of orders (GET /orders/<id> shapes) to load; None: the packaged fixtures.
    seed: tuple[str | Path, ...] | None = None
    # Also add this many generated orders (see generator.py) after the seed files.
    generated_orders: int = 0
    generator_seed: int = 1
    oauth_window_seconds: int = 15 * 60  # timestamp window and nonce memory
    max_per_page: int = 100
    batch_limit: int = 100  # woocommerce_rest_batch_items_limit
    version: str = "10.0.2"
    currency: str = "EUR"
    extra: dict[str, object] = field(default_factory=dict)

    def key(self, consumer_key: str) -> ApiKey | None:
        for api_key in self.keys:
            if api_key.consumer_key == consumer_key:
                return api_key
        return None
