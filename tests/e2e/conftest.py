"""End-to-end fixtures: the Exact emulator fixtures are shared with the integration tests."""

from tests.integration.exact.conftest import (  # noqa: F401 - pytest fixtures
    emulator_config,
    exact,
    exact_runtime,
)
