"""WooCommerce REST v3 customer JSON (``GET /wc/v3/customers/<id>``) -> ``Customer`` + address.

The customer flow books accounts from what the shop's customer record says, independent of any
order. WooCommerce keeps the invoice details in ``billing``; the account e-mail is the login's,
which is the one orders carry too when the customer is logged in, so it is the match key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sidecar.shops.records import Address, Customer, Source, frozen_map, scalar_meta
from sidecar.shops.woocommerce.normalize import (
    DEFAULT_VAT_NUMBER_KEYS,
    PLATFORM,
    read_address,
    vat_number,
)

MALFORMED = (
    "The customer data from WooCommerce is incomplete or damaged. Open the customer in "
    "WordPress (Users) and save it again so the plugin sends it anew."
)


def normalize_customer(
    data: Mapping[str, Any], *, vat_number_keys: Sequence[str] = DEFAULT_VAT_NUMBER_KEYS
) -> tuple[Customer, Address]:
    raw_id = data.get("id") if isinstance(data, Mapping) else None
    src = Source(data, "", f"{PLATFORM} customer {raw_id}", MALFORMED)
    customer_id = src.ident("id")
    billing = read_address(src.opt_obj("billing") or Source({}, "billing", src.origin, MALFORMED))
    meta = scalar_meta(
        (entry.raw("key"), entry.raw("value")) for entry in src.objs("meta_data", required=False)
    )
    email = (src.text("email") or billing.email).strip().lower()
    customer = Customer(
        email=email,
        first_name=billing.first_name or src.text("first_name"),
        last_name=billing.last_name or src.text("last_name"),
        company=billing.company,
        vat_number=vat_number(meta, vat_number_keys),
        shop_customer_id=customer_id,
        is_guest=False,
        phone=billing.phone,
        meta=frozen_map(meta),
    )
    return customer, billing
