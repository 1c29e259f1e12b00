"""Where a shop owner sets each setting: the one registry every resolution names settings through.

An order that fails for want of a setting records the setting's key (``MissingMapping.setting``,
``Link.failed_setting``), and the plugins' order screens and activity views send the owner to the
field of that key; saving it re-queues the orders that failed on it. So a key may only be named if
the shop admin has a field for it: ``MissingMapping`` refuses keys that are not listed here, and
``tests/unit/test_setting_places.py`` checks that every listed key is a field of the WooCommerce
plugin's settings page (and that no settings path is spelled in the flows without being listed).

The values are the section and field as the WooCommerce plugin names them (English; the plugin
translates its own page), for resolutions written without a plugin at hand (the CLI, logs).
"""

from __future__ import annotations

PLACES: dict[str, tuple[str, str]] = {
    "trigger_statuses": ("What to send", "Order statuses that send an order"),
    "document.type": ("What to send", "Create in Exact Online"),
    "document.journal": ("What to send", "Sales journal"),
    "document.warehouse": ("What to send", "Warehouse"),
    "customers.mode": ("Customers", "Account for an order"),
    "customers.default_debtor": ("Customers", "The one account"),
    "customers.match": ("Customers", "Find the customer by"),
    "customers.match_meta_key": ("Customers", "Order meta field to match on"),
    "customers.non_customer": ("Customers", "An account found that is not a customer yet"),
    "customers.new_account.classification": ("Customers", "Classification of new accounts"),
    "customers.new_account.payment_condition": ("Customers", "Payment condition of new accounts"),
    "customers.new_account.countries": ("Customers", "New accounts by the customer's country"),
    "items.missing_sku": ("Items", "A SKU that Exact does not know"),
    "items.fallback_item": ("Items", "Fallback item"),
    "items.item_group": ("Items", "Item group of created items"),
    "items.no_sku_item": ("Items", "Item for lines without SKU and fees"),
    "vat.rates": ("VAT", "shop tax rate -> Exact VAT code"),
    "vat.untaxed": ("VAT", "VAT code for untaxed lines"),
    "vat.reverse_charge": ("VAT", "VAT code for EU business customers"),
    "vat.export": ("VAT", "VAT code for customers outside the EU"),
    "revenue.home_country": ("Revenue", "Home country"),
    "revenue.domestic": ("Revenue", "Revenue account, home country"),
    "revenue.eu": ("Revenue", "Revenue account, other EU countries"),
    "revenue.outside_eu": ("Revenue", "Revenue account, outside the EU"),
    "revenue.countries": ("Revenue", "Revenue account by destination country"),
    "shipping.item": ("Shipping", "Item for shipping costs"),
    "shipping.gl_account": ("Shipping", "G/L account for shipping costs"),
    "shipping.methods": ("Shipping", "shop shipping method -> Exact shipping method"),
    "payment.default_condition": ("Payments", "Payment condition when a method is not mapped"),
    "payment.methods": ("Payments", "shop payment method -> Exact payment condition and journal"),
    "discounts.mode": ("Discounts", "Book discounts"),
    "discounts.item": ("Discounts", "Discount item"),
    "discounts.gl_account": ("Discounts", "G/L account for discounts"),
    "dimensions.cost_center": ("Cost centres", "Cost centre"),
    "dimensions.cost_unit": ("Cost centres", "Cost unit"),
    "free_fields.your_ref": ("Free fields", "Your reference"),
    "rounding.tolerance": ("Rounding", "Largest rounding difference booked"),
    "rounding.item": ("Rounding", "Rounding item"),
    "rounding.gl_account": ("Rounding", "G/L account for rounding"),
    "refunds.amount_item": ("Refunds", "Item for refunds without lines"),
    "refunds.amount_gl_account": ("Refunds", "G/L account for refunds without lines"),
    "refunds.cancelled": ("Refunds", "An order cancelled after it was sent"),
}


def known(setting: str) -> bool:
    return setting in PLACES


def where(setting: str) -> str:
    """``Settings > Revenue > Revenue account, home country`` for ``revenue.domestic``."""
    section, label = PLACES[setting]
    return f"Settings > {section} > {label}"
