"""OAuth 2.0 as Exact runs it: codes, 10-minute tokens, rotating refresh tokens, the 570 s rule.

Rules (reference §1 and §8):
- codes are single-use and live 180 s; a reused or stale code is 400 ``invalid_request``;
- ``expires_in`` is the string ``"600"``; access tokens expire 600 s after issue, used or not;
- every refresh rotates the refresh token; presenting an older one is 400 "Old refresh token
  used" and breaks the chain (the current refresh token dies too, the user must re-authorise);
- a refresh earlier than 570 s after the last issue is 401 "Access Token not expired" (body
  UNCONFIRMED; the refresh token stays valid, as nothing suggests otherwise);
- an unused refresh token dies after 30 days.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .clock import Clock
from .config import EmulatorConfig
from .errors import ExactError


def _oauth_error(status: int, error: str, description: str | None = None, **headers: str):
    body: dict[str, str] = {"error": error}
    if description:
        body["error_description"] = description
    return ExactError(status, description or error, body=body, headers=headers)


def _exact_time(moment: float) -> str:
    """Exact's wording: '10/11/2022 9:18:20 PM' (US style, no leading zeros)."""
    stamp = datetime.fromtimestamp(moment, tz=UTC)
    hour = stamp.hour % 12 or 12
    suffix = "AM" if stamp.hour < 12 else "PM"
    return (
        f"{stamp.month}/{stamp.day}/{stamp.year} {hour}:{stamp.minute:02d}:{stamp.second:02d} "
        f"{suffix}"
    )


@dataclass
class Chain:
    """One authorisation: the succession of refresh tokens that descends from one code."""

    chain_id: str
    client_id: str
    issued_at: float  # last time an access token was issued
    current_refresh: str
    refresh_issued_at: float
    used_refresh: set[str] = field(default_factory=set)
    broken: bool = False


@dataclass
class AccessToken:
    token: str
    client_id: str
    chain_id: str
    expires_at: float


class TokenService:
    def __init__(self, config: EmulatorConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.lock = threading.Lock()
        self.codes: dict[str, tuple[str, str, float]] = {}  # code -> client, redirect, expiry
        self.used_codes: set[str] = set()
        self.chains: dict[str, Chain] = {}
        self.refresh_index: dict[str, str] = {}  # refresh token -> chain id
        self.access: dict[str, AccessToken] = {}
        self.token_calls: dict[tuple[str, str], int] = {}  # (client, UTC day) -> count

    # -- authorize ------------------------------------------------------------------------------
    def issue_code(self, client_id: str, redirect_uri: str) -> str:
        # Exact's codes contain '!' and need URL-decoding by the client (reference §1.1).
        code = "XTzM!IAAAA" + secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = (
                client_id,
                redirect_uri,
                self.clock.now() + self.config.code_seconds,
            )
        return code

    # -- token endpoint ---------------------------------------------------------------------------
    def token(self, form: dict[str, str]) -> dict[str, str]:
        client_id = form.get("client_id", "")
        if (
            client_id != self.config.client_id
            or form.get("client_secret") != self.config.client_secret
        ):
            raise _oauth_error(400, "invalid_request")
        with self.lock:
            self._count_call(client_id)
            grant = form.get("grant_type")
            if grant == "authorization_code":
                return self._exchange_code(form)
            if grant == "refresh_token":
                return self._refresh(form.get("refresh_token", ""))
            raise _oauth_error(400, "unsupported_grant_type")

    def _count_call(self, client_id: str) -> None:
        limit = self.config.token_day_limit
        day = datetime.fromtimestamp(self.clock.now(), tz=UTC).strftime("%Y-%m-%d")
        count = self.token_calls.get((client_id, day), 0) + 1
        self.token_calls[(client_id, day)] = count
        if limit is not None and count > limit:
            # Exact caps token calls at 200 per app, user and day; the answer is UNCONFIRMED.
            raise _oauth_error(
                400, "invalid_request", "Maximum number of token requests per day reached."
            )

    def _exchange_code(self, form: dict[str, str]) -> dict[str, str]:
        code = form.get("code", "")
        entry = self.codes.get(code)
        if entry is None or code in self.used_codes:
            raise _oauth_error(400, "invalid_request")
        client_id, redirect_uri, expires = entry
        self.used_codes.add(code)
        del self.codes[code]
        if self.clock.now() > expires or form.get("redirect_uri") != redirect_uri:
            raise _oauth_error(400, "invalid_request")
        if self.config.new_sign_in_ends_older_chains:
            # One emulated user: every chain of the app is that user's, and ends here.
            for older in self.chains.values():
                if older.client_id == client_id:
                    older.broken = True
                    self.refresh_index.pop(older.current_refresh, None)
        chain = Chain(
            chain_id=secrets.token_hex(8),
            client_id=client_id,
            issued_at=0.0,
            current_refresh="",
            refresh_issued_at=0.0,
        )
        self.chains[chain.chain_id] = chain
        return self._issue(chain)

    def _refresh(self, refresh_token: str) -> dict[str, str]:
        chain_id = self.refresh_index.get(refresh_token)
        chain = self.chains.get(chain_id or "")
        if chain is None:
            raise _oauth_error(
                400, "invalid_grant", "Token is not allowed, because of invalid or empty chainId"
            )
        now = self.clock.now()
        if chain.broken or refresh_token != chain.current_refresh:
            chain.broken = True
            self.refresh_index.pop(chain.current_refresh, None)
            raise _oauth_error(400, "invalid_request", "Old refresh token used.")
        expires = chain.refresh_issued_at + self.config.refresh_token_days * 86400
        if now > expires:
            raise _oauth_error(
                400,
                "invalid_request",
                f"The refresh token expired at {_exact_time(expires)} and it is now "
                f"{_exact_time(now)}.",
            )
        if now - chain.issued_at < self.config.refresh_not_before_seconds:
            raise _oauth_error(
                401,
                "invalid_request",
                "Access Token not expired",
                Reason="Access Token not expired",
            )
        return self._issue(chain)

    def _issue(self, chain: Chain) -> dict[str, str]:
        now = self.clock.now()
        if chain.current_refresh:
            chain.used_refresh.add(chain.current_refresh)
        access = "AAEAA" + secrets.token_urlsafe(48)
        refresh = "Gcp7!IAAAAB" + secrets.token_urlsafe(48)
        chain.issued_at = now
        chain.current_refresh = refresh
        chain.refresh_issued_at = now
        self.refresh_index[refresh] = chain.chain_id
        self.access[access] = AccessToken(
            access, chain.client_id, chain.chain_id, now + self.config.access_token_seconds
        )
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": str(self.config.access_token_seconds),
            "refresh_token": refresh,
        }

    # -- API calls --------------------------------------------------------------------------------
    def authenticate(self, header: str | None) -> AccessToken | None:
        if not header or not header.lower().startswith("bearer "):
            return None
        token = header[7:].strip()
        with self.lock:
            found = self.access.get(token)
            if found is None or self.clock.now() >= found.expires_at:
                return None
            return found

    def reset(self) -> None:
        with self.lock:
            self.codes.clear()
            self.used_codes.clear()
            self.chains.clear()
            self.refresh_index.clear()
            self.access.clear()
            self.token_calls.clear()
