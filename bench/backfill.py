"""Benchmark: backfill of a WooCommerce history (5,000 orders by default) into Exact.

Runs the real thing: the WooCommerce and Exact stand-ins in this process, PostgreSQL and Redis
started here, ``exact-sidecar worker`` processes and the scheduler role as subprocesses, and a
backfill started as ``POST /api/v1/shop/backfill`` would start it. Prints:

1. Exact calls used (from the Exact emulator's request log), per order, and shop REST calls;
2. the wall time at Exact's real limits, computed from the call count: 60 calls a minute and
   5,000 a day per division, of which the backfill leaves SIDECAR_EXACT_RESERVE_MINUTE (10) and
   SIDECAR_EXACT_RESERVE_DAY (500) to live orders; plus the wall time measured here with the
   emulator's limits lifted (machine speed, not Exact's);
3. peak RSS of a worker process and of its work horse (RQ forks one per job), sampled from
   /proc every 50 ms (target: < 200 MB).

    .venv/bin/python -m bench.backfill [--orders 5000] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

from sidecar.config import Config
from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import running_emulator
from sidecar.emulators.woocommerce import WooConfig
from sidecar.emulators.woocommerce.generator import CATALOGUE, generate_orders
from sidecar.emulators.woocommerce.testing import running_woocommerce
from sidecar.exact.connect import complete_authorization
from sidecar.migrate import upgrade
from sidecar.runtime import build_runtime, set_runtime
from sidecar.shops import settings as shop_settings
from sidecar.shops.models import Shop
from sidecar.shops.service import add_shop, store_credentials
from sidecar.sync.history import backfill
from sidecar.sync.pushback import status_poll
from tests.support.backfill import EXTRA_VAT, WOO_SETTINGS
from tests.support.servers import start_postgres, start_redis

ROOT = Path(__file__).parents[1]
DIVISION = 100001
TRIGGER = ("processing", "completed")
PER_MINUTE, PER_DAY = 60, 5000


def history(count: int) -> list[dict]:
    """``count`` orders in a trigger status over the last 180 days (others left out)."""
    now = datetime.now(UTC)
    orders = generate_orders(
        int(count * 1.4) + 50, seed=21, start=now - timedelta(days=180), end=now - timedelta(days=1)
    )
    chosen = [o for o in orders if o["status"] in TRIGGER][:count]
    assert len(chosen) == count
    return chosen


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


class Sampler(threading.Thread):
    """Peak RSS of each worker process and of any work horse it forked."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.worker_kb = 0
        self.horse_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.pids:
                self.worker_kb = max(self.worker_kb, rss_kb(pid))
                for child in children(pid):
                    self.horse_kb = max(self.horse_kb, rss_kb(child))
            self.stop.wait(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    pg, redis_server = start_postgres(), start_redis()
    home = Path(f"/tmp/bench-backfill-{os.getpid()}")
    procs: list[subprocess.Popen] = []
    try:
        url = pg.create_database("bench")
        upgrade(url)
        exact_config = EmulatorConfig(
            client_id="bench",
            client_secret="bench-secret",
            minute_limit=10_000_000,
            day_limit=100_000_000,
        )
        with (
            running_emulator(exact_config) as exact,
            running_woocommerce(WooConfig(seed=())) as woo,
        ):
            woo.insert_orders(history(args.orders))
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
            with rt.db.session() as session:
                shop = add_shop(session, rt.box, "woocommerce", woo.base_url, "Bench")
                shop_settings.save_settings(session, shop.id, WOO_SETTINGS)
                store_credentials(
                    session.get(Shop, shop.id),
                    rt.box,
                    {
                        "consumer_key": woo.rw.consumer_key,
                        "consumer_secret": woo.rw.consumer_secret,
                    },
                )
            code = exact.authorize(redirect_uri="http://127.0.0.1:9/oauth/exact/callback")
            complete_authorization(rt, shop.id, "nl", code)
            status_poll.on_connected(rt, shop.id)
            exact.insert_records(
                DIVISION,
                "logistics/Items",
                [{"Code": c[1], "Description": c[0], "IsSalesItem": True} for c in CATALOGUE],
            )
            exact.insert_records(
                DIVISION,
                "vat/VATCodes",
                [
                    {
                        "Code": c,
                        "Description": c,
                        "Percentage": p,
                        "Type": "E",
                        "VATTransactionType": "S",
                    }
                    for c, p in EXTRA_VAT
                ],
            )
            env = {
                **os.environ,
                "SIDECAR_DATABASE_URL": url,
                "SIDECAR_REDIS_URL": redis_server.url,
                "SIDECAR_SECRET_KEY": config.secret_key,
                "SIDECAR_HOME": str(home),
                "SIDECAR_ENV_FILE": str(home / "none.env"),
                "SIDECAR_EXACT_CLIENT_ID": "bench",
                "SIDECAR_EXACT_CLIENT_SECRET": "bench-secret",
                "SIDECAR_EXACT_BASE_URL": exact.base_url,
                "SIDECAR_PUBLIC_URL": "http://127.0.0.1:9",
                "SIDECAR_LOG_LEVEL": "WARNING",
            }
            roles = [["worker"]] * args.workers + [["scheduler"]]
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "sidecar.cli", *role],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for role in roles
            ]
            sampler = Sampler([p.pid for p in procs[: args.workers]])
            sampler.start()
            mark = exact.request_log()[-1]["seq"]
            woo.clear_request_log()
            started = time.monotonic()
            run, _ = backfill.start(rt, shop.id, (datetime.now(UTC) - timedelta(days=200)).date())
            until = run.until.strftime("%Y-%m-%dT%H:%M:%S")
            state: dict = {}
            last = 0.0
            while True:
                time.sleep(2)
                state = backfill.progress(rt, shop.id) or {}
                if time.monotonic() - last > 60:
                    last = time.monotonic()
                    print(
                        f"  {time.monotonic() - started:5.0f} s: {state['done']} of "
                        f"{state['total']} done, {state['failed']} failed, eta {state['eta']} s",
                        flush=True,
                    )
                if state.get("state") != "running":
                    break
            elapsed = time.monotonic() - started
            sampler.stop.set()
            log = exact.request_log(mark)
            counted = [e for e in log if e.get("counted") and e["status"] != 429]
            posts = [
                e
                for e in log
                if e["method"] == "POST"
                and e["endpoint"] == "salesorder/SalesOrders"
                and e["status"] == 201
            ]
            lists = [
                e
                for e in woo.request_log()
                if e["method"] == "GET" and e["path"] == "/wp-json/wc/v3/orders"
            ]
            # The backfill's queries end at the run's start; the others are reconcile's runs.
            own = [e for e in lists if until in unquote(e["query"])]
            shop_calls = len(woo.request_log())
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)
        set_runtime(None)

    calls = len(counted)
    minute_room = PER_MINUTE - config.exact_reserve_minute
    day_room = PER_DAY - config.exact_reserve_day
    minutes = calls / minute_room
    full_days, rest = divmod(calls, day_room)
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.platform()}")
    print(
        f"backfill of {args.orders} WooCommerce orders (sales orders), {args.workers} worker "
        f"processes: state {state['state']}, done {state['done']}, failed {state['failed']}, "
        f"documents created {len(posts)}"
    )
    print(
        f"Exact calls used: {calls} ({calls / max(len(posts), 1):.3f} per order); shop REST "
        f"calls: {len(own)} order-list pages for the backfill, {len(lists) - len(own)} for "
        f"reconcile's runs meanwhile, {shop_calls} in all (pushback included)"
    )
    print(
        f"wall time at Exact's limits: {minutes:.0f} min of minute budget at {minute_room} calls "
        f"a minute; the day budget ({day_room} a day after the reserve) makes it "
        f"{full_days} full day(s) + {rest / minute_room:.0f} min"
    )
    print(f"wall time measured with the limits lifted: {elapsed:.0f} s")
    print(
        f"peak RSS: worker process {sampler.worker_kb / 1024:.0f} MB, "
        f"work horse {sampler.horse_kb / 1024:.0f} MB"
    )
    redis_server.stop()
    pg.stop()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
