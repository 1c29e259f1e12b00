"""Helpers, constants and fixture modules shared by the tests; test modules import from here and
never from one another.

pytest rewrites the asserts of test modules, conftest files and ``pytest_plugins`` modules only;
the helpers here assert too (``oauth_dance``, ``stage_order``, ...), so under pytest their modules
are registered for the same rewriting before any of them is imported. Outside pytest (the
benchmarks, the refresh worker subprocess) there is nothing to register, and pytest is not
imported."""

import pkgutil
import sys

if "pytest" in sys.modules:
    import pytest

    modules = [f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)]
    pytest.register_assert_rewrite(*modules)
