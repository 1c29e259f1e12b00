"""The systemd units in scripts/systemd/ are valid units whose commands exist.

``systemd-analyze verify`` (from Debian's systemd package) reads each unit as systemd would,
with the install directory replaced by this checkout and the user by the one running the test,
and refuses unknown keys, a missing ExecStart and commands that are not executable; each role
the units start is also run with --help."""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
UNITS = sorted((ROOT / "scripts" / "systemd").glob("*.service"))


def test_the_units_are_there() -> None:
    names = {u.name for u in UNITS}
    assert {
        "exact-sidecar.service",
        "exact-sidecar-web.service",
        "exact-sidecar-worker@.service",
        "exact-sidecar-scheduler.service",
    } <= names


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_systemd_accepts_the_unit(unit: Path, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    text = unit.read_text().replace("/opt/exact-sidecar", str(ROOT))
    text = re.sub(r"^User=.*$", f"User={getpass.getuser()}", text, flags=re.M)
    name = unit.name.replace("@.service", "@1.service")
    (tmp_path / name).write_text(text)
    if "@" in unit.name:
        (tmp_path / unit.name).write_text(text)
    checked = subprocess.run(
        [analyze, "verify", str(tmp_path / name)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stderr
    for role in re.findall(r"^ExecStart=\S*exact-sidecar (\w+)", text, flags=re.M):
        helped = subprocess.run(
            [str(ROOT / ".venv/bin/exact-sidecar"), role, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert helped.returncode == 0, (role, helped.stderr)
