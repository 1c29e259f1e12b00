"""End-to-end fixtures: a WooCommerce shop connected to Exact with the items its fixtures sell.
The Exact emulator fixtures come from ``tests.support.exact_fixtures``, registered in
tests/conftest.py."""

import pytest

from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import ITEMS, run_jobs


def _connect(client, exact_runtime, exact, live: str, *, run_queued: bool):  # noqa: ANN001, ANN202
    oauth_dance(client, live, division=DIVISION)
    if run_queued:
        run_jobs(exact_runtime)  # what connecting queued (Exact webhook subscriptions) first
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


@pytest.fixture
def shop_ready(client, exact_runtime, exact, live):  # noqa: ANN001, ANN201
    """A WooCommerce shop connected to Exact division 100001, with the items the WooCommerce
    fixtures sell. What connecting queued (the Exact webhook subscriptions) is still queued: the
    test's first ``run_jobs`` runs it along with the test's own jobs."""
    return _connect(client, exact_runtime, exact, live, run_queued=False)


@pytest.fixture
def shop_ready_drained(client, exact_runtime, exact, live):  # noqa: ANN001, ANN201
    """``shop_ready`` with what connecting queued (the Exact webhook subscriptions) already run,
    for tests that mark the Exact request log before their first ``run_jobs``."""
    return _connect(client, exact_runtime, exact, live, run_queued=True)
