"""Shops signed in by the same Exact user share one token chain.

Exact allows 200 token calls per user and day and rotates the refresh token on every call, and
whether a new sign-in by the same user ends the older chains is unconfirmed (an emulator option;
both values are tested). One chain per user means one refresh serves every shop of that user,
and a new sign-in never strands another shop. A spent day cap waits for 00:00 UTC instead of
asking anyone to sign in again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.db import utcnow
from sidecar.exact import auth
from sidecar.exact.connections import read_tokens
from sidecar.exact.errors import ExactRetryable, NeedsReauth
from sidecar.exact.models import Connection
from sidecar.shops.service import add_shop
from tests.support.exact import oauth_dance
from tests.support.signing import SignedClient


@pytest.fixture(params=[True, False], ids=["sign-in-ends-older", "older-survive"])
def two_shops(request, client, exact_runtime, exact, live, shop, monkeypatch):
    monkeypatch.setattr(exact.config, "new_sign_in_ends_older_chains", request.param)
    with exact_runtime.db.session() as session:
        other = add_shop(session, exact_runtime.box, "magento", "https://b.example.nl", "B")
    oauth_dance(client, live)
    signed = SignedClient(live, other.id, other.secret)
    oauth_dance(signed, live, return_url="https://b.example.nl/admin/exact")
    return shop.id, other.id


def _conns(runtime) -> dict[str, Connection]:
    with runtime.db.session() as session:
        rows = session.scalars(select(Connection)).all()
        for row in rows:
            session.expunge(row)
    return {row.shop_id: row for row in rows}


def _age(runtime, seconds: int) -> None:
    with runtime.db.session() as session:
        for conn in session.scalars(select(Connection)):
            conn.refreshed_at = utcnow() - timedelta(seconds=seconds)
            conn.access_expires_at = conn.refreshed_at + timedelta(seconds=600)


def _token_calls(exact) -> int:
    return sum(1 for e in exact.request_log() if e["path"] == "/api/oauth2/token")


def test_a_second_shop_of_the_same_user_joins_the_chain(two_shops, exact_runtime) -> None:
    a, b = _conns(exact_runtime).values()
    assert a.exact_user_id and a.exact_user_id == b.exact_user_id
    box = exact_runtime.box
    assert read_tokens(a, box).refresh_token == read_tokens(b, box).refresh_token
    assert a.state == b.state == "connected"


def test_one_refresh_serves_every_shop_of_the_user(two_shops, exact_runtime, exact) -> None:
    first, second = two_shops
    exact.advance_clock(601)
    _age(exact_runtime, 601)
    before = _token_calls(exact)
    token_a = auth.access_token(exact_runtime, first)
    token_b = auth.access_token(exact_runtime, second)
    assert token_a == token_b
    assert _token_calls(exact) - before == 1, "one token call for both shops"
    assert {c.state for c in _conns(exact_runtime).values()} == {"connected"}


def test_a_spent_day_cap_waits_for_midnight_and_needs_no_sign_in(
    two_shops, exact_runtime, exact, monkeypatch
) -> None:
    first, _ = two_shops
    monkeypatch.setattr(exact.config, "token_day_limit", _token_calls(exact))  # all spent
    exact.advance_clock(601)
    _age(exact_runtime, 601)
    for _ in range(2):
        with pytest.raises(ExactRetryable) as waiting:
            auth.access_token(exact_runtime, first)
        assert waiting.value.counts is False
        midnight = (utcnow() + timedelta(days=1)).replace(hour=0, minute=0, second=0)
        assert abs(waiting.value.seconds - ((midnight - utcnow()).total_seconds() + 60)) < 5
    assert {c.state for c in _conns(exact_runtime).values()} == {"connected"}
    with exact_runtime.db.session() as session:
        warnings = session.scalars(
            select(Activity).where(Activity.kind == "connection", Activity.level == "warning")
        ).all()
    assert len(warnings) == 1 and "00:00 UTC" in warnings[0].message, "said once a day"


def test_a_dead_chain_asks_every_shop_of_the_user_to_sign_in(
    two_shops, exact_runtime, exact
) -> None:
    first, second = two_shops
    exact.advance_clock(31 * 86400)  # the refresh token lived 30 days
    _age(exact_runtime, 601)
    with pytest.raises(NeedsReauth):
        auth.access_token(exact_runtime, first)
    assert {c.state for c in _conns(exact_runtime).values()} == {"needs_reauth"}
    with pytest.raises(NeedsReauth):
        auth.access_token(exact_runtime, second)
