"""Benchmark: Exact token calls in one simulated day for busy shops signed in by one Exact user.

Exact allows 200 token-endpoint calls per app, user and day, and a new access token only 570 s
after the previous one (tokens live 600 s). Three shops of one agency, all connected by the same
Exact user, each call Exact every ``--every`` seconds for a whole day. The sidecar's clock (the
``utcnow`` its token code reads) and the emulator's clock move together in steps, so a day takes
seconds; every step makes one real API call per shop against the strict emulator, which counts
the token calls and refuses the 201st.

Two runs in one process, compared as a ratio:

- shared: the shops share the user's token chain (what the sidecar does);
- separate: each connection keeps its own chain (what it did before, and what a connection signed
  in before the user was recorded still does), the baseline.

    .venv/bin/python -m bench.token_calls [--shops 3] [--every 60] [--hours 24]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from sidecar.config import Config
from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import running_emulator
from sidecar.exact import auth, connect, connections
from sidecar.exact.client import ExactClient
from sidecar.exact.connect import complete_authorization
from sidecar.exact.errors import ExactRetryable
from sidecar.exact.models import Connection
from sidecar.migrate import upgrade
from sidecar.runtime import build_runtime, set_runtime
from sidecar.shops.service import add_shop
from tests.support.servers import start_postgres, start_redis

REDIRECT = "http://127.0.0.1:9/oauth/exact/callback"
TOKEN_PATH = "/api/oauth2/token"  # noqa: S105 - a URL path


class SimClock:
    """The sidecar's ``utcnow``, moved by the benchmark instead of by time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _patch_clock(clock: Callable[[], datetime]) -> None:
    for module in (auth, connections, connect):
        module.utcnow = clock  # type: ignore[attr-defined]


def run(args: argparse.Namespace, shared: bool, tag: str) -> dict[str, object]:
    pg, redis_server = start_postgres(), start_redis()
    home = Path(f"/tmp/bench-tokens-{os.getpid()}-{tag}")
    clock = SimClock()
    _patch_clock(clock)
    try:
        url = pg.create_database("bench")
        upgrade(url)
        emulator = EmulatorConfig(
            client_id="bench",
            client_secret="bench-secret",
            minute_limit=1_000_000,
            day_limit=10_000_000,
            new_sign_in_ends_older_chains=False,  # so the baseline's chains can coexist
        )
        with running_emulator(emulator) as exact:
            config = Config(
                home=home,
                database_url=url,
                redis_url=redis_server.url,
                secret_key="bench-secret-key-0123456789abcdefghijklmnop",
                exact_client_id="bench",
                exact_client_secret="bench-secret",
                exact_base_url=exact.base_url,
                public_url="http://127.0.0.1:9",
            )
            rt = build_runtime(config)
            set_runtime(rt)
            shops = []
            for i in range(args.shops):
                with rt.db.session() as session:
                    shop = add_shop(session, rt.box, "woocommerce", f"https://s{i}.example", "S")
                if not shared:  # the baseline: every connection refreshes its own chain
                    with rt.db.session() as session:
                        session.execute(update(Connection).values(exact_user_id=None))
                complete_authorization(rt, shop.id, "nl", exact.authorize(redirect_uri=REDIRECT))
                shops.append(shop.id)
            if not shared:
                with rt.db.session() as session:
                    session.execute(update(Connection).values(exact_user_id=None))
            # Start the day at the next 00:00 UTC on both clocks, so it is one Exact token day.
            now = exact.state.clock.now()
            midnight = (now // 86400 + 1) * 86400
            exact.advance_clock(midnight - now)
            clock.now = datetime.fromtimestamp(midnight, tz=UTC)
            before = sum(1 for e in exact.request_log() if e["path"] == TOKEN_PATH)
            waited = calls = 0
            resume = dict.fromkeys(shops, clock.now)  # a job that waits runs again only then
            steps = int(args.hours * 3600 / args.every)
            for _ in range(steps):
                clock.now += timedelta(seconds=args.every)
                exact.advance_clock(args.every)
                for shop_id in shops:
                    if clock.now < resume[shop_id]:
                        waited += 1
                        continue
                    try:
                        ExactClient(rt, shop_id).first("logistics/Items", "ID", "Code eq 'MUG'")
                        calls += 1
                    except ExactRetryable as exc:
                        waited += 1  # the day cap (or the 570 s rule): wait as a job would
                        resume[shop_id] = clock.now + timedelta(seconds=exc.seconds or 0)
            log = exact.request_log()
            token_calls = sum(1 for e in log if e["path"] == TOKEN_PATH) - before
            refused = sum(1 for e in log if e["path"] == TOKEN_PATH and e["status"] != 200)
            with rt.db.session() as session:
                states = sorted({c.state for c in session.query(Connection)})
        return {
            "mode": tag,
            "shops": args.shops,
            "api_calls": calls,
            "calls_waiting_for_the_day_cap": waited,
            "token_calls_in_the_day": token_calls,
            "token_calls_refused": refused,
            "connection_states": states,
        }
    finally:
        pg.stop()
        redis_server.stop()
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=3)
    parser.add_argument("--every", type=int, default=60, help="seconds between calls per shop")
    parser.add_argument("--hours", type=float, default=24)
    args = parser.parse_args()
    shared = run(args, shared=True, tag="shared")
    separate = run(args, shared=False, tag="separate")
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).strftime("%Y-%m-%d"),
                "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpu",
                "python": platform.python_version(),
                "every_seconds": args.every,
                "hours": args.hours,
                "shared": shared,
                "separate": separate,
                "ratio_separate_to_shared": round(
                    separate["token_calls_in_the_day"] / max(shared["token_calls_in_the_day"], 1),
                    2,
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
