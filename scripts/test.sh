#!/usr/bin/env bash
# Sets everything up and runs every test: lint, the PHP plugins' suites, then the Python suite
# (which starts its own Redis and PostgreSQL servers and runs the database tests on both).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test

echo "== ruff"
.venv/bin/ruff check sidecar tests bench
.venv/bin/ruff format --check sidecar tests bench

echo "== mypy"
.venv/bin/mypy

for plugin in plugin-woocommerce plugin-magento; do
  if [ -x "$plugin/bin/test" ]; then
    echo "== $plugin"
    bash "$plugin/bin/test"
  else
    echo "== $plugin: no bin/test yet, nothing to run"
  fi
done

echo "== pytest"
# The slowest tests are listed at the end, so a CI log shows where the time goes.
.venv/bin/pytest -q -p no:cacheprovider --durations=12 "$@"
