"""The Docker image's Python environment, built outside Docker with the image's own script.

There is no Docker engine on the project's machines, so the image is not built here; what can
break in it is tested instead: docker/install.sh (which the Dockerfile runs) installs the
package, not the checkout, into a fresh virtual environment; that environment migrates a
database and every role answers --help. The compose file is checked for what production needs:
roles start after the migrations, the Exact app's settings reach them, the home (with a
generated secret key) is a volume, and TLS is in front; .dockerignore keeps local state out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_install_script_builds_a_working_environment(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    built = subprocess.run(
        ["sh", str(ROOT / "docker" / "install.sh"), str(venv), str(ROOT)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert built.stdout.startswith("exact-sidecar, version ")
    cli = venv / "bin" / "exact-sidecar"
    # The package, not this checkout: its sidecar module lives inside the venv.
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sidecar; print(sidecar.__file__)"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert str(venv) in where.stdout, where.stdout
    home = tmp_path / "home"
    env = {
        **os.environ,
        "SIDECAR_HOME": str(home),
        "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
    }
    env.pop("SIDECAR_DATABASE_URL", None)
    env.pop("SIDECAR_SECRET_KEY", None)
    upgraded = subprocess.run(
        [str(cli), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert (home / "sidecar.db").is_file() and (home / "secret_key").is_file()
    listed = subprocess.run(
        [str(cli), "shop", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0 and "No shops registered" in listed.stdout, listed.stderr
    for role in ("serve", "worker", "scheduler", "backfill", "emulator"):
        helped = subprocess.run(
            [str(cli), role, "--help"], env=env, capture_output=True, text=True, timeout=60
        )
        assert helped.returncode == 0, (role, helped.stderr)


def test_compose_and_dockerignore_say_what_production_needs() -> None:
    compose = (ROOT / "docker" / "compose.yaml").read_text()
    for name in (
        "SIDECAR_EXACT_CLIENT_ID",
        "SIDECAR_EXACT_CLIENT_SECRET",
        "SIDECAR_EXACT_WEBHOOK_SECRET",
        "SIDECAR_PUBLIC_URL",
    ):
        assert f"{name}: ${{{name}:-}}" in compose, name
    assert "condition: service_completed_successfully" in compose, "roles wait for migrate"
    assert '"home:/var/lib/exact-sidecar"' in compose, "the generated secret key is kept"
    assert "caddy:" in compose and (ROOT / "docker" / "Caddyfile").is_file(), "TLS in front"
    assert "reverse_proxy web:8080" in (ROOT / "docker" / "Caddyfile").read_text()
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "sh docker/install.sh" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".git", ".env"} <= set(ignored)
