"""End-to-end fixtures: the Exact emulator fixtures are shared with the integration tests."""

import pytest

from tests.integration.exact.conftest import (  # noqa: F401 - pytest fixtures
    emulator_config,
    exact,
    exact_runtime,
)


@pytest.fixture
def shop_ready(client, exact_runtime, exact, live):  # noqa: ANN001, ANN201, F811
    """A WooCommerce shop connected to Exact division 100001, with the items the WooCommerce
    fixtures sell."""
    from tests.e2e.test_orders_flow import DIVISION, ITEMS, _work
    from tests.integration.exact.conftest import oauth_dance

    oauth_dance(client, live, division=DIVISION)
    _work(exact_runtime)  # what connecting queues (Exact webhook subscriptions) is done first
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [
            {
                "Code": code,
                "Description": name,
                "SalesVatCode": "21",
                "IsSalesItem": True,
                "Unit": "pc",
            }
            for code, name in ITEMS
        ],
    )
    return client
