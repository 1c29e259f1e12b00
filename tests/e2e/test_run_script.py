"""The README's run command: the real script brings up web, worker and scheduler on embedded
defaults; a shop made with `shop add` gets a signed event accepted and processed by the worker."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.servers import free_port
from tests.support.signing import SignedClient, event

ROOT = Path(__file__).parents[2]


@pytest.fixture
def service(tmp_path):  # noqa: ANN201
    port, redis_port = free_port(), free_port()
    env = {
        **os.environ,
        "SIDECAR_SKIP_SETUP": "1",
        "SIDECAR_HOME": str(tmp_path / "var"),
        "SIDECAR_PORT": str(port),
        "SIDECAR_REDIS_PORT": str(redis_port),
        "SIDECAR_WEB_WORKERS": "2",
        "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
    }
    env.pop("SIDECAR_REDIS_URL", None)
    env.pop("SIDECAR_DATABASE_URL", None)
    env.pop("SIDECAR_SECRET_KEY", None)
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "run.sh")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    banner = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner.append(line)
        if line.startswith("Stop with Ctrl-C"):
            break
    try:
        yield {
            "url": f"http://127.0.0.1:{port}",
            "env": {**env, "SIDECAR_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"},
            "banner": "".join(banner),
            "process": process,
            "home": tmp_path / "var",
        }
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_run_command_serves_and_processes_a_signed_event(service) -> None:
    assert "exact-sidecar is running" in service["banner"], service["banner"]
    assert service["url"] in service["banner"]
    assert requests.get(service["url"] + "/healthz", timeout=5).json()["status"] == "ok"
    assert (service["home"] / "secret_key").is_file()
    assert (service["home"] / "sidecar.db").is_file()

    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "sidecar.cli",
            "shop",
            "add",
            "--platform",
            "woocommerce",
            "--url",
            "https://winkel.example.nl",
            "--name",
            "Winkel",
            "--json",
        ],
        env=service["env"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert added.returncode == 0, added.stderr
    shop = json.loads(added.stdout)
    client = SignedClient(service["url"], shop["id"], shop["secret"])
    order = json.loads(
        (
            ROOT / "tests/data/fixtures/woocommerce" / "order-nl-two-rates-coupon-fee-refund.json"
        ).read_text()
    )
    response = client.post("/api/v1/events", event("run-1", str(order["id"]), data=order))
    assert response.status_code == 202, response.text

    deadline = time.monotonic() + 30
    messages: list[str] = []
    while time.monotonic() < deadline:
        messages = [i["message"] for i in client.get("/api/v1/shop/activity").json()["items"]]
        if messages:
            break
        time.sleep(0.3)
    assert messages and messages[0] == (
        f"Order {order['number']} is waiting: Exact Online is not connected yet."
    )

    os.killpg(service["process"].pid, signal.SIGTERM)
    service["process"].wait(20)
    with pytest.raises(requests.ConnectionError):
        requests.get(service["url"] + "/healthz", timeout=2)
