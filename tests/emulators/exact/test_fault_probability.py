"""Probabilistic faults: a share of matching calls fails, up to ``count`` failures."""

import requests

from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import running_emulator


def test_a_tenth_of_calls_fail_and_the_budget_of_failures_holds() -> None:
    with running_emulator(EmulatorConfig(minute_limit=10_000, day_limit=100_000)) as exact:
        exact.inject_fault(
            "status", "/api/v1/*/vat/VATCodes", status=503, count=1000, probability=0.1
        )
        token = exact.tokens().access_token
        statuses = [
            requests.get(
                exact.api_url(100001, "vat/VATCodes"),
                timeout=10,
                params={"$select": "Code"},
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            ).status_code
            for _ in range(300)
        ]
        failed = statuses.count(503)
        assert 10 <= failed <= 60, failed
        assert set(statuses) <= {200, 503}
        exact.reset()
        exact.inject_fault("status", "/api/v1/*/vat/VATCodes", status=500, count=2, probability=0.5)
        token = exact.tokens().access_token
        codes = [
            requests.get(
                exact.api_url(100001, "vat/VATCodes"),
                timeout=10,
                params={"$select": "Code"},
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            ).status_code
            for _ in range(60)
        ]
        assert codes.count(500) == 2, "count bounds the failures handed out"
