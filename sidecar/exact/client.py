"""The HTTP client for Exact Online's REST API, one per shop connection.

Every call: takes one unit from the division's shared budget (``ratelimit``), gets a valid
access token (``auth``), sends JSON with ``Accept: application/json`` and
``Prefer: return=representation``, corrects the budget from the answer's headers, counts the call
for ``/metrics`` and turns Exact's errors into the sidecar's retryable / permanent errors.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from sidecar import metrics
from sidecar.exact import auth, odata, regions
from sidecar.exact.connections import get_connection
from sidecar.exact.errors import (
    BLOCK_SECONDS,
    ExactPermanent,
    ExactRetryable,
    NotConnected,
    RateLimited,
    error_message,
    is_error_block,
    validation_text,
)
from sidecar.exact.ratelimit import PRIORITY_ORDERS, Budget, Reserve
from sidecar.runtime import Runtime

TIMEOUT = (5, 30)
MAX_PAGES = 10_000
_KEY_SUFFIX = re.compile(r"\(.*$")
_DIVISION_PATH = re.compile(r"^/api/v1/(?:beta/)?\d+/")

_sessions: dict[str, requests.Session] = {}
_sessions_lock = threading.Lock()


def _session(shop_id: str) -> requests.Session:
    with _sessions_lock:
        session = _sessions.get(shop_id)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {"Accept": "application/json", "Prefer": "return=representation"}
            )
            _sessions[shop_id] = session
        return session


def endpoint_name(url_or_path: str) -> str:
    """``crm/Accounts`` for any URL of that endpoint (division, key and query removed)."""
    path = urlsplit(url_or_path).path if "://" in url_or_path else url_or_path.split("?")[0]
    path = _DIVISION_PATH.sub("", path).removeprefix("/api/v1/")
    return _KEY_SUFFIX.sub("", path)


@dataclass(frozen=True)
class Target:
    division: int
    region: str
    base_url: str


class ExactClient:
    def __init__(self, rt: Runtime, shop_id: str, priority: str = PRIORITY_ORDERS) -> None:
        self.rt = rt
        self.shop_id = shop_id
        self.priority = priority
        self._target: Target | None = None
        self._budget: Budget | None = None

    # -- where calls go ------------------------------------------------------------------------
    @property
    def target(self) -> Target:
        if self._target is None:
            with self.rt.db.session() as session:
                conn = get_connection(session, self.shop_id)
                if conn is None or conn.division is None or conn.state == "disconnected":
                    raise NotConnected(self.shop_id)
                self._target = Target(
                    conn.division,
                    conn.region,
                    regions.base_url(conn.region, self.rt.config.exact_base_url),
                )
        return self._target

    @property
    def budget(self) -> Budget:
        if self._budget is None:
            cfg = self.rt.config
            self._budget = Budget(
                self.rt.redis,
                cfg.exact_client_id or "app",
                self.target.division,
                Reserve(cfg.exact_reserve_minute, cfg.exact_reserve_day),
            )
        return self._budget

    def url(self, endpoint: str) -> str:
        return f"{self.target.base_url}/api/v1/{self.target.division}/{endpoint.lstrip('/')}"

    def _end(self, ticket: str | None) -> None:
        """A counted call that got no answer is no longer in flight. An uncounted call (the
        sign-in's own ``current/Me``, made before a division is known) has no ticket and must
        not build a budget, which needs the division."""
        if ticket:
            self.budget.release(ticket)

    # -- the one place requests are sent -------------------------------------------------------
    def send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        counted: bool = True,
    ) -> Any:
        """One HTTP call; returns the decoded body (None for 204)."""
        name = endpoint_name(url)
        ticket = None
        try:
            if counted:
                ticket = self.budget.acquire(self.priority)
            token = auth.access_token(self.rt, self.shop_id)
        except BaseException as exc:
            # no token (to wait for, or to sign in again for): the call was never sent, so it
            # must not stay "in flight" and shrink the next window the budget learns
            self._end(ticket)
            if isinstance(exc, ExactRetryable):
                exc.not_sent = True  # nothing reached Exact: the outcome of a write is known
            raise
        try:
            response = _session(self.shop_id).request(
                method,
                url,
                params=params,
                json=json,
                timeout=(TIMEOUT[0], min(TIMEOUT[1], self.rt.config.exact_timeout_seconds)),
                headers={"Authorization": f"Bearer {token}"},
            )
        except requests.Timeout:
            self._end(ticket)
            metrics.count_exact_call(self.rt.redis, name, "timeout")
            raise ExactRetryable(f"Exact Online did not answer {method} {name} in time") from None
        except requests.RequestException as exc:
            self._end(ticket)
            metrics.count_exact_call(self.rt.redis, name, "network")
            raise ExactRetryable(f"Exact Online unreachable ({type(exc).__name__})") from None
        except BaseException:  # a worker stopped mid-call: its ticket ends here, not in 60 s
            self._end(ticket)
            raise
        metrics.count_exact_call(self.rt.redis, name, response.status_code)
        wait = (
            self.budget.observe(response.status_code, response.headers, ticket) if counted else None
        )
        return self._result(method, name, response, wait)

    def _result(
        self, method: str, name: str, response: requests.Response, wait: float | None
    ) -> Any:
        status = response.status_code
        if status == 204:
            return None
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= status < 300:
            if body is None:
                raise ExactRetryable(
                    f"Exact Online answered {method} {name} with no JSON", status=status
                )
            return body
        message = error_message(body, response.reason or f"HTTP {status}")
        if status in (403, 429) and is_error_block(message):
            self.budget.pause(BLOCK_SECONDS)
            blocked = RateLimited(
                f"Exact Online blocked {method} {name} for this app after too many errors "
                f"({status}: {message}); every call to the division waits until the block lifts",
                seconds=BLOCK_SECONDS,
            )
            blocked.not_sent = True  # Exact refused the call unread: nothing was created
            raise blocked
        if status == 429:
            raise ExactRetryable(
                f"Exact Online rate limit on {name}: {message}",
                seconds=wait if wait is not None else 60,
                counts=False,
                status=429,
            )
        if status == 401:
            raise ExactRetryable(
                f"Exact Online refused the access token: {message}", seconds=30, status=401
            )
        refused = validation_text(status, body)
        if refused is not None:
            raise ExactPermanent(status, refused.replace("\r\n", "; "), f"{method} {name}")
        if status == 408 or status >= 500:
            raise ExactRetryable(
                f"Exact Online {status} on {method} {name}: {message}", status=status
            )
        raise ExactPermanent(status, message, f"{method} {name}")

    # -- conveniences --------------------------------------------------------------------------
    def iterate(
        self,
        endpoint: str,
        select: str,
        filter: str | None = None,
        orderby: str | None = None,
        top: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every row, following ``__next`` page by page (sequentially, as Exact asks)."""
        params: dict[str, Any] | None = {"$select": select}
        if filter:
            params["$filter"] = filter
        if orderby:
            params["$orderby"] = orderby
        if top is not None:
            params["$top"] = top
        url: str | None = self.url(endpoint)
        for _ in range(MAX_PAGES):
            if url is None:
                return
            body = self.send("GET", url, params=params)
            data = body.get("d") if isinstance(body, dict) else None
            rows = data.get("results", []) if isinstance(data, dict) else (data or [])
            yield from rows
            url = odata.next_url(
                self.target.base_url, url, data.get("__next") if isinstance(data, dict) else None
            )
            params = None  # __next carries the query
        raise ExactRetryable(f"more than {MAX_PAGES} pages from {endpoint}")

    def iterate_sync(self, endpoint: str, select: str, since: int) -> Iterator[dict[str, Any]]:
        """Rows of a sync endpoint changed after row version ``since`` (1 for everything).

        Sync endpoints page by 1,000 and need ``$select``; ``Timestamp`` is a row version, not a
        time, compared as Int64. Callers keep the highest ``Timestamp`` they saw as the cursor."""
        fields = select if "Timestamp" in select.split(",") else f"Timestamp,{select}"
        yield from self.iterate(endpoint, fields, filter=f"Timestamp gt {odata.int64(since)}")

    def first(self, endpoint: str, select: str, filter: str) -> dict[str, Any] | None:
        body = self.send(
            "GET", self.url(endpoint), params={"$select": select, "$filter": filter, "$top": 1}
        )
        rows = body["d"]["results"] if isinstance(body["d"], dict) else body["d"]
        return rows[0] if rows else None

    def create(self, endpoint: str, record: dict[str, Any]) -> dict[str, Any]:
        return self.send("POST", self.url(endpoint), json=record)["d"]

    def update(self, endpoint: str, key: str, record: dict[str, Any]) -> None:
        self.send("PUT", self.url(f"{endpoint}({key})"), json=record)

    def delete(self, endpoint: str, key: str) -> None:
        self.send("DELETE", self.url(f"{endpoint}({key})"))

    def me(self) -> dict[str, Any]:
        """``current/Me``: not counted against the division budget and has no division."""
        url = f"{self.target_base()}/api/v1/current/Me"
        body = self.send(
            "GET", url, params={"$select": "CurrentDivision,FullName,Email,UserID"}, counted=False
        )
        return body["d"]["results"][0]

    def target_base(self) -> str:
        if self._target is not None:
            return self._target.base_url
        with self.rt.db.session() as session:
            conn = get_connection(session, self.shop_id)
            if conn is None:
                raise NotConnected(self.shop_id)
            return regions.base_url(conn.region, self.rt.config.exact_base_url)
