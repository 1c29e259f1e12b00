"""Fixtures: one WooCommerce stand-in per module (fast), reset before every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from sidecar.emulators.woocommerce.testing import WooHandle, running_woocommerce


@pytest.fixture(scope="module")
def woo_server() -> Iterator[WooHandle]:
    with running_woocommerce() as handle:
        yield handle


@pytest.fixture
def woo(woo_server: WooHandle) -> WooHandle:
    woo_server.reset()
    return woo_server


@pytest.fixture
def api(woo: WooHandle) -> requests.Session:
    """A read/write client signing as the sidecar should."""
    return woo.client()
