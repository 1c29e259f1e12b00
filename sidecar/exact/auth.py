"""OAuth 2.0 with Exact Online: authorization, code exchange and the one-at-a-time refresh.

Exact rotates the refresh token on every token call and rejects the previous one for good, so two
processes refreshing at once break the chain and the shop owner must sign in again. The refresh
therefore runs under a Redis lock per connection, re-reads the stored tokens inside the lock (and
skips if another process already refreshed), and commits the new pair before anyone uses it.
Exact also refuses a new access token within 570 s of the previous one and caps token calls at
200 a day, so the refresh happens only when the access token has expired or has at most 30 s
left, never on a 401 alone.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import requests
from redis.exceptions import LockError

from sidecar.activity import log as activity
from sidecar.db import utcnow
from sidecar.exact import regions
from sidecar.exact.connections import (
    TokenPair,
    chain_key,
    get_connection,
    read_tokens,
    siblings,
    store_chain,
)
from sidecar.exact.errors import ExactPermanent, ExactRetryable, NeedsReauth, NotConnected
from sidecar.runtime import Runtime

TOKEN_PATH = "/api/oauth2/token"  # noqa: S105 - a URL path, not a secret
AUTH_PATH = "/api/oauth2/auth"
REFRESH_MARGIN_SECONDS = 30
MIN_REFRESH_INTERVAL_SECONDS = 570
STATE_TTL_SECONDS = 900
LOCK_TIMEOUT_SECONDS = 60
LOCK_WAIT_SECONDS = 30
HTTP_TIMEOUT = (5, 30)


class OAuthConfigError(Exception):
    """The Exact app is not configured; the message names the variable."""


@dataclass(frozen=True)
class App:
    client_id: str
    client_secret: str
    redirect_uri: str


def app_for(rt: Runtime) -> App:
    cfg = rt.config
    missing = [
        name
        for name, value in (
            ("SIDECAR_EXACT_CLIENT_ID", cfg.exact_client_id),
            ("SIDECAR_EXACT_CLIENT_SECRET", cfg.exact_client_secret),
            ("SIDECAR_PUBLIC_URL", cfg.public_url),
        )
        if not value
    ]
    if missing:
        raise OAuthConfigError(
            f"Connecting Exact Online needs {', '.join(missing)} set on the sidecar."
        )
    return App(
        cfg.exact_client_id,
        cfg.exact_client_secret,  # type: ignore[arg-type]
        f"{cfg.public_url}/oauth/exact/callback",
    )


# -- signed state -------------------------------------------------------------------------------


def _state_key(rt: Runtime) -> bytes:
    return hashlib.sha256(b"exact-sidecar oauth state\x00" + rt.config.secret_key.encode()).digest()


def sign_state(rt: Runtime, payload: dict[str, Any], ttl: int = STATE_TTL_SECONDS) -> str:
    body = dict(payload, n=secrets.token_urlsafe(12), e=int(time.time()) + ttl)
    raw = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode()).rstrip(b"=")
    mac = hmac.new(_state_key(rt), raw, hashlib.sha256).digest()[:18]
    return raw.decode() + "." + base64.urlsafe_b64encode(mac).decode()


def open_state(rt: Runtime, state: str, consume: bool = True) -> dict[str, Any] | None:
    """The payload of a valid, unexpired state, or None. ``consume`` makes it single-use."""
    raw, sep, mac = state.partition(".")
    if not sep or not state.isascii():  # a state we made is base64url; compare_digest needs ASCII
        return None
    expected = base64.urlsafe_b64encode(
        hmac.new(_state_key(rt), raw.encode(), hashlib.sha256).digest()[:18]
    ).decode()
    if not hmac.compare_digest(expected, mac):
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("e", 0) < time.time():
        return None
    if consume and not rt.redis.set(
        f"sidecar:oauth-state:{body['n']}", 1, nx=True, ex=STATE_TTL_SECONDS
    ):
        return None
    return body


def authorize_url(rt: Runtime, shop_id: str, region: str, return_url: str) -> str:
    """Where the plugin sends the admin's browser: the sidecar's own start page, which ties the
    sign-in to that browser (a cookie, ``browser_binding``) and forwards it to Exact. A state
    link that leaked (a shared screen, a log) is then useless in another browser: the callback
    refuses it, so nobody can connect a shop to their own Exact administration by luring the
    admin, or finish someone else's connect."""
    app_for(rt)  # fail now, with the missing setting named, rather than at Exact
    state = sign_state(rt, {"s": shop_id, "r": region, "u": return_url})
    return f"{rt.config.public_url}/oauth/exact/start?{urlencode({'state': state})}"


