"""Fixtures: one Magento stand-in per module (fast), reset before every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from sidecar.emulators.magento.testing import MagentoHandle, running_magento


@pytest.fixture(scope="module")
def magento_server() -> Iterator[MagentoHandle]:
    with running_magento() as handle:
        yield handle


@pytest.fixture
def mage(magento_server: MagentoHandle) -> MagentoHandle:
    magento_server.reset()
    return magento_server


@pytest.fixture
def api(mage: MagentoHandle) -> requests.Session:
    return mage.client()
