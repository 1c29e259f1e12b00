"""The operator CLI, run as a real subprocess against the configured database."""

import json
import os
import subprocess
import sys

import pytest

CLI = [sys.executable, "-m", "sidecar.cli"]


@pytest.fixture
def env(config, tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "SIDECAR_HOME": str(tmp_path),
        "SIDECAR_DATABASE_URL": config.database_url,
        "SIDECAR_REDIS_URL": config.redis_url,
        "SIDECAR_SECRET_KEY": config.secret_key,
        "SIDECAR_ENV_FILE": str(tmp_path / "no.env"),
    }


def run(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60
    )


def test_shop_lifecycle(env, runtime) -> None:
    added = run(
        env,
        "shop",
        "add",
        "--platform",
        "magento",
        "--url",
        "https://m.example.nl/",
        "--name",
        "Magazijn",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    created = json.loads(added.stdout)
    assert created["id"].startswith("shp_") and len(created["secret"]) >= 40

    listed = json.loads(run(env, "shop", "list", "--json").stdout)
    assert [(s["id"], s["platform"], s["url"]) for s in listed] == [
        (created["id"], "magento", "https://m.example.nl")
    ]
    assert created["secret"] not in run(env, "shop", "list").stdout

    rotated = run(env, "shop", "rotate-secret", created["id"], "--json")
    new = json.loads(rotated.stdout)
    assert new["secret"] != created["secret"] and new["grace_seconds"] == 86400

    refused = run(env, "shop", "remove", created["id"], stdin="n\n")
    assert refused.returncode != 0
    assert len(json.loads(run(env, "shop", "list", "--json").stdout)) == 1
    removed = run(env, "shop", "remove", created["id"], "--yes")
    assert removed.returncode == 0
    assert json.loads(run(env, "shop", "list", "--json").stdout) == []


def test_bad_input_gets_one_clear_sentence(env, runtime) -> None:
    bad_url = run(
        env, "shop", "add", "--platform", "woocommerce", "--url", "shop.nl", "--name", "x"
    )
    assert bad_url.returncode == 2 and "--url must be an absolute http(s) URL" in bad_url.stderr
    bad_platform = run(
        env, "shop", "add", "--platform", "shopify", "--url", "https://a.b", "--name", "x"
    )
    assert bad_platform.returncode == 2 and "shopify" in bad_platform.stderr
    unknown = run(env, "shop", "rotate-secret", "shp_nope")
    assert unknown.returncode == 2 and "no shop with id" in unknown.stderr


def test_invalid_configuration_stops_with_the_variable_name(env) -> None:
    result = run({**env, "SIDECAR_REDIS_URL": "http://nope"}, "shop", "list")
    assert result.returncode == 1
    assert "SIDECAR_REDIS_URL must start with redis://" in result.stderr
    assert "Traceback" not in result.stderr


def test_emulator_command_serves_the_exact_emulator(env) -> None:
    import time

    import requests

    from tests.support.servers import free_port

    port = free_port()
    process = subprocess.Popen(
        [
            *CLI,
            "emulator",
            "exact",
            "--port",
            str(port),
            "--client-id",
            "cli-app",
            "--minute-limit",
            "5",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                clock = requests.get(f"http://127.0.0.1:{port}/_emulator/clock", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert clock.status_code == 200 and "now" in clock.json()
        auth = requests.get(
            f"http://127.0.0.1:{port}/api/oauth2/auth",
            timeout=5,
            allow_redirects=False,
            params={
                "client_id": "cli-app",
                "response_type": "code",
                "redirect_uri": "http://127.0.0.1:9/cb",
            },
        )
        assert auth.status_code in (302, 303) and "code=" in auth.headers["Location"]
        wrong = requests.get(
            f"http://127.0.0.1:{port}/api/oauth2/auth",
            timeout=5,
            allow_redirects=False,
            params={
                "client_id": "other",
                "response_type": "code",
                "redirect_uri": "http://127.0.0.1:9/cb",
            },
        )
        assert wrong.status_code >= 400
    finally:
        process.terminate()
        process.wait(10)


def test_version_and_a_database_that_is_not_set_up(tmp_path) -> None:
    """From any directory: --version answers; a command that needs the database of an
    installation that was never set up says so in one sentence, with no traceback and without
    creating an empty database."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = subprocess.run(
        [*CLI, "--version"], cwd=elsewhere, capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0 and version.stdout.startswith("exact-sidecar, version ")
    home = tmp_path / "home"
    env = {**os.environ, "SIDECAR_HOME": str(home), "SIDECAR_ENV_FILE": str(tmp_path / "no.env")}
    listed = subprocess.run(
        [*CLI, "shop", "list"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 1
    assert "is not set up: run 'exact-sidecar db upgrade'" in listed.stderr
    assert "Traceback" not in listed.stderr
    assert not (home / "sidecar.db").exists()
    assert list(elsewhere.iterdir()) == [], "nothing is created where the command was run"


def test_registering_a_registered_url_reattaches_the_shop(env, runtime) -> None:
    """A plugin deleted and installed again registers its URL again: the same shop comes back
    with a new secret, and everything the sidecar knew about its orders is kept."""
    from sidecar.sync import links

    first = json.loads(
        run(
            env, "shop", "add", "--platform", "woocommerce", "--url", "https://w.example.nl/",
            "--name", "Winkel", "--json",
        ).stdout
    )  # fmt: skip
    with runtime.db.session() as session:
        link = links.ensure_link(session, first["id"], "order", "330")
        links.mark_posted(session, link, "sales_invoice", "guid-330", "26700330")
    again = run(
        env, "shop", "add", "--platform", "woocommerce", "--url", "HTTPS://W.example.nl",
        "--name", "Winkel (nieuw)", "--json",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert (second["id"], second["reattached"]) == (first["id"], True)
    assert second["secret"] != first["secret"] and first["reattached"] is False
    [listed] = json.loads(run(env, "shop", "list", "--json").stdout)
    assert listed["name"] == "Winkel (nieuw)"
    with runtime.db.session() as session:
        kept = links.get_link(session, first["id"], "order", "330")
        assert (kept.state, kept.exact_number) == ("posted", "26700330")

    other_platform = run(
        env, "shop", "add", "--platform", "magento", "--url", "https://w.example.nl",
        "--name", "x",
    )  # fmt: skip
    assert other_platform.returncode == 2
    assert f"exact-sidecar shop remove {first['id']}" in other_platform.stderr
