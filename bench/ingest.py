"""Benchmark: signed POST /api/v1/events at concurrency 32 against gunicorn with PostgreSQL.

Starts its own durable PostgreSQL (fsync on) and Redis, the web role under gunicorn, and drives it
with wrk replaying pre-signed requests (a real WooCommerce order as `data`, a distinct entity per
event). Prints events/s, latency percentiles, and then checks storage: every accepted event is a
row exactly once and every accepted entity has exactly one job in the orders queue.

    .venv/bin/python -m bench.ingest [--seconds 20] [--connections 32] [--workers 3 --threads 2]

Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests
from rq import Queue
from sqlalchemy import create_engine, func, select

from sidecar.config import Config
from sidecar.events.models import Event
from sidecar.migrate import upgrade
from sidecar.runtime import build_runtime
from sidecar.security import sign
from sidecar.shops.service import add_shop
from tests.support.servers import free_port, start_postgres, start_redis

ROOT = Path(__file__).parents[1]
FIXTURE = (
    ROOT / "tests/data/fixtures/woocommerce/order-01-nl-mixed-vat-flatrate-percent-coupon.json"
)


def cpu_by_process(pids: dict[str, set[int]] | None = None) -> dict[str, float]:
    """CPU seconds so far per program (gunicorn workers, postgres, redis-server, wrk), read from
    /proc, so the run can say where the machine's time went."""
    tick = os.sysconf("SC_CLK_TCK")
    totals: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if b"gunicorn" in cmdline:
            name = "gunicorn (web)"
        elif comm.startswith("postgres") or b"postgres:" in cmdline:
            name = "postgresql"
        elif comm.startswith("redis-server"):
            name = "redis"
        elif comm == "wrk":
            name = "wrk (load)"
        else:
            continue
        totals[name] = totals.get(name, 0.0) + seconds
    return totals


def write_requests(path: Path, shop_id: str, secret: str, count: int) -> None:
    order = json.loads(FIXTURE.read_text())
    now = int(time.time())
    with path.open("w") as out:
        for n in range(count):
            order["id"] = 100000 + n
            body = json.dumps(
                {
                    "id": f"bench-{n}",
                    "type": "order.updated",
                    "occurred_at": "2026-11-21T12:00:00Z",
                    "entity_id": str(100000 + n),
                    "data": order,
                },
                separators=(",", ":"),
            )
            signature = sign(secret, now, "POST", "/api/v1/events", body.encode())
            out.write(f"{now}\t{signature}\t{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--requests", type=int, default=60000)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench.ingest needs wrk: apt-get install wrk")

    pg, redis_server = start_postgres(durable=True), start_redis()
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-ingest-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    gunicorn = None
    try:
        url = pg.create_database("bench")
        upgrade(url)
        config = Config(
            home=workdir,
            database_url=url,
            redis_url=redis_server.url,
            secret_key="bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        )
        rt = build_runtime(config)
        with rt.db.session() as session:
            shop = add_shop(session, rt.box, "woocommerce", "https://bench.example", "Bench")

        port = free_port()
        env = {
            **os.environ,
            "SIDECAR_HOME": str(workdir),
            "SIDECAR_DATABASE_URL": url,
            "SIDECAR_REDIS_URL": redis_server.url,
            "SIDECAR_SECRET_KEY": config.secret_key,
            "SIDECAR_LOG_LEVEL": "WARNING",
            # one shop sends everything: measure intake, not the per-shop flood guard
            "SIDECAR_SHOP_RATE_PER_SECOND": "0",
        }
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                args.worker_class,
                "--threads",
                str(args.threads),
                "--log-level",
                "warning",
                "sidecar.app:wsgi()",
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if requests.get(base + "/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)

        data = workdir / "requests.tsv"
        write_requests(data, shop.id, shop.secret, args.requests)
        cpu_before = cpu_by_process()
        wrk = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--latency",
                "-s",
                str(ROOT / "bench/ingest.lua"),
                base,
                "--",
                str(data),
                "2",
                shop.id,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu_after = cpu_by_process()
        time.sleep(2)  # let requests still in flight when wrk stopped finish before counting
        out = wrk.stdout
        counts = dict(re.findall(r"(accepted|duplicate|other)=(\d+)", out))
        lat = dict(re.findall(r"LATENCY p([\d.]+)=([\d.]+)", out))
        total = re.search(r"TOTAL requests=(\d+) seconds=([\d.]+) errors=(\d+)", out)
        requests_done, seconds, errors = int(total[1]), float(total[2]), int(total[3])
        accepted = int(counts["accepted"])

        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.scalar(select(func.count()).select_from(Event))
            distinct = conn.scalar(select(func.count(func.distinct(Event.event_id))))
        engine.dispose()
        queued = Queue("orders", connection=rt.redis).count

        print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.platform()}")
        print(
            f"gunicorn: {args.workers} x {args.worker_class} ({args.threads} threads); "
            f"wrk 2 threads, {args.connections} connections, {args.seconds} s; "
            "PostgreSQL durable (fsync on)"
        )
        print(
            f"requests: {requests_done} in {seconds:.1f} s -> {requests_done / seconds:.0f}/s; "
            f"accepted {accepted}, duplicate {counts['duplicate']}, other {counts['other']}, "
            f"socket errors {errors}"
        )
        print(f"events/s (accepted): {accepted / seconds:.0f}")
        print("latency ms: " + ", ".join(f"p{k} {float(v):.1f}" for k, v in lat.items()))
        spent = {k: cpu_after.get(k, 0.0) - cpu_before.get(k, 0.0) for k in cpu_after}
        per_request = ", ".join(
            f"{name} {seconds / max(requests_done, 1) * 1000:.2f}"
            for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])
        )
        busy = sum(spent.values()) / seconds / (os.cpu_count() or 1) * 100
        print(f"CPU ms per request: {per_request} (machine {busy:.0f}% busy)")
        # wrk stops at its deadline with up to one request per connection in flight: those are
        # stored (the server finished them) but their answers were not counted.
        in_flight = rows - accepted
        ok = rows == distinct == queued and 0 <= in_flight <= args.connections
        print(
            f"storage check: rows {rows}, distinct ids {distinct}, accepted {accepted} "
            f"(+{in_flight} answered after wrk stopped), jobs queued {queued} -> "
            f"{'OK: each stored once, enqueued once' if ok else 'MISMATCH'}"
        )
        if not ok:
            sys.exit(1)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(10)
        redis_server.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
