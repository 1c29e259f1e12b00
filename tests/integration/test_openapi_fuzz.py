"""A schema-driven fuzz run of docs/openapi.yaml against the running app, over real HTTP.

Schemathesis generates requests from the document itself (every operation, its parameters and
bodies, valid and invalid) and each is signed as docs/contract.md says, so the fuzz reaches the
handlers instead of stopping at 401. The sidecar must never answer 5xx, and every answer must be
one the document lists, with the content type and body it describes. The OAuth pages are HTML
for a person's browser (a redirect, a form, a result page) and are left out by name; their
answers are tested in tests/e2e/test_oauth*.py.

``test_openapi.py`` checks the routes and a set of hand-written requests against the same
document; this file throws what a plugin author (or an attacker with a shop's secret) might send.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sidecar.security import sign

SPEC_PATH = Path(__file__).parents[2] / "docs" / "openapi.yaml"
HTML_PAGES = ("/oauth/exact/start", "/oauth/exact/callback", "/oauth/exact/division")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_path(SPEC_PATH)


class SigningSession(requests.Session):
    """Signs every request exactly as sent: the method, the path with its query, the body."""

    def __init__(self, shop_id: str, secret: str) -> None:
        super().__init__()
        self.shop_id, self.secret = shop_id, secret

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        now = int(time.time())
        request.headers["X-Sidecar-Shop"] = self.shop_id
        request.headers["X-Sidecar-Timestamp"] = str(now)
        request.headers["X-Sidecar-Signature"] = sign(
            self.secret, now, request.method or "GET", request.path_url, body
        )
        return super().send(request, **kwargs)


@pytest.fixture
def signing(shop) -> SigningSession:  # noqa: ANN001
    return SigningSession(shop.id, shop.secret)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@schema.exclude(path=list(HTML_PAGES)).parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_documented(case, live, signing) -> None:  # noqa: ANN001
    response = case.call(base_url=live, session=signing, timeout=30)
    case.validate_response(response, checks=CHECKS)
    if case.operation.path != "/hooks/exact":  # Exact signs those, with its webhook secret
        assert response.status_code != 401, f"the signature was refused: {response.text}"
