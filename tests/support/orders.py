"""The WooCommerce order set-up the end-to-end order tests share: the recorded order fixtures, the
items they sell, settings that map their VAT rates and accounts, the signed order event that
carries an order to the sidecar, and a way to run the queued jobs in this process.

Used by the order, refund, discount, customer, pushback and chaos end-to-end tests, which all
post the same fixture orders to the Exact emulator."""

from __future__ import annotations

import json
from pathlib import Path

from rq import SimpleWorker

WOO_FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "woocommerce"
MAGENTO_FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "magento"
ITEMS = [("MUG-001", "Koffiemok"), ("BEAN-1KG", "Koffiebonen 1kg"), ("TOWEL-2495", "Handdoek")]

SETTINGS = {
    "trigger_statuses": ["processing", "completed"],
    "vat": {
        "rates": [{"shop_rate": "1", "exact": "21"}, {"shop_rate": "2", "exact": "9"}],
        "reverse_charge": "ICP",
        "export": "EXP",
        "untaxed": "0",
    },
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8030", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING", "gl_account": "8000"},
    "items": {"no_sku_item": "INSTALL"},
    "payment": {"methods": [{"shop": "bacs", "exact": "14"}]},
}


def woo_fixture(name: str) -> dict:
    """A recorded WooCommerce order from tests/data/fixtures/woocommerce, by file name."""
    return json.loads((WOO_FIXTURES / name).read_text())


def order_event(order: dict, event_id: str, kind: str = "order.updated") -> dict:
    """The signed event a shop plugin sends for a WooCommerce order."""
    return {
        "id": event_id,
        "type": kind,
        "occurred_at": "2026-11-21T12:00:00Z",
        "entity_id": str(order["id"]),
        "data": order,
    }


def run_jobs(runtime) -> None:
    """Run every job queued on the orders, default and pushback queues, in this process."""
    SimpleWorker(["orders", "default", "pushback"], connection=runtime.redis).work(burst=True)


MAGENTO_SETTINGS = {
    "trigger_statuses": ["processing", "complete"],
    "document": {"type": "sales_invoice", "journal": "70"},
    "vat": {
        "rates": [
            {"shop_rate": "NL-21", "exact": "21"},
            {"shop_rate": "BE-21", "exact": "OBE"},
            {"shop_rate": "BE-6", "exact": "OBE6"},
        ],
        "untaxed": "0",
    },
    "revenue": {"home_country": "NL", "domestic": "8000", "eu": "8040", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING"},
}


def magento_event(order: dict) -> dict:
    """The signed event the Magento module sends for a recorded Magento order."""
    return {
        "id": f"order:{order['entity_id']}:created",
        "type": "order.updated",
        "occurred_at": "2026-11-21T12:00:00Z",
        "entity_id": str(order["entity_id"]),
        "data": order,
    }
