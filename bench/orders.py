"""Benchmark: Exact calls per order, sustained orders per window, and event -> document latency.

Runs the real order flow against the strict Exact emulator (in this process) with PostgreSQL and
Redis started here:

1. calls per order over 1,000 orders from 200 customers and 300 SKUs, split into first orders of a
   new customer and warm orders (known customer and items), counted by the emulator's request
   log; baseline in the same run: the naive sequence hosted connectors describe (look the order
   up, look the customer up, create it if new, look each item up, post), executed for real;
2. sustained orders per window with the emulator enforcing 60 calls per (short) window, four
   worker processes and the scheduler role;
3. event accepted -> Exact document created, p50 and p95, from the same run.

    .venv/bin/python -m bench.orders [--orders 1000] [--window 15] [--windows 4]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from rq import SimpleWorker
from sqlalchemy import select

from bench import vat_arithmetic
from sidecar import metrics
from sidecar.config import Config
from sidecar.emulators.exact import EmulatorConfig
from sidecar.emulators.exact.testing import running_emulator
from sidecar.events import ingest
from sidecar.events.models import Event
from sidecar.events.schemas import EVENT_SCHEMA
from sidecar.exact import odata
from sidecar.exact.client import ExactClient
from sidecar.exact.connect import complete_authorization
from sidecar.migrate import upgrade
from sidecar.runtime import build_runtime, set_runtime
from sidecar.shops import settings as shop_settings
from sidecar.shops.service import add_shop
from sidecar.sync.links import Link
from sidecar.sync.pushback import status_poll
from tests.support.servers import start_postgres, start_redis

ROOT = Path(__file__).parents[1]
DIVISION = 100001
FIXTURE = (
    ROOT / "tests/data/fixtures/woocommerce/order-01-nl-mixed-vat-flatrate-percent-coupon.json"
)
SETTINGS = {
    "trigger_statuses": ["processing"],
    "document": {"type": "sales_order"},
    "vat": {
        "rates": [{"shop_rate": "1", "exact": "21"}, {"shop_rate": "2", "exact": "9"}],
        "untaxed": "0",
    },
    "revenue": {"domestic": "8000", "eu": "8030", "outside_eu": "8020"},
    "shipping": {"item": "SHIPPING"},
}


def make_orders(count: int, customers: int, skus: int, start: int, seed: int = 5) -> list[dict]:
    base = json.loads(FIXTURE.read_text())
    rng = random.Random(seed)
    orders = []
    for n in range(count):
        c = rng.randrange(customers)
        a, b = rng.sample(range(skus), 2)
        lines = [
            dict(base["line_items"][0], sku=f"SKU-{a:04d}"),
            dict(base["line_items"][1], sku=f"SKU-{b:04d}"),
        ]
        billing = dict(
            base["billing"], email=f"bench{c:04d}@example.nl", first_name=f"Klant{c:04d}"
        )
        orders.append(
            dict(base, id=start + n, number=str(start + n), billing=billing, line_items=lines)
        )
    return orders


def accept(rt, shop_id: str, orders: list[dict], prefix: str) -> None:  # noqa: ANN001
    events = [
        EVENT_SCHEMA.load(
            {
                "id": f"{prefix}{o['id']}",
                "type": "order.updated",
                "occurred_at": "2026-11-21T12:00:00Z",
                "entity_id": str(o["id"]),
                "data": o,
            }
        )
        for o in orders
    ]
    for i in range(0, len(events), 100):
        chunk = events[i : i + 100]
        ingest.dispatch(rt, shop_id, chunk, ingest.store_events(rt, shop_id, chunk))


def naive_calls(client: ExactClient, exact, order: dict, known: set[str]) -> int:  # noqa: ANN001
    """The sequence hosted connectors describe, executed for real: returns the calls it used."""
    before = len(exact.request_log())
    client.first(
        "salesorder/SalesOrders", "OrderID", f"YourRef eq {odata.string('x' + str(order['id']))}"
    )
    email = order["billing"]["email"]
    found = client.first("crm/Accounts", "ID", f"Email eq {odata.string(email)}")
    if found is None and email not in known:
        client.create("crm/Accounts", {"Name": "naive " + email, "Email": "naive-" + email})
        known.add(email)
    for line in order["line_items"]:
        client.first("logistics/Items", "ID", f"Code eq {odata.string(line['sku'])}")
    client.first("salesorder/SalesOrders", "OrderID", "OrderNumber eq 1")  # stands in for the POST
    return len(exact.request_log()) - before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--skus", type=int, default=300)
    parser.add_argument("--window", type=int, default=15)
    parser.add_argument("--windows", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--arithmetic-orders",
        type=int,
        default=300,
        help="generated orders per VAT arithmetic for the calls-per-mode phase (0: skip)",
    )
    parser.add_argument(
        "--only-arithmetic", action="store_true", help="stop after the calls-per-mode phase"
    )
    parser.add_argument(
        "--rates",
        default="2.5",
        help="orders per second of the latency phase, comma-separated (each rate in turn)",
    )
    parser.add_argument("--steady-orders", type=int, default=200, help="orders per rate")
    parser.add_argument("--only-latency", action="store_true", help="skip phases 1, 1b and 2")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    if args.only_latency:
        args.orders, args.arithmetic_orders = 0, 0

    pg, redis_server = start_postgres(), start_redis()
    home = Path(f"/tmp/bench-orders-{os.getpid()}")
    try:
        url = pg.create_database("bench")
        upgrade(url)
        with running_emulator(
            EmulatorConfig(
                client_id="bench",
                client_secret="bench-secret",
                minute_limit=1_000_000,
                day_limit=10_000_000,
                window_seconds=60,
            )
        ) as exact:
            config = Config(
                home=home,
                database_url=url,
                redis_url=redis_server.url,
                secret_key="bench-secret-key-0123456789abcdefghijklmnop",
                exact_client_id="bench",
                exact_client_secret="bench-secret",
                exact_base_url=exact.base_url,
                public_url="http://127.0.0.1:9",
                retry_base_seconds=1,
            )
            rt = build_runtime(config)
            set_runtime(rt)
            with rt.db.session() as session:
                shop = add_shop(session, rt.box, "woocommerce", "https://b.example", "Bench")
                shop_settings.save_settings(session, shop.id, SETTINGS)
            code = exact.authorize(redirect_uri="http://127.0.0.1:9/oauth/exact/callback")
            complete_authorization(rt, shop.id, "nl", code)
            status_poll.on_connected(rt, shop.id)
            exact.insert_records(
                DIVISION,
                "logistics/Items",
                [
                    {"Code": f"SKU-{i:04d}", "Description": f"Artikel {i}", "IsSalesItem": True}
                    for i in range(args.skus)
                ],
            )

            extra = vat_arithmetic.prepare(exact, DIVISION)  # for phase 1b

            # 1. calls per order, one order at a time so each order's calls are its own
            orders = make_orders(args.orders, args.customers, args.skus, start=100_000)
            seen: set[str] = set()
            new_calls, warm_calls = [], []
            worker = SimpleWorker(["orders"], connection=rt.redis)
            for order in orders:
                before = len(exact.request_log())
                accept(rt, shop.id, [order], "a")
                worker.work(burst=True)
                used = len(exact.request_log()) - before
                email = order["billing"]["email"]
                (warm_calls if email in seen else new_calls).append(used)
                seen.add(email)
            client = ExactClient(rt, shop.id)
            known: set[str] = set()
            naive = [naive_calls(client, exact, o, known) for o in orders[:200]]
            full: list[list[int]] = []
            too_many, posted, by_endpoint = 0, 0, Counter()

            # 1b. calls per warm order under each VAT arithmetic Exact may use
            per_mode: dict = {}
            if args.arithmetic_orders:
                with rt.db.session() as session:
                    shop_settings.save_settings(session, shop.id, {**SETTINGS, **extra})
                per_mode = vat_arithmetic.run(
                    rt,
                    exact,
                    shop.id,
                    args.arithmetic_orders,
                    accept,
                    "salesorder/SalesOrders",
                    DIVISION,
                )
                print(f"VAT arithmetic phase: {per_mode}", flush=True)
            if args.only_arithmetic:
                redis_server.stop()
                pg.stop()
                shutil.rmtree(home, ignore_errors=True)
                return

            # 2. sustained rate under the real limit, with worker processes
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
                "SIDECAR_PUBLIC_URL": "http://x:9",
                "SIDECAR_RETRY_BASE_SECONDS": "1",
                "SIDECAR_LOG_LEVEL": "WARNING",
            }
            roles = [["worker", "--queues", "orders"]] * args.workers + [["scheduler"]]
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "sidecar.cli", *r],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for r in roles
            ]
            try:
                exact.config.minute_limit, exact.config.window_seconds = 60, args.window
                rt.redis.delete(*rt.redis.keys("sidecar:exact:budget:*") or ["none"])
                time.sleep(3)  # workers up
                burst = (
                    []
                    if args.only_latency
                    else make_orders(args.windows * 60, args.customers, args.skus, 200_000, 9)
                )
                before = wait_posted(rt, 0, 0.1)  # phases 1 and 1b
                if burst:
                    mark = exact.request_log()[-1]["seq"]
                    accept(rt, shop.id, burst, "s")
                    posted = (
                        wait_posted(rt, before + len(burst), args.window * args.windows * 4 + 60)
                        - before
                    )
                    log = exact.request_log(mark)
                    posts = [
                        e["time"]
                        for e in log
                        if e["method"] == "POST"
                        and e["endpoint"] == "salesorder/SalesOrders"
                        and e["status"] == 201
                    ]
                    calls = [e["time"] for e in log if e.get("counted") and e["status"] != 429]
                    first = min(posts)
                    windows: dict[int, list[int]] = {}
                    for t in posts:
                        windows.setdefault(int(t // args.window), [0, 0])[0] += 1
                    for t in calls:
                        windows.setdefault(int(t // args.window), [0, 0])[1] += 1
                    full = [
                        v
                        for k, v in sorted(windows.items())
                        if first // args.window < k < max(posts) // args.window
                    ]
                    too_many = sum(1 for e in log if e["status"] == 429)
                    by_endpoint = Counter(
                        f"{e['method']} {e['endpoint']}"
                        for e in log
                        if e.get("counted") and e["status"] != 429
                    )

                # 3. latency at steady arrival rates, budget not the bottleneck
                exact.config.minute_limit = 1_000_000
                steady_results = []
                done = before + len(burst)
                for n, rate in enumerate(rates):
                    rt.redis.delete(*rt.redis.keys("sidecar:exact:budget:*") or ["none"])
                    rt.redis.delete(metrics.JOB_SECONDS_KEY, metrics.WAIT_SECONDS_KEY)
                    steady = make_orders(
                        args.steady_orders, args.customers, args.skus, 300_000 + n * 10_000, 11
                    )
                    load = os.getloadavg()[0]
                    started = time.monotonic()
                    for i, order in enumerate(steady):  # one at a time, on a fixed schedule
                        time.sleep(max(0.0, started + i / rate - time.monotonic()))
                        accept(rt, shop.id, [order], f"l{n}-")
                    sent = len(steady) / max(time.monotonic() - started, 1e-9)
                    done += len(steady)
                    wait_posted(rt, done, 120 + len(steady) / rate)
                    steady_results.append(
                        (
                            rate,
                            sent,
                            load,
                            latency(rt, {str(o["id"]) for o in steady}),
                            histogram(rt, metrics.WAIT_SECONDS_KEY),
                            histogram(rt, metrics.JOB_SECONDS_KEY),
                        )
                    )
            finally:
                for p in procs:
                    p.terminate()
                for p in procs:
                    p.wait(20)
    finally:
        set_runtime(None)
    print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.platform()}")
    print(
        f"orders: {args.orders} from {args.customers} customers and {args.skus} SKUs, "
        "2 products + shipping each, posted as sales orders"
    )
    if warm_calls:
        warm = statistics.mean(warm_calls)
        print(
            f"Exact calls per order: warm {warm:.3f} (n={len(warm_calls)}), first order of a new "
            f"customer {statistics.mean(new_calls):.2f} (n={len(new_calls)})"
        )
        print(
            f"naive baseline (order lookup, customer lookup/create, item lookups, post): "
            f"{statistics.mean(naive):.2f} per order -> ratio naive/ours "
            f"{statistics.mean(naive) / statistics.mean(new_calls + warm_calls):.1f}x"
        )
        for mode, found in per_mode.items():
            print(
                f"VAT arithmetic '{mode}': calls per warm order {found['warm']:.3f} "
                f"(n={found['n']}), first order of a customer {found['first']:.2f}; documents "
                f"off the shop's total: {found['off']}"
                + (f" ({found['why']})" if found["off"] else "")
            )
        print(
            f"sustained, {args.workers} worker processes, 60 calls per {args.window} s window: "
            f"orders per full window {[w[0] for w in full]}, calls used {[w[1] for w in full]}, "
            f"mean {statistics.mean(w[0] for w in full):.1f} orders per 60 calls; "
            f"429s: {too_many}; posted {posted}"
        )
        print(f"sustained phase, calls by endpoint: {dict(by_endpoint.most_common())}")
    for rate, sent, load, latencies, waits, runs in steady_results:
        print(
            f"event accepted -> document created ({args.workers} workers, {rate:g} orders/s "
            f"asked, {sent:.2f} sent, load average {load:.2f} before): p50 {latencies[0]:.2f} s, "
            f"p95 {latencies[1]:.2f} s"
        )
        print(
            "  where the seconds go (orders queue): waiting in the queue until a worker takes "
            f"the job mean {waits[0]:.3f} s (p95 <= {waits[1]} s); the job's own run mean "
            f"{runs[0]:.3f} s (p95 <= {runs[1]} s); the rest (intake, commit) mean "
            f"{max(latencies[2] - waits[0] - runs[0], 0):.3f} s; p95 / mean job run = "
            f"{latencies[1] / max(runs[0], 1e-9):.1f}x; offered load {rate * runs[0]:.2f} "
            f"job-seconds per second on {os.cpu_count()} cores"
        )
    redis_server.stop()
    pg.stop()
    shutil.rmtree(home, ignore_errors=True)


def wait_posted(rt, count: int, seconds: float) -> int:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    posted = 0
    while time.monotonic() < deadline:
        with rt.db.session() as session:
            posted = len(
                session.scalars(
                    select(Link.id).where(Link.kind == "order", Link.state == "posted")
                ).all()
            )
        if posted >= count:
            break
        time.sleep(0.5)
    return posted


def latency(rt, ids: set[str]) -> tuple[float, float, float]:  # noqa: ANN001
    with rt.db.session() as session:
        received = {
            e.entity_id: e.received_at
            for e in session.scalars(select(Event).where(Event.entity_id.in_(ids)))
        }
        done = {
            link.shop_key: link.updated_at
            for link in session.scalars(
                select(Link).where(
                    Link.kind == "order", Link.shop_key.in_(ids), Link.state == "posted"
                )
            )
        }
    values = sorted((done[k] - received[k]).total_seconds() for k in done if k in received)
    return (
        values[len(values) // 2],
        values[int(len(values) * 0.95) - 1],
        statistics.mean(values),
    )


def histogram(rt, key: str) -> tuple[float, str]:  # noqa: ANN001
    """Mean and the bucket bound holding the 95th percentile of a sidecar metric histogram
    (orders queue)."""
    raw = {k.decode(): float(v) for k, v in rt.redis.hgetall(key).items()}
    count = raw.get("orders|+Inf", 0.0)
    if not count:
        return 0.0, "n/a"
    mean = raw.get("orders|sum", 0.0) / count
    for bound in metrics.BUCKETS:
        if raw.get(f"orders|{bound}", 0.0) >= 0.95 * count:
            return mean, str(bound)
    return mean, "+Inf"


if __name__ == "__main__":
    main()
