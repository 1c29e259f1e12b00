"""One shared call budget per (Exact app, division), kept in Redis for every worker and machine.

Exact allows 60 calls per clock minute and 5,000 per day per division and app, and says how many
are left in ``X-RateLimit-Minutely-Remaining/Reset`` and ``X-RateLimit-Remaining/Reset`` (resets
in epoch milliseconds). Every call first takes one unit from the shared budget (a Lua script, so
the check and the decrement are one atomic step); every answer then corrects the budget from its
headers. A call the budget says would be refused is not sent: the job is re-queued for the reset
time instead. Calls that are not order posting may not use the last ``reserve`` units of either
budget, so a catalog sync can never starve orders.

Waits always come from Exact's reset values. Only a 429 without any reset header (Exact's own
behaviour in 2019, reference 2.1) falls back to the next minute.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from redis import Redis

from sidecar.exact.errors import RateLimited

PRIORITY_ORDERS = "orders"
PRIORITY_BACKGROUND = "background"
# Our clock and Exact's differ a little; a window is only taken as renewed this long after reset.
SKEW_MS = 300
# A call in flight longer than this has ended without an answer (the client's read timeout is
# shorter); it no longer counts against a newly learnt window.
FLIGHT_MS = 60_000

_ACQUIRE = """
local b = redis.call('HMGET', KEYS[1], 'm_rem', 'm_reset', 'm_limit', 'd_rem', 'd_reset', 'd_limit')
local now, rm, rd, skew = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local m_rem, m_reset, m_limit = tonumber(b[1]), tonumber(b[2]), tonumber(b[3])
local d_rem, d_reset, d_limit = tonumber(b[4]), tonumber(b[5]), tonumber(b[6])
-- calls sent before a reset and still unanswered may be counted in the new window by Exact
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[6]))
local flying = redis.call('ZCARD', KEYS[2])
if m_reset and now >= m_reset + skew then
  m_rem = m_limit and math.max(m_limit - flying, 0)
  redis.call('HSET', KEYS[1], 'm_gone', m_reset)
  m_reset = nil
  redis.call('HDEL', KEYS[1], 'm_reset', 'm_rem')
  if m_rem then redis.call('HSET', KEYS[1], 'm_rem', m_rem) end
end
if d_reset and now >= d_reset + skew then
  d_rem = d_limit and math.max(d_limit - flying, 0)
  redis.call('HSET', KEYS[1], 'd_gone', d_reset)
  d_reset = nil
  redis.call('HDEL', KEYS[1], 'd_reset', 'd_rem')
  if d_rem then redis.call('HSET', KEYS[1], 'd_rem', d_rem) end
end
if d_rem and d_rem - rd <= 0 then
  return {0, (d_reset or now + 60000) + skew - now, 'day'}
end
if m_rem and m_rem - rm <= 0 then
  return {0, (m_reset or now + 1000) + skew - now, 'minute'}
end
if m_rem then redis.call('HSET', KEYS[1], 'm_rem', m_rem - 1) end
if d_rem then redis.call('HSET', KEYS[1], 'd_rem', d_rem - 1) end
redis.call('PEXPIRE', KEYS[1], 172800000)
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('PEXPIRE', KEYS[2], 172800000)
return {1, 0, ''}
"""

# KEYS: the budget, the calls in flight (a sorted set: ticket -> time sent)
# ARGV: prefix ('m' or 'd'), remaining, reset, limit (empty strings when the header was absent),
# and the time before which a call in flight is taken as lost
_OBSERVE = """
local p = ARGV[1]
local rem, reset, limit = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if limit then redis.call('HSET', KEYS[1], p .. '_limit', limit) end
if not rem or not reset then return 0 end
local stored_rem = tonumber(redis.call('HGET', KEYS[1], p .. '_rem'))
local stored_reset = tonumber(redis.call('HGET', KEYS[1], p .. '_reset'))
if stored_reset and reset < stored_reset then return 0 end
-- an answer from a window we already rolled over locally (sent before the reset, read after it)
-- must not bring that window back: the next call would renew the budget a second time
local gone = tonumber(redis.call('HGET', KEYS[1], p .. '_gone'))
if not stored_reset and gone and reset <= gone then return 0 end
if (stored_reset and reset > stored_reset) or (not stored_reset and not stored_rem) then
  -- a window we had not counted in: the calls still in flight may land in it after this
  -- answer was counted, so they are taken from it now (each one that Exact counted in the
  -- old window instead leaves a unit of this one unused)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[5]))
  rem = math.max(rem - redis.call('ZCARD', KEYS[2]), 0)
  redis.call('HSET', KEYS[1], p .. '_rem', rem, p .. '_reset', reset)
  redis.call('PEXPIRE', KEYS[1], 172800000)
  return 1
