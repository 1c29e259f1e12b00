"""``python -m sidecar.demo.activity``: print the demo shop's activity log, newest last.

The activity log is what the plugin shows the shop owner; in the demo there is no WordPress, so
this reads the same signed ``GET /api/v1/shop/activity`` with the shop id and secret the demo
keeps in ``var/demo/demo.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sidecar.demo.signed import SignedApi

DEFAULT_STATE = Path("var/demo/demo.json")


def lines(api: SignedApi, limit: int) -> list[str]:
    answer = api.get(f"/api/v1/shop/activity?limit={limit}")
    answer.raise_for_status()
    result = []
    for item in reversed(answer.json()["items"]):
        text = f"{item['at']}  {item['level']:<7} {item['message']}"
        if item.get("resolution"):
            text += f"\n{'':28}-> {item['resolution']}"
        result.append(text)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sidecar.demo.activity", description=__doc__)
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)
    if not args.state.is_file():
        print(f"No demo shop yet ({args.state} is missing): start the demo with make demo.")
        return 1
    saved = json.loads(args.state.read_text(encoding="utf-8"))
    api = SignedApi(saved["sidecar_url"], saved["id"], saved["secret"])
    for line in lines(api, args.limit):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
