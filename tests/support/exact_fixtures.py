"""Fixtures for tests against the Exact emulator: its configuration, the strict emulator over real
HTTP, and the test runtime pointed at it with the live sidecar as its public URL.

Used by the Exact integration tests and the end-to-end tests alike, so they are registered once,
as a plugin, from ``tests/conftest.py``. A module that needs other emulator settings (limits,
windows) asks for them with ``pytestmark = pytest.mark.exact_emulator(minute_limit=...)``; the
marker's keyword arguments are ``EmulatorConfig`` fields. The emulator's own tests in
``tests/emulators/exact`` keep their module-scoped ``exact`` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import EmulatorHandle, running_emulator
from tests.support.exact import CLIENT_ID, CLIENT_SECRET, WEBHOOK_SECRET


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "exact_emulator(**settings): EmulatorConfig fields for the Exact emulator of these tests",
    )


@pytest.fixture
def emulator_config(request: pytest.FixtureRequest) -> EmulatorConfig:
    """The test OAuth app, plus what the closest ``exact_emulator`` marker sets."""
    marker = request.node.get_closest_marker("exact_emulator")
    return EmulatorConfig(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        webhook_secret=WEBHOOK_SECRET,
        **(marker.kwargs if marker else {}),
    )


@pytest.fixture
def exact(emulator_config: EmulatorConfig) -> Iterator[EmulatorHandle]:
    with running_emulator(emulator_config) as handle:
        yield handle


@pytest.fixture
def exact_runtime(runtime, exact: EmulatorHandle, live: str):  # noqa: ANN001, ANN201
    """The test runtime, configured for the emulator; the live sidecar is its public URL."""
    runtime.config = replace(
        runtime.config,
        exact_client_id=CLIENT_ID,
        exact_client_secret=CLIENT_SECRET,
        exact_webhook_secret=WEBHOOK_SECRET,
        exact_base_url=exact.base_url,
        public_url=live,
        exact_reserve_minute=5,
        exact_reserve_day=50,
    )
    return runtime
