"""Customer payloads for the customer normalizers and the customer.updated flow, constructed from
the platforms' documented REST shapes (WooCommerce ``GET /wc/v3/customers/<id>``, Magento
``GET /V1/customers/{id}``) with invented Dutch and Belgian values.

Shared by the unit tests of the normalizers and the end-to-end customer tests, which must read
the same customers."""

from __future__ import annotations

WOO_CUSTOMER = {
    "id": 77,
    "date_created_gmt": "2026-03-02T09:12:40",
    "date_modified_gmt": "2026-11-20T16:01:05",
    "email": "inkoop@brouwerijdekroon.be",
    "first_name": "Els",
    "last_name": "Maes",
    "role": "customer",
    "username": "els.maes",
    "billing": {
        "first_name": "Els",
        "last_name": "Maes",
        "company": "Brouwerij De Kroon BV",
        "address_1": "Kerkstraat 12",
        "address_2": "",
        "city": "Gent",
        "state": "",
        "postcode": "9000",
        "country": "BE",
        "email": "inkoop@brouwerijdekroon.be",
        "phone": "+32 9 123 45 67",
    },
    "shipping": {
        "first_name": "Els",
        "last_name": "Maes",
        "company": "Brouwerij De Kroon BV",
        "address_1": "Kerkstraat 12",
        "address_2": "",
        "city": "Gent",
        "state": "",
        "postcode": "9000",
        "country": "BE",
    },
    "is_paying_customer": True,
    "meta_data": [{"id": 901, "key": "_billing_vat_number", "value": "BE 0123.456.789"}],
}

MAGENTO_CUSTOMER = {
    "id": 56,
    "group_id": 1,
    "default_billing": "88",
    "default_shipping": "88",
    "created_at": "2026-02-11 10:00:00",
    "updated_at": "2026-11-20 15:00:00",
    "email": "J.deVries@Example.nl",
    "firstname": "Jan",
    "lastname": "de Vries",
    "store_id": 1,
    "website_id": 1,
    "addresses": [
        {
            "id": 88,
            "customer_id": 56,
            "region": {"region_code": None, "region": None, "region_id": 0},
            "region_id": 0,
            "country_id": "NL",
            "street": ["Keizersgracht", "123", "A"],
            "telephone": "020 123 4567",
            "postcode": "1015 CJ",
            "city": "Amsterdam",
            "firstname": "Jan",
            "lastname": "de Vries",
            "default_shipping": True,
            "default_billing": True,
        }
    ],
    "disable_auto_group_change": 0,
    "extension_attributes": {"is_subscribed": False},
}
