"""Connecting a shop to an Exact division, choosing the division, disconnecting, and the cached
reference lists the settings page shows.

The division is always stored explicitly: ``current/Me`` reports whatever administration the user
last opened in Exact's web interface, and posting to that would put orders in the wrong company
the day the accountant switches.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from sidecar.activity import log as activity
from sidecar.db import utcnow
from sidecar.exact import auth, editions
from sidecar.exact.client import ExactClient
from sidecar.exact.connections import (
    ensure_connection,
    forget_tokens,
    get_connection,
    read_tokens,
    siblings,
    store_chain,
    store_tokens,
)
from sidecar.exact.errors import NotConnected
from sidecar.exact.ratelimit import PRIORITY_BACKGROUND
from sidecar.exact.reference import trimmed
from sidecar.exact.resources import DIVISIONS, OPTIONS
from sidecar.runtime import Runtime

log = logging.getLogger(__name__)
OPTIONS_TTL_SECONDS = 600


@dataclass(frozen=True)
class Division:
    code: int
    name: str


@dataclass(frozen=True)
class Connected:
    shop_id: str
    user: str
    current: int
    divisions: list[Division]


def complete_authorization(rt: Runtime, shop_id: str, region: str, code: str) -> Connected:
    """Exchange the code, store the tokens, learn the user's divisions, pick the current one."""
    answer = auth.exchange_code(rt, region, code)
    with rt.db.session() as session:
        conn = ensure_connection(session, shop_id, region)
        conn.region = region
        store_tokens(conn, rt.box, answer.access_token, answer.refresh_token, answer.expires_in)
        conn.division = None
    client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
    me = client.me()
    current = int(me["CurrentDivision"])
    user = me.get("FullName") or me.get("Email") or "Exact user"
    with rt.db.session() as session:
        conn = get_connection(session, shop_id)
        conn.division = current
        share_chain(session, rt, conn, me.get("UserID"))
    divisions = [
        Division(int(row["Code"]), str(row.get("Description") or row["Code"]))
        for row in client.iterate(DIVISIONS.endpoint, DIVISIONS.select)
    ]
    if not any(d.code == current for d in divisions):
        divisions.insert(0, Division(current, f"Division {current}"))
    choose_division(rt, shop_id, current, divisions, user=user)
    return Connected(shop_id, user, current, divisions)


def share_chain(session, rt: Runtime, conn, user_id: str | None) -> None:  # noqa: ANN001
    """Record who signed in, and make this sign-in's token chain the one every connection of
    that Exact user uses: Exact counts token calls per user, and whether a new sign-in ends the
    user's older chains is unconfirmed, so the newest chain serves them all either way."""
    conn.exact_user_id = str(user_id) if user_id else None
    pair = read_tokens(conn, rt.box)
    if pair is None or conn.exact_user_id is None:
        return
    waiting = [o for o in siblings(session, conn) if o.state == "needs_reauth"]
    expires_in = max(int((pair.expires_at - utcnow()).total_seconds()), 0)
    store_chain(session, conn, rt.box, pair.access_token, pair.refresh_token, expires_in)
    for other in waiting:
        activity.record(
            session,
            other.shop_id,
            "connection",
            "Exact Online is signed in again: the same Exact user connected another shop, "
            "and this shop now uses that sign-in.",
            direction="out",
        )


def choose_division(
    rt: Runtime, shop_id: str, code: int, divisions: list[Division], user: str | None = None
) -> None:
    """Book the shop's orders in ``code`` from now on; jobs that waited for Exact run at once.
    What the flows start on a new connection (status webhooks) is the caller's to start
    (``sync.pushback.status_poll.on_connected``): ``exact/`` sits below the flows."""
    chosen = next((d for d in divisions if d.code == code), None)
    if chosen is None:
        raise ValueError(f"division {code} is not one the Exact user may use")
    with rt.db.session() as session:
        conn = get_connection(session, shop_id)
        if conn is None:
            raise NotConnected(shop_id)
        conn.division = chosen.code
        conn.division_name = chosen.name
        conn.state = "connected"
        who = f" as {user}" if user else ""
        activity.record(
            session,
            shop_id,
            "connection",
            f"Exact Online connected{who}: administration {chosen.code} ({chosen.name}).",
            direction="out",
        )
    rt.redis.delete(_options_key(shop_id))
    editions.forget(rt, chosen.code)  # a new sign-in may follow an upgraded edition
    resume_waiting(rt, shop_id)


def resume_waiting(rt: Runtime, shop_id: str) -> int:
    """Jobs that waited for a sign-in run now instead of at their next retry."""
    moved = 0
    for kind in ("order", "customer", "exact", "item"):
        moved += rt.queues.run_scheduled_now(f"{kind}:{shop_id}:")
    return moved


def disconnect(rt: Runtime, shop_id: str) -> bool:
    with rt.db.session() as session:
        conn = get_connection(session, shop_id)
        if conn is None or conn.state == "disconnected":
            return False
        forget_tokens(conn)
        activity.record(
            session,
            shop_id,
            "connection",
            "Exact Online disconnected; orders wait until it is connected again.",
            level="warning",
            direction="in",
        )
    rt.redis.delete(_options_key(shop_id))
    return True


def _options_key(shop_id: str) -> str:
    return f"sidecar:exact:options:{shop_id}"


def options(rt: Runtime, shop_id: str, refresh: bool = False) -> dict[str, Any]:
    """Reference lists for the settings page, cached for ten minutes per shop.

    Fetched with background priority, so filling a settings page never spends the calls
    reserved for posting orders."""
    if not refresh:
        cached = rt.redis.get(_options_key(shop_id))
        if cached:
            return json.loads(cached)
    client = ExactClient(rt, shop_id, priority=PRIORITY_BACKGROUND)
    result: dict[str, Any] = {"division": client.target.division}
    for name, resource in OPTIONS.items():
        result[name] = [trimmed(r) for r in client.iterate(resource.endpoint, resource.select)]
    rt.redis.set(_options_key(shop_id), json.dumps(result), ex=OPTIONS_TTL_SECONDS)
    return result
