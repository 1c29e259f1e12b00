"""Magento REST customer JSON (``GET /rest/V1/customers/{id}``) -> ``Customer`` + address.

Magento keeps addresses in an address book; the invoice details are the address flagged
``default_billing`` (or named by the customer's ``default_billing`` id). The VAT number sits on
that address (``vat_id``) or on the customer (``taxvat``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sidecar.shops.magento.normalize import PLATFORM, _vat_number, read_address
from sidecar.shops.records import Address, Customer, Source, frozen_map, scalar_meta

MALFORMED = (
    "The customer data from Magento is incomplete or damaged. Open the customer in the Magento "
    "admin (Customers > All Customers) and save it again so the module sends it anew."
)


def _billing(src: Source) -> Source | None:
    addresses = src.objs("addresses", required=False)
    default_id = src.text("default_billing")
    for address in addresses:
        if address.flag("default_billing") or (default_id and address.text("id") == default_id):
            return _flat_region(address)
    return _flat_region(addresses[0]) if addresses else None


def _flat_region(address: Source) -> Source:
    """Address-book entries carry ``region`` as an object ({region_code, region, region_id})
    where order addresses carry the two texts; flattened, one address reader serves both."""
    data = dict(address.data)
    region = data.pop("region", None)
    if isinstance(region, dict):
        data["region_code"] = region.get("region_code") or ""
        data["region"] = region.get("region") or ""
    elif isinstance(region, str):
        data["region"] = region
    return Source(data, address.path, address.origin, address.resolution)


def normalize_customer(
    data: Mapping[str, Any], *, vat_number_keys: Sequence[str] = ()
) -> tuple[Customer, Address]:
    raw_id = data.get("id") if isinstance(data, Mapping) else None
    src = Source(data, "", f"{PLATFORM} customer {raw_id}", MALFORMED)
    customer_id = src.ident("id")
    billing_src = _billing(src)
    billing = read_address(billing_src or Source({}, "addresses", src.origin, MALFORMED))
    meta = scalar_meta(
        (entry.raw("attribute_code"), entry.raw("value"))
        for entry in src.objs("custom_attributes", required=False)
    )
    vat_id = billing_src.text("vat_id") if billing_src else ""
    if vat_id:
        meta["vat_id"] = vat_id
    candidates = [vat_id, *(meta.get(key, "") for key in vat_number_keys), src.text("taxvat")]
    customer = Customer(
        email=src.text("email").strip().lower(),
        first_name=src.text("firstname") or billing.first_name,
        last_name=src.text("lastname") or billing.last_name,
        company=billing.company,
        vat_number=_vat_number(candidates),
        shop_customer_id=customer_id,
        is_guest=False,
        phone=billing.phone,
        meta=frozen_map(meta),
    )
    return customer, billing
