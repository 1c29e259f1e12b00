import json
from pathlib import Path

import pytest

from sidecar.security import SecretBox, sign, signing_message, verify

VECTORS = json.loads((Path(__file__).parents[1] / "data" / "signing-vectors.json").read_text())[
    "vectors"
]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['method']} {v['path']}")
def test_signing_vectors_byte_for_byte(vector: dict) -> None:
    body = vector["body"].encode("utf-8")
    assert (
        sign(vector["secret"], vector["timestamp"], vector["method"], vector["path"], body)
        == (vector["signature"])
    )
    prefix = vector["signed_message_prefix"].encode().decode("unicode_escape").encode()
    message = signing_message(vector["timestamp"], vector["method"], vector["path"], body)
    assert message.startswith(prefix)
    assert verify(
        vector["signature"],
        [vector["secret"]],
        str(vector["timestamp"]),
        vector["method"],
        vector["path"],
        body,
    )


def test_verify_rejects_any_change() -> None:
    v = VECTORS[0]
    body = v["body"].encode()
    ok = dict(
        header=v["signature"],
        secrets=[v["secret"]],
        timestamp=str(v["timestamp"]),
        method=v["method"],
        path=v["path"],
        body=body,
    )
    assert verify(**ok)
    assert not verify(**{**ok, "body": body + b" "})
    assert not verify(**{**ok, "path": "/api/v1/events/batch"})
    assert not verify(**{**ok, "timestamp": str(v["timestamp"] + 1)})
    assert not verify(**{**ok, "method": "PUT"})
    assert not verify(**{**ok, "secrets": ["other"]})
    assert not verify(**{**ok, "header": v["signature"].replace("v1=", "v2=")})
    assert not verify(**{**ok, "header": "garbage"})


def test_verify_accepts_any_listed_known_version_and_any_current_secret() -> None:
    v = VECTORS[0]
    body = v["body"].encode()
    header = f"v2=deadbeef, {v['signature']}"
    assert verify(
        header, ["old-secret", v["secret"]], str(v["timestamp"]), v["method"], v["path"], body
    )


def test_secret_box_round_trip_and_wrong_key() -> None:
    box = SecretBox("k" * 40)
    stored = box.encrypt("cs_topsecret")
    assert "cs_topsecret" not in stored
    assert box.decrypt(stored) == "cs_topsecret"
    with pytest.raises(ValueError, match="SIDECAR_SECRET_KEY"):
        SecretBox("j" * 40).decrypt(stored)
    with pytest.raises(ValueError):
        box.decrypt("plain text")
