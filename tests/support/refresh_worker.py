"""Run by the refresh concurrency test in separate processes: wait for a common start instant,
ask for an access token, print what happened as one JSON line."""

from __future__ import annotations

import json
import sys
import time

from sidecar.errors import RetryableError
from sidecar.exact import auth
from sidecar.runtime import build_runtime


def main() -> None:
    shop_id, start_at = sys.argv[1], float(sys.argv[2])
    rt = build_runtime()
    rt.redis.ping()
    with rt.db.engine.connect():
        pass
    time.sleep(max(0.0, start_at - time.time()))
    try:
        token = auth.access_token(rt, shop_id)
        print(json.dumps({"token": token}))
    except RetryableError as exc:
        print(json.dumps({"retry": str(exc), "seconds": exc.seconds}))


if __name__ == "__main__":
    main()