def browser_binding(rt: Runtime, state: dict[str, Any]) -> str:
    """The cookie value that proves a callback comes from the browser that started the sign-in."""
    mac = hmac.new(_state_key(rt), b"browser\x00" + str(state["n"]).encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def exact_authorize_url(rt: Runtime, state_text: str, region: str) -> str:
    """Exact's consent page for a state the start page accepted."""
    app = app_for(rt)
    query = urlencode(
        {
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "response_type": "code",
            "force_login": "0",
            "state": state_text,
        }
    )
    return f"{regions.base_url(region, rt.config.exact_base_url)}{AUTH_PATH}?{query}"


# -- token endpoint -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenAnswer:
    access_token: str
    refresh_token: str
    expires_in: int


def _token_call(rt: Runtime, region: str, form: dict[str, str]) -> TokenAnswer:
    app = app_for(rt)
    url = regions.base_url(region, rt.config.exact_base_url) + TOKEN_PATH
    body = dict(form, client_id=app.client_id, client_secret=app.client_secret)
    try:
        response = requests.post(
            url, data=body, headers={"Accept": "application/json"}, timeout=HTTP_TIMEOUT
        )
    except requests.RequestException as exc:
        raise ExactRetryable(
            f"Exact's token endpoint did not answer: {type(exc).__name__}"
        ) from None
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code == 200 and isinstance(data, dict) and data.get("access_token"):
        if str(data.get("token_type", "bearer")).lower() != "bearer":
            raise ExactRetryable(f"unexpected token type {data.get('token_type')!r}")
        return TokenAnswer(
            data["access_token"],
            data["refresh_token"],
            int(str(data.get("expires_in", "600")).strip()),
        )
    raise TokenRefused(response.status_code, data, response.headers.get("Reason"))


class TokenRefused(Exception):
    def __init__(self, status: int, body: Any, reason: str | None) -> None:
        description = ""
        if isinstance(body, dict):
            description = str(body.get("error_description") or body.get("error") or "")
        self.status = status
        self.description = description or reason or f"HTTP {status}"
        self.reason = reason
        super().__init__(f"token endpoint answered {status}: {self.description}")

    @property
    def not_expired(self) -> bool:
        return self.status == 401 and "not expired" in (self.description + (self.reason or ""))

    @property
    def day_cap(self) -> bool:
        """Exact's 200 token calls per user and day are spent (the answer is UNCONFIRMED; its
        words say it). The chain is fine: the next day's first call works."""
        text = (self.description + " " + (self.reason or "")).lower()
        return any(words in text for words in _DAY_CAP_TEXTS)


_DAY_CAP_TEXTS = ("per day", "per dag", "daily limit", "maximum number of token")


def _day_cap(rt: Runtime, conn, exc: TokenRefused) -> ExactRetryable:  # noqa: ANN001
    """Wait for 00:00 UTC, when Exact's token count starts again; say so once a day."""
    now = utcnow()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = (midnight - now).total_seconds() + 60
    if rt.redis.set(f"sidecar:exact:daycap:{chain_key(conn)}:{now:%Y%m%d}", 1, nx=True, ex=90000):
        with rt.db.session() as session:
            activity.record(
                session,
                conn.shop_id,
                "connection",
                f"Exact Online refused a new access token: {exc.description} Calls to Exact "
                "wait until 00:00 UTC, when the count starts again; nothing is lost and no "
                "sign-in is needed.",
                level="warning",
                direction="out",
                resolution="Nothing to do. If it happens often, connect fewer Exact users "
                "or check for another program using the same Exact user and app.",
            )
    return ExactRetryable(f"Exact Online: {exc.description}", seconds=seconds, counts=False)


def exchange_code(rt: Runtime, region: str, code: str) -> TokenAnswer:
    try:
        return _token_call(
            rt,
            region,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": app_for(rt).redirect_uri,
            },
        )
    except TokenRefused as exc:
        if exc.status >= 500:
            raise ExactRetryable(str(exc), status=exc.status) from None
        raise ExactPermanent(exc.status, exc.description, "oauth2/token") from None


# -- access tokens for API calls ----------------------------------------------------------------


def _needs_refresh(pair: TokenPair) -> bool:
    return pair.expires_at - utcnow() <= timedelta(seconds=REFRESH_MARGIN_SECONDS)


