"""Every field the sidecar selects exists, spelled as Exact spells it (the emulator's catalogue is
a trimmed copy of the reference)."""

import json
from pathlib import Path

import pytest

from sidecar.exact import resources

CATALOGUE = json.loads(
    (Path(__file__).parents[2] / "sidecar/emulators/exact/entities.json").read_text()
)


@pytest.mark.parametrize("resource", resources.ALL, ids=lambda r: r.endpoint)
def test_fields_exist_on_every_twin(resource) -> None:
    for endpoint in filter(None, (resource.endpoint, resource.bulk, resource.sync)):
        assert endpoint in CATALOGUE, endpoint
        properties = CATALOGUE[endpoint]["properties"]
        missing = [f for f in resource.fields if f not in properties]
        assert missing == [], f"{endpoint}: {missing}"
        assert CATALOGUE[endpoint]["key"] in (resource.key, "Timestamp") or endpoint != (
            resource.endpoint
        )
