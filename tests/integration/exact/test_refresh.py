"""Token refresh: exactly one at a time across processes, the 570 s rule, broken chains."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from rq import Queue
from sqlalchemy import select

from sidecar.activity.models import Activity
from sidecar.db import utcnow
from sidecar.errors import RetryableError
from sidecar.exact import auth
from sidecar.exact.client import ExactClient
from sidecar.exact.connections import read_tokens
from sidecar.exact.errors import ExactRetryable, NeedsReauth
from sidecar.exact.models import Connection
from tests.support.exact import oauth_dance

ROOT = Path(__file__).parents[3]


def _age_tokens(runtime, seconds: int) -> None:
    """Make our stored tokens look `seconds` old (the emulator's clock is moved to match)."""
    with runtime.db.session() as session:
        conn = session.scalar(select(Connection))
        conn.refreshed_at = utcnow() - timedelta(seconds=seconds)
        conn.access_expires_at = conn.refreshed_at + timedelta(seconds=600)


def _token_calls(exact) -> list[dict]:
    return [e for e in exact.request_log() if e["path"] == "/api/oauth2/token"]


def _conn(runtime) -> Connection:
    with runtime.db.session() as session:
        return session.scalar(select(Connection))


def test_three_processes_refresh_once_and_the_chain_stays_intact(
    client, exact_runtime, exact, live, shop, config
) -> None:
    oauth_dance(client, live)
    before = read_tokens(_conn(exact_runtime), exact_runtime.box)
    exact.advance_clock(601)
    _age_tokens(exact_runtime, 601)
    calls_before = len(_token_calls(exact))
    cfg = exact_runtime.config
    env = {
        **os.environ,
        "SIDECAR_DATABASE_URL": cfg.database_url,
        "SIDECAR_REDIS_URL": cfg.redis_url,
        "SIDECAR_SECRET_KEY": cfg.secret_key,
        "SIDECAR_HOME": str(cfg.home),
        "SIDECAR_EXACT_CLIENT_ID": cfg.exact_client_id,
        "SIDECAR_EXACT_CLIENT_SECRET": cfg.exact_client_secret,
        "SIDECAR_EXACT_BASE_URL": cfg.exact_base_url,
        "SIDECAR_PUBLIC_URL": cfg.public_url,
        "SIDECAR_ENV_FILE": str(cfg.home / "none.env"),
        "PYTHONPATH": str(ROOT),
    }
    start_at = time.time() + 3
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.refresh_worker", shop.id, str(start_at)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    tokens = {r.get("token") for r in results}
    assert len(tokens) == 1 and None not in tokens, results
    assert len(_token_calls(exact)) - calls_before == 1, "exactly one refresh at Exact"
    after = read_tokens(_conn(exact_runtime), exact_runtime.box)
    assert after.access_token == tokens.pop() != before.access_token
    assert after.refresh_token != before.refresh_token
    # the chain is intact: the stored refresh token still works after the next 570 s
    exact.advance_clock(601)
    _age_tokens(exact_runtime, 601)
    assert auth.access_token(exact_runtime, shop.id) != after.access_token
    assert _conn(exact_runtime).state == "connected"


def test_no_refresh_while_the_token_is_fresh(client, exact_runtime, exact, live, shop) -> None:
    oauth_dance(client, live)
    calls = len(_token_calls(exact))
    token = auth.access_token(exact_runtime, shop.id)
    assert auth.access_token(exact_runtime, shop.id) == token
    assert len(_token_calls(exact)) == calls


def test_early_refresh_is_never_sent(client, exact_runtime, exact, live, shop) -> None:
    """Our own record says the token is 100 s old but already expiring (a clock jump): the 570 s
    rule is enforced locally, without a call Exact would answer 401."""
    oauth_dance(client, live)
    with exact_runtime.db.session() as session:
        conn = session.scalar(select(Connection))
        conn.refreshed_at = utcnow() - timedelta(seconds=100)
        conn.access_expires_at = utcnow() + timedelta(seconds=5)
    calls = len(_token_calls(exact))
    with pytest.raises(ExactRetryable) as info:
        auth.access_token(exact_runtime, shop.id)
    assert 460 <= info.value.seconds <= 471 and info.value.counts is False
    assert len(_token_calls(exact)) == calls


def test_exact_saying_not_expired_is_a_wait_not_a_broken_chain(
    client, exact_runtime, exact, live, shop
) -> None:
    oauth_dance(client, live)
    _age_tokens(exact_runtime, 601)  # we think it is old; Exact's clock says it is not
    with pytest.raises(ExactRetryable) as info:
        auth.access_token(exact_runtime, shop.id)
    assert info.value.counts is False and "not expired" in str(info.value)
    assert _conn(exact_runtime).state == "connected"


def test_reused_refresh_token_marks_needs_reauth_and_reconnect_resumes(
    client, exact_runtime, exact, live, shop
) -> None:
    oauth_dance(client, live)
    stored = read_tokens(_conn(exact_runtime), exact_runtime.box)
    exact.advance_clock(601)
    _age_tokens(exact_runtime, 601)
    # Another party (a lost response, a second install) used our refresh token first.
    assert (
        exact.token_request(
            grant_type="refresh_token", refresh_token=stored.refresh_token
        ).status_code
        == 200
    )
    with pytest.raises(NeedsReauth):
        auth.access_token(exact_runtime, shop.id)
    assert _conn(exact_runtime).state == "needs_reauth"
    with exact_runtime.db.session() as session:
        line = session.scalar(
            select(Activity).where(Activity.kind == "connection", Activity.level == "error")
        )
    assert "Reconnect" in line.resolution
    assert client.get("/api/v1/shop").json()["exact"]["needs_reauth"] is True
    # a job for this shop waits (not fails) ...
    err = NeedsReauth("x")
    assert isinstance(err, RetryableError) and err.counts is False and err.seconds >= 60
    job_id = exact_runtime.queues.enqueue_entity(
        "orders", f"order:{shop.id}:15", shop.id, "order", "15", delay=err.seconds
    )
    orders = Queue("orders", connection=exact_runtime.redis)
    assert orders.count == 0
    # ... and connecting again puts it back in line at once
    exact.advance_clock(601)
    final = oauth_dance(client, live)
    assert final.status_code in (302, 303)
    assert _conn(exact_runtime).state == "connected"
    assert orders.job_ids == [job_id]


def test_keep_alive_refreshes_idle_connections(client, exact_runtime, exact, live, shop) -> None:
    oauth_dance(client, live)
    before = read_tokens(_conn(exact_runtime), exact_runtime.box)
    exact.advance_clock(8 * 86400)
    with exact_runtime.db.session() as session:
        conn = session.scalar(select(Connection))
        conn.refreshed_at = utcnow() - timedelta(days=8)
        conn.access_expires_at = conn.refreshed_at + timedelta(seconds=600)
    assert auth.keep_alive(exact_runtime) == 1
    assert read_tokens(_conn(exact_runtime), exact_runtime.box).refresh_token != (
        before.refresh_token
    )
    assert auth.keep_alive(exact_runtime) == 0, "a fresh connection is left alone"


def test_client_uses_the_refreshed_token(client, exact_runtime, exact, live, shop) -> None:
    oauth_dance(client, live)
    exact.advance_clock(601)
    _age_tokens(exact_runtime, 601)
    rows = list(ExactClient(exact_runtime, shop.id).iterate("vat/VATCodes", "Code,Percentage"))
    assert {r["Code"].strip() for r in rows} >= {"21", "9", "0"}