def access_token(rt: Runtime, shop_id: str) -> str:
    """A usable access token for the shop's connection, refreshing it if (and only if) due."""
    with rt.db.session() as session:
        conn = get_connection(session, shop_id)
        if conn is None or conn.state == "disconnected":
            raise NotConnected(shop_id)
        if conn.state == "needs_reauth":
            raise NeedsReauth(f"Exact Online asks shop {shop_id} to connect again.")
        pair = read_tokens(conn, rt.box)
        conn_id = conn.id
    if pair is None:
        raise NotConnected(shop_id)
    if not _needs_refresh(pair):
        return pair.access_token
    return refresh(rt, shop_id, conn_id)


def _chain_of(rt: Runtime, shop_id: str) -> str:
    with rt.db.session() as session:
        conn = get_connection(session, shop_id)
        if conn is None:
            raise NotConnected(shop_id)
        return chain_key(conn)


def refresh(rt: Runtime, shop_id: str, conn_id: int, force: bool = False) -> str:
    """A new access token for the connection's chain, under one lock per chain: shops signed in
    by the same Exact user refresh once for all of them."""
    lock = rt.redis.lock(
        f"sidecar:exact:refresh:{_chain_of(rt, shop_id)}",
        timeout=LOCK_TIMEOUT_SECONDS,
        blocking_timeout=LOCK_WAIT_SECONDS,
    )
    if not lock.acquire():
        raise ExactRetryable(
            "another process is refreshing the Exact token", seconds=5, counts=False
        )
    try:
        with rt.db.session() as session:
            conn = get_connection(session, shop_id, lock=True)
            if conn is None or conn.id != conn_id or conn.state == "disconnected":
                raise NotConnected(shop_id)
            if conn.state == "needs_reauth":
                raise NeedsReauth(f"Exact Online asks shop {shop_id} to connect again.")
            pair = read_tokens(conn, rt.box)
            if pair is None:
                raise NotConnected(shop_id)
            if not force and not _needs_refresh(pair):
                return pair.access_token  # another process refreshed while we waited
            too_early = pair.issued_at + timedelta(seconds=MIN_REFRESH_INTERVAL_SECONDS) - utcnow()
            if too_early.total_seconds() > 0:
                raise ExactRetryable(
                    "Exact allows a new token only 570 s after the last one",
                    seconds=too_early.total_seconds(),
                    counts=False,
                )
            try:
                answer = _token_call(
                    rt,
                    conn.region,
                    {"grant_type": "refresh_token", "refresh_token": pair.refresh_token},
                )
            except TokenRefused as exc:
                if exc.not_expired:
                    raise ExactRetryable(
                        f"Exact: {exc.description}", seconds=30, counts=False
                    ) from None
                if exc.status >= 500 or exc.status == 429:
                    raise ExactRetryable(str(exc), status=exc.status) from None
                if exc.day_cap:
                    raise _day_cap(rt, conn, exc) from None
                for each in [conn, *siblings(session, conn, lock=True)]:
                    _mark_needs_reauth(session, each, exc.description)
                session.commit()
                raise NeedsReauth(
                    f"Exact Online refused the refresh token: {exc.description}"
                ) from None
            stored = store_chain(
                session, conn, rt.box, answer.access_token, answer.refresh_token, answer.expires_in
            )
            # committed before the token is used: a crash now loses nothing
        return stored.access_token
    finally:
        with contextlib.suppress(LockError):
            lock.release()


def _mark_needs_reauth(session, conn, description: str) -> None:  # noqa: ANN001
    conn.state = "needs_reauth"
    conn.last_error = description
    activity.record(
        session,
        conn.shop_id,
        "connection",
        f"Exact Online no longer accepts this shop's sign-in ({description}). Orders wait "
        "until it is renewed; none are lost.",
        level="error",
        direction="out",
        resolution="Open the plugin's settings page and press Reconnect under Exact Online.",
    )


def keep_alive(rt: Runtime, idle_days: int = 7) -> int:
    """Refresh connections idle for ``idle_days`` so the 30-day refresh token never lapses."""
    from sqlalchemy import select

    from sidecar.exact.models import Connection

    cutoff = utcnow() - timedelta(days=idle_days)
    with rt.db.session() as session:
        idle = session.scalars(
            select(Connection).where(
                Connection.state == "connected", Connection.refreshed_at < cutoff
            )
        ).all()
        chains = {chain_key(conn): (conn.shop_id, conn.id) for conn in idle}  # one per chain
    refreshed = 0
    for shop_id, conn_id in chains.values():
        try:
            refresh(rt, shop_id, conn_id, force=True)
            refreshed += 1
        except (ExactRetryable, NotConnected):
            continue
    return refreshed
