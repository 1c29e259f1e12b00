"""The worker imports every module a job names before it forks (``jobs.worker.preload``).

A job's function is named by a dotted string (``func="sidecar.jobs.tasks.push_order"``, the
periodic table); RQ imports it inside each forked work-horse, so a module the worker did not
import first is imported again for every job. This finds every such name in the code, so a new
job module cannot be left out of ``JOB_MODULES``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sidecar.jobs.worker import JOB_MODULES

ROOT = Path(__file__).parents[2]
NAMED = re.compile(r"""["'](sidecar(?:\.[a-z_]+)+)\.([a-z_]+)["']""")


def _job_functions() -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / "sidecar").rglob("*.py"):
        for module, function in NAMED.findall(path.read_text()):
            if (ROOT / (module.replace(".", "/") + ".py")).exists():
                found.add((module, function))
    return found


def test_the_search_finds_the_job_names() -> None:
    named = _job_functions()
    assert ("sidecar.jobs.tasks", "process_entity") in named
    assert ("sidecar.sync.history.backfill", "step") in named
    assert set(JOB_MODULES) <= {module for module, _ in named}


def test_preload_imports_them_in_a_fresh_interpreter() -> None:
    """In a new process (as a worker starts), ``preload`` leaves every job function importable
    without a further import."""
    names = sorted(_job_functions())
    script = (
        "import sys\n"
        "from sidecar.jobs import worker\n"
        "before = set(sys.modules)\n"
        "worker.preload()\n"
        f"for module, function in {names!r}:\n"
        "    assert module in sys.modules, module\n"
        "    assert callable(getattr(sys.modules[module], function)), (module, function)\n"
        "print(len(set(sys.modules) - before))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0, "preload imported the flows, which the worker had not"
