"""The README's run command: the real script brings up web, worker and scheduler on embedded
defaults; a shop made with `shop add` gets a signed event accepted and processed by the worker."""

import json
import os
import signal
import socket
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

    # The OAuth callback's code and state never reach the access log (gunicorn logs the path).
    requests.get(service["url"] + "/oauth/exact/callback?code=C0DE-S3CRET&state=ST4TE", timeout=10)
    web_log = service["home"] / "log" / "web.log"
    deadline = time.monotonic() + 10
    while "/oauth/exact/callback" not in web_log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "/oauth/exact/callback" in web_log.read_text()
    assert "C0DE-S3CRET" not in web_log.read_text() and "ST4TE" not in web_log.read_text()

    os.killpg(service["process"].pid, signal.SIGTERM)
    service["process"].wait(20)
    with pytest.raises(requests.ConnectionError):
        requests.get(service["url"] + "/healthz", timeout=2)


# -- the script is a supervisor, not a trap ----------------------------------------------------
def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "SIDECAR_SKIP_SETUP": "1",
        "SIDECAR_HOME": str(tmp_path / "var"),
        "SIDECAR_WEB_WORKERS": "1",
        "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
        **extra,
    }
    for name in ("SIDECAR_REDIS_URL", "SIDECAR_DATABASE_URL", "SIDECAR_SECRET_KEY"):
        env.pop(name, None)
    return env


def _run_to_end(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "run.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
    )


def test_a_bad_setting_stops_the_start_at_once(tmp_path) -> None:
    env = _env(
        tmp_path,
        SIDECAR_PORT=str(free_port()),
        SIDECAR_REDIS_PORT=str(free_port()),
        SIDECAR_RETRY_BASE_SECONDS="abc",
    )
    done = _run_to_end(env)
    assert done.returncode == 2
    assert "SIDECAR_RETRY_BASE_SECONDS must be a whole number" in done.stderr
    assert not (tmp_path / "var" / "redis" / "appendonlydir").exists(), "nothing was started"


@pytest.mark.parametrize("which", ["web", "redis"])
def test_a_port_in_use_is_refused_not_joined(tmp_path, which) -> None:
    """A busy web port, or a Redis port where something else listens (another run.sh, or a
    foreign Redis), stops the start with the reason: the script never joins what it did not
    start."""
    port, redis_port = free_port(), free_port()
    with socket.socket() as other:
        other.bind(("127.0.0.1", port if which == "web" else redis_port))
        other.listen()
        env = _env(tmp_path, SIDECAR_PORT=str(port), SIDECAR_REDIS_PORT=str(redis_port))
        done = _run_to_end(env)
    assert done.returncode == 1, done.stderr
    if which == "web":
        assert f"127.0.0.1:{port} is in use already" in done.stderr
    else:
        assert f"port {redis_port} (the embedded Redis) is in use already" in done.stderr
        assert "SIDECAR_REDIS_URL" in done.stderr
    assert "exact-sidecar is running" not in done.stdout


def test_dotenv_is_honoured_and_a_dead_role_is_started_again(tmp_path) -> None:
    port, redis_port = free_port(), free_port()
    dotenv = tmp_path / "sidecar.env"
    dotenv.write_text(f"SIDECAR_PORT={port}\nSIDECAR_REDIS_PORT='{redis_port}'\n")
    env = _env(tmp_path, SIDECAR_ENV_FILE=str(dotenv))
    env.pop("SIDECAR_PORT", None)
    env.pop("SIDECAR_REDIS_PORT", None)
    log = tmp_path / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run.sh")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while "Stop with Ctrl-C" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
        assert f"http://127.0.0.1:{port}" in log.read_text(), "the port .env names"
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200

        def workers() -> list[int]:
            found = subprocess.run(
                ["pgrep", "-P", str(process.pid), "-f", "exact-sidecar worker"],
                capture_output=True,
                text=True,
            )
            return [int(p) for p in found.stdout.split()]

        [first] = workers()
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (workers() in ([], [first])):
            time.sleep(0.2)
        [second] = workers()
        assert second != first
        assert "the worker role stopped (exit 137); starting it again" in log.read_text()
        assert process.poll() is None, "the supervisor keeps running"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        try:
            code = process.wait(60)
        except subprocess.TimeoutExpired:
            tree = subprocess.run(["ps", "-o", "pid,stat,args", "-g", str(process.pid)],
                                  capture_output=True, text=True).stdout  # fmt: skip
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError(f"run.sh did not stop:\n{log.read_text()}\n{tree}") from None
    assert code == 0 and "run: stopping" in log.read_text()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
