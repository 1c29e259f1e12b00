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
