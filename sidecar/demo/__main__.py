"""``python -m sidecar.demo``: set up the demo shop against a running sidecar and the two
stand-ins, then place orders until Ctrl-C (or ``--count``), printing each order and the activity
log lines the sidecar writes about it. ``scripts/demo.sh`` starts everything and runs this.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

import requests

from sidecar.demo.onboarding import DemoError, Onboarding, demo_state_path
from sidecar.demo.shopfloor import ShopFloor

MAX_FAILURES = 5
SETTLE_SECONDS = 60


def say(text: str) -> None:
    print(text, flush=True)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sidecar.demo", description=__doc__)
    parser.add_argument("--sidecar", required=True, help="the sidecar's URL")
    parser.add_argument("--exact", required=True, help="the Exact emulator's URL")
    parser.add_argument("--woo", required=True, help="the WooCommerce stand-in's URL")
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between orders")
    parser.add_argument("--count", type=int, default=0, help="orders to place (0: until Ctrl-C)")
    parser.add_argument("--refund-every", type=int, default=6, help="a refund every N orders")
    parser.add_argument("--pay-every", type=int, default=3, help="a bank transfer every N orders")
    parser.add_argument("--state", type=Path, default=None, help="where the shop id is kept")
    return parser.parse_args(argv)


def where_to_look(args: argparse.Namespace, shop_id: str) -> str:
    return (
        "Where to look:\n"
        f"  Exact (emulator):  {args.exact}/_emulator/documents   (JSON: ?format=json)\n"
        "  Activity log:      the lines below, or .venv/bin/python -m sidecar.demo.activity\n"
        f"  One order:         GET {args.sidecar}/api/v1/shop/orders/<id> (signed, shop {shop_id})"
    )


def _watch(floor: ShopFloor, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        floor.show_activity()
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(1.0, left))


def _settle(floor: ShopFloor, seconds: float) -> None:
    """After the last order: show the log until Exact has every order (or ``seconds`` pass)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        floor.show_activity()
        if floor.settled():
            break
        time.sleep(0.5)
    floor.show_activity()


def _summary(floor: ShopFloor) -> None:
    try:
        states = floor.states()
    except requests.RequestException:
        return
    listed = ", ".join(f"{n} {state}" for state, n in sorted(states.items())) or "none"
    say(f"Orders placed: {len(floor.placed)} ({listed}); refunds: {len(floor.refunded)}.")


def _stop(*_: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    # Ctrl-C and a TERM both end with the summary, also when started from a shell that runs it
    # with SIGINT ignored (a background job); demo.sh stops the services after it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop)
    onboarding = Onboarding(
        args.sidecar, args.exact, args.woo, state_path=args.state or demo_state_path()
    )
    try:
        shop, api = onboarding.run(say)
    except (DemoError, requests.RequestException) as exc:
        say(f"demo: the set-up failed: {exc}")
        return 1
    floor = ShopFloor(api, args.woo, say)
    say(where_to_look(args, shop.id))
    say(f"Placing an order every {args.interval:g} s. Stop with Ctrl-C.\n")
    failures = 0
    try:
        while args.count == 0 or len(floor.placed) < args.count:
            try:
                floor.place_order()
                placed = len(floor.placed)
                if args.pay_every and placed % args.pay_every == 0:
                    floor.pay_one()
                if args.refund_every and placed % args.refund_every == 0:
                    floor.refund_one()
                _watch(floor, args.interval)
                failures = 0
            except requests.RequestException as exc:
                failures += 1
                say(f"demo: a call failed ({exc}); trying again")
                if failures >= MAX_FAILURES:
                    say("demo: giving up after repeated failures; see the logs.")
                    return 1
                time.sleep(args.interval)
        _settle(floor, SETTLE_SECONDS)
    except KeyboardInterrupt:
        say("")
    _summary(floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
