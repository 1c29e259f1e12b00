import copy

import pytest

from sidecar.errors import PermanentError
from sidecar.shops.customers import customer_normalizer
from tests.support.customers import MAGENTO_CUSTOMER, WOO_CUSTOMER


def test_woocommerce_customer_reads_billing_and_cleans_the_vat_number() -> None:
    customer, address = customer_normalizer("woocommerce")(
        WOO_CUSTOMER, vat_number_keys=["_billing_vat_number"]
    )
    assert customer.email == "inkoop@brouwerijdekroon.be"
    assert (customer.company, customer.vat_number) == ("Brouwerij De Kroon BV", "BE0123456789")
    assert (customer.shop_customer_id, customer.is_guest) == ("77", False)
    assert (address.line1, address.postcode, address.country) == ("Kerkstraat 12", "9000", "BE")


def test_magento_customer_takes_the_address_its_default_billing_names() -> None:
    data = copy.deepcopy(MAGENTO_CUSTOMER)
    other = dict(data["addresses"][0], id=99, city="Delft", default_billing=False)
    data["addresses"][0]["default_billing"] = False  # only the id says which one
    data["addresses"].insert(0, other)
    data["addresses"][1]["vat_id"] = "NL 8600.12.345.B01"
    data["addresses"][1]["company"] = "De Vries Koffie"
    customer, address = customer_normalizer("magento")(data, vat_number_keys=[])
    assert address.city == "Amsterdam" and address.line1 == "Keizersgracht 123 A"
    assert customer.vat_number == "NL860012345B01"
    assert customer.email == "j.devries@example.nl"


def test_a_customer_without_id_is_refused_with_the_field() -> None:
    data = {k: v for k, v in WOO_CUSTOMER.items() if k != "id"}
    with pytest.raises(PermanentError, match="id"):
        customer_normalizer("woocommerce")(data, vat_number_keys=[])
