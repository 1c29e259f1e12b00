"""Fixtures: one emulator per module (fast), reset before every test, plus an authorised client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import EmulatorHandle, running_emulator
from tests.support.exact_emulator import Api


@pytest.fixture(scope="module")
def emulator_module() -> Iterator[EmulatorHandle]:
    with running_emulator(EmulatorConfig()) as handle:
        yield handle


@pytest.fixture
def exact(emulator_module: EmulatorHandle) -> EmulatorHandle:
    emulator_module.reset()
    return emulator_module


@pytest.fixture
def api(exact: EmulatorHandle) -> Api:
    return Api(exact, exact.tokens().access_token)
