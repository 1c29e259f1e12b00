"""A strict local stand-in for a WordPress + WooCommerce site's REST API (wc/v3).

It follows the project's WooCommerce reference (WooCommerce 10.0.2), not our client: OAuth 1.0a
one-legged over plain HTTP with real signature, timestamp and nonce checks, Basic auth only on
HTTPS, read-only keys that cannot write, WordPress' argument validation and paging headers,
order meta/notes/status semantics, batch limits, injectable faults and a request log.
"""

from .app import create_app, serve
from .config import ApiKey, WooConfig
from .generator import generate_orders

__all__ = ["ApiKey", "WooConfig", "create_app", "generate_orders", "serve"]