end
-- same window, or a window we rolled over into locally: keep the lower count, because calls we
-- counted may still be in flight and not yet in Exact's figure
if stored_rem and stored_rem < rem then rem = stored_rem end
redis.call('HSET', KEYS[1], p .. '_rem', rem, p .. '_reset', reset)
redis.call('PEXPIRE', KEYS[1], 172800000)
return 1
"""


@dataclass(frozen=True)
class Reserve:
    minute: int = 10
    day: int = 500


class Budget:
    def __init__(self, redis: Redis, client_id: str, division: int, reserve: Reserve) -> None:
        self.redis = redis
        self.key = f"sidecar:exact:budget:{client_id}:{division}"
        self.flight = self.key + ":flight"
        self.division = division
        self.reserve = reserve
        self._acquire = redis.register_script(_ACQUIRE)
        self._observe = redis.register_script(_OBSERVE)

    # -- Exact's error block -----------------------------------------------------------------
    def pause(self, seconds: float) -> None:
        """No call to this division for ``seconds``: Exact has blocked the app (too many errors
        on one endpoint), and every call before the block lifts would only prolong it."""
        until = int((time.time() + seconds) * 1000)
        self.redis.set(self.key + ":paused", until, px=int(seconds * 1000))

    def paused_for(self) -> float:
        raw = self.redis.get(self.key + ":paused")
        return max(0.0, int(raw) / 1000 - time.time()) if raw else 0.0

    def acquire(self, priority: str = PRIORITY_ORDERS) -> str:
        """Take one call from the budget or raise RateLimited with the wait until the reset.

        Returns the call's ticket: pass it to ``observe`` with the answer (or to ``release`` when
        none came), so the budget knows which calls are still in flight."""
        paused = self.paused_for()
        if paused > 0:
            raise RateLimited(
                f"Exact Online has blocked this app in division {self.division} after too many "
                "errors; calls wait until the block lifts",
                seconds=paused,
            )
        background = priority != PRIORITY_ORDERS
        ticket = uuid.uuid4().hex
        allowed, wait_ms, which = self._acquire(
            keys=[self.key, self.flight],
            args=[
                int(time.time() * 1000),
                self.reserve.minute if background else 0,
                self.reserve.day if background else 0,
                SKEW_MS,
                ticket,
                FLIGHT_MS,
            ],
        )
        if not allowed:
            kind = which.decode() if isinstance(which, bytes) else which
            raise RateLimited(
                f"Exact Online {kind} budget for division {self.division} is spent"
                + (" (the rest is reserved for orders)" if background else ""),
                seconds=max(int(wait_ms), 0) / 1000,
            )
        return ticket

    def release(self, ticket: str | None) -> None:
        """The call of ``ticket`` ended without an answer (timeout, network error)."""
        if ticket:
            self.redis.zrem(self.flight, ticket)

    def observe(
        self, status: int, headers: Mapping[str, str], ticket: str | None = None
    ) -> float | None:
        """Correct the budget from an answer's headers; returns the wait after a 429."""
        self.release(ticket)
        lost = int(time.time() * 1000) - FLIGHT_MS
        minute = _header_triplet(headers, "X-RateLimit-Minutely-")
        day = _header_triplet(headers, "X-RateLimit-")
        if status == 429:
            now = int(time.time() * 1000)
            if minute[1] is None and day[1] is None:
                minute = (0, now + 60_000, minute[2])
            elif minute[1] is not None:
                minute = (0, minute[1], minute[2])
            else:
                day = (0, day[1], day[2])
        for prefix, (rem, reset, limit) in (("m", minute), ("d", day)):
            if rem is None and reset is None and limit is None:
                continue
            self._observe(
                keys=[self.key, self.flight],
                args=[prefix, _arg(rem), _arg(reset), _arg(limit), lost],
            )
        if status != 429:
            return None
        resets = [
            r
            for r in (minute[1] if minute[0] == 0 else None, day[1] if day[0] == 0 else None)
            if r is not None
        ]
        return max(0.0, (max(resets) + SKEW_MS) / 1000 - time.time()) if resets else 60.0

    def snapshot(self) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in self.redis.hgetall(self.key).items()}


def _number(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _header_triplet(headers: Mapping[str, str], prefix: str):  # noqa: ANN202
    return (
        _number(headers.get(prefix + "Remaining")),
        _number(headers.get(prefix + "Reset")),
        _number(headers.get(prefix + "Limit")),
    )


def _arg(value: int | None) -> str:
    return "" if value is None else str(value)
