"""Pairing: ``exact-sidecar shop pair`` prints one code; the plugin exchanges it once, over HTTP,
for the shop id and a fresh secret that signs from then on."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.support.signing import SignedClient

CLI = [str(Path(sys.executable).with_name("exact-sidecar"))]


@pytest.fixture
def env(config, tmp_path, live) -> dict[str, str]:  # noqa: ANN001
    return {
        **os.environ,
        "SIDECAR_HOME": str(tmp_path),
        "SIDECAR_DATABASE_URL": config.database_url,
        "SIDECAR_REDIS_URL": config.redis_url,
        "SIDECAR_SECRET_KEY": config.secret_key,
        "SIDECAR_ENV_FILE": str(tmp_path / "no.env"),
        "SIDECAR_PUBLIC_URL": live,
    }


def _pair(env: dict, url: str = "https://winkel.example.nl", *extra: str) -> str:
    done = subprocess.run(
        [
            *CLI,
            "shop",
            "pair",
            "--platform",
            "woocommerce",
            "--url",
            url,
            "--name",
            "Winkel",
            *extra,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [code] = [line for line in done.stdout.splitlines() if line.startswith("EXS1-")]
    return code


def _exchange(live: str, code: str) -> requests.Response:
    return requests.post(f"{live}/api/v1/pair", json={"code": code}, timeout=10)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_pairing_code_brings_url_id_and_secret_once(env, live) -> None:
    code = _pair(env)
    body = json.loads(base64.urlsafe_b64decode(code[5:] + "=" * (-len(code[5:]) % 4)))
    assert body["u"] == live, "the code carries where the sidecar is"
    answer = _exchange(live, code)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    paired = answer.json()
    assert paired["platform"] == "woocommerce" and paired["name"] == "Winkel"
    client = SignedClient(live, paired["shop_id"], paired["secret"])
    assert client.get("/api/v1/shop").status_code == 200, "the secret signs"

    again = _exchange(live, code)
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_code"
    assert "used already" in again.json()["error"]["message"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pairing_again_reattaches_and_stops_the_old_secret(env, live) -> None:
    first = _exchange(live, _pair(env)).json()
    second = _exchange(live, _pair(env, "https://WINKEL.example.nl/")).json()
    assert second["shop_id"] == first["shop_id"], "the same shop, its orders kept"
    assert (
        SignedClient(live, first["shop_id"], first["secret"]).get("/api/v1/shop").status_code == 401
    )
    assert (
        SignedClient(live, second["shop_id"], second["secret"]).get("/api/v1/shop").status_code
        == 200
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_bad_codes_are_refused_with_what_to_do(env, live) -> None:
    for code, words in (
        ("hello", "starts with EXS1-"),
        ("EXS1-%%%", "damaged"),
        ("EXS1-" + base64.urlsafe_b64encode(b'{"u":"x","t":"nope"}').decode(), "unknown"),
    ):
        answer = _exchange(live, code)
        assert answer.status_code == 400, code
        assert words in answer.json()["error"]["fields"]["code"][0], code
    assert requests.post(f"{live}/api/v1/pair", json={}, timeout=10).status_code == 400
    no_url = {k: v for k, v in env.items() if k != "SIDECAR_PUBLIC_URL"}
    done = subprocess.run(
        [
            *CLI,
            "shop",
            "pair",
            "--platform",
            "magento",
            "--url",
            "https://m.example.nl",
            "--name",
            "M",
        ],
        env=no_url,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "SIDECAR_PUBLIC_URL" in done.stderr
