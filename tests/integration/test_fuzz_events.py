"""Malformed bodies and headers thrown at /api/v1/events over real HTTP never produce a 5xx."""

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sidecar.security import sign

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
event_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(), st.integers(), st.none()),
        "type": st.sampled_from(["order.updated", "order.deleted", "customer.updated", "x"]),
        "occurred_at": st.one_of(st.text(), st.just("2026-11-21T12:00:00Z")),
        "entity_id": st.one_of(st.text(), st.integers(), st.none()),
        "data": json_values,
    },
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    event_like.map(lambda v: json.dumps(v).encode()),
    event_like.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")),
)
# requests refuses header values with surrounding white space, so the fuzz strips it.
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=80).map(
    str.strip
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=bodies,
    shop_header=st.one_of(st.none(), header_text),
    ts=st.one_of(st.none(), header_text),
    signature=st.one_of(st.none(), header_text),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/json; charset=utf-8", ""]
    ),
    sign_it=st.booleans(),
    path=st.sampled_from(["/api/v1/events", "/api/v1/events/batch"]),
)
def test_malformed_requests_never_yield_5xx(
    client, shop, body, shop_header, ts, signature, content_type, sign_it, path
) -> None:
    headers = {}
    if sign_it:
        now = int(time.time())
        headers = {
            "X-Sidecar-Shop": shop.id,
            "X-Sidecar-Timestamp": str(now),
            "X-Sidecar-Signature": sign(shop.secret, now, "POST", path, body),
        }
    else:
        for name, value in (
            ("X-Sidecar-Shop", shop_header),
            ("X-Sidecar-Timestamp", ts),
            ("X-Sidecar-Signature", signature),
        ):
            if value is not None:
                headers[name] = value
    if content_type:
        headers["Content-Type"] = content_type
    response = client.http.post(
        client.base_url + path,
        data=body,
        headers={k: v.encode("latin-1") for k, v in headers.items()},
    )
    assert response.status_code < 500, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    assert "error" in response.json() or response.status_code in (200, 202)


def test_awkward_but_valid_json_is_stored_faithfully(client, runtime) -> None:
    from sqlalchemy import select

    from sidecar.events.models import Event

    data = {"nul": "a\u0000b", "emoji": "🧾", "big": 10**30, "deep": [[[["x"]]]], "\u0000": 1}
    payload = {
        "id": "awkward",
        "type": "order.updated",
        "occurred_at": "2026-11-21T13:00:00+01:00",
        "entity_id": "9",
        "data": data,
    }
    response = client.post("/api/v1/events", payload)
    assert response.status_code == 202, response.text
    with runtime.db.session() as session:
        stored = session.scalar(select(Event))
    assert stored.payload == data
    assert stored.occurred_at.isoformat() == "2026-11-21T12:00:00+00:00"
