"""A strict local stand-in for a Magento 2.4 shop's REST API plus the ExactSidecar_Connector route.

It follows the project's Magento reference and the module in plugin-magento/, not our client:
integration OAuth 1.0a (HMAC-SHA256 only) verified for real with nonce and timestamp rules,
bearer use of integration tokens off, ACL per route, searchCriteria paging with the input limits
on, comments that do not change the status (2.4.7+), the module's idempotent sync route,
injectable faults and a request log.
"""

from .app import create_app, serve
from .config import Integration, MagentoConfig
from .generator import generate_orders

__all__ = ["Integration", "MagentoConfig", "create_app", "generate_orders", "serve"]
