"""Benchmark: 8 worker processes sharing one division's Exact budget.

The strict emulator enforces 60 calls per window (a short window so the run takes seconds, not
minutes). Each worker process loops over real client calls; when the shared Redis budget says a
call would be refused, the worker waits the time the budget names (where a job would be re-queued)
instead of sending it. Prints calls used per full window and the number of 429s.

    .venv/bin/python -m bench.ratelimit [--workers 8] [--window 5] [--windows 6]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import time
from pathlib import Path

from sidecar.config import Config
from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import running_emulator
from sidecar.exact.client import ExactClient
from sidecar.exact.connect import complete_authorization
from sidecar.exact.errors import RateLimited
from sidecar.migrate import upgrade
from sidecar.runtime import build_runtime
from sidecar.shops.service import add_shop
from sidecar.sync.pushback import status_poll
from tests.support.servers import start_redis

CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-secret"


def worker(config: Config, shop_id: str, start: float, until: float, counts) -> None:  # noqa: ANN001
    rt = build_runtime(config)
    client = ExactClient(rt, shop_id)
    rt.redis.ping()
    time.sleep(max(0.0, start - time.time()))
    ok = waits = 0
    while time.time() < until:
        try:
            client.first("vat/VATCodes", "Code", "Code eq '21'")
            ok += 1
        except RateLimited as exc:
            waits += 1
            time.sleep(min(exc.seconds, max(0.0, until - time.time())))
    counts.put((ok, waits))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--window", type=int, default=5, help="window length in seconds")
    parser.add_argument("--windows", type=int, default=6)
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()

    redis_server = start_redis()
    home = Path(f"/tmp/bench-ratelimit-{os.getpid()}")
    emulator = EmulatorConfig(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        minute_limit=args.limit,
        window_seconds=args.window,
        day_limit=1_000_000,
    )
    try:
        with running_emulator(emulator) as exact:
            db = f"sqlite:///{home}/bench.db"
            upgrade(db)
            config = Config(
                home=home,
                database_url=db,
                redis_url=redis_server.url,
                secret_key="bench-secret-key-0123456789abcdefghijklmnop",
                exact_client_id=CLIENT_ID,
                exact_client_secret=CLIENT_SECRET,
                exact_base_url=exact.base_url,
                public_url="http://127.0.0.1:9",
            )
            rt = build_runtime(config)
            with rt.db.session() as session:
                shop = add_shop(session, rt.box, "woocommerce", "https://b.example", "Bench")
            code = exact.authorize(redirect_uri="http://127.0.0.1:9/oauth/exact/callback")
            complete_authorization(rt, shop.id, "nl", code)
            status_poll.on_connected(rt, shop.id)

            # start at a window boundary once every process is up (spawning takes seconds), so
            # every measured window is a full one
            since = exact.request_log()[-1]["seq"] if exact.request_log() else 0
            start = ((time.time() + 10) // args.window + 1) * args.window
            until = start + args.window * args.windows
            queue = multiprocessing.get_context("spawn").Queue()
            procs = [
                multiprocessing.get_context("spawn").Process(
                    target=worker, args=(config, shop.id, start, until, queue)
                )
                for _ in range(args.workers)
            ]
            for p in procs:
                p.start()
            results = [queue.get(timeout=args.window * args.windows + 60) for _ in procs]
            for p in procs:
                p.join(30)

            log = [e for e in exact.request_log(since) if e["endpoint"] == "vat/VATCodes"]
            per_window: dict[int, int] = {}
            too_many = 0
            for entry in log:
                if entry["status"] == 429:
                    too_many += 1
                elif entry["status"] == 200:
                    index = int((entry["time"] - start) // args.window)
                    per_window[index] = per_window.get(index, 0) + 1
            full = [per_window.get(i, 0) for i in range(args.windows)]
            print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.platform()}")
            print(
                f"{args.workers} worker processes, limit {args.limit} calls per "
                f"{args.window} s window, {args.windows} windows"
            )
            print(
                f"calls used per window: {full} -> min {min(full)}, "
                f"mean {sum(full) / len(full):.1f}"
            )
            print(
                f"429 answers: {too_many}; budget waits taken by workers: "
                f"{sum(w for _, w in results)}; calls made: {sum(o for o, _ in results)}"
            )
    finally:
        redis_server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
