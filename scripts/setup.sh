#!/usr/bin/env bash
# Installs what exact-sidecar needs on a fresh Debian/Ubuntu machine, then the Python venv.
#   scripts/setup.sh          what running the service needs (Redis, Python venv)
#   scripts/setup.sh --test   also PostgreSQL, PHP, PHPUnit and PHP_CodeSniffer for the tests
# Idempotent and quick when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

need=()
command -v redis-server >/dev/null || need+=(redis-server)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv python3-pip)
if [ "$want_test" = 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v php >/dev/null || need+=(php-cli)
  command -v phpunit >/dev/null || need+=(phpunit)
  command -v phpcs >/dev/null || need+=(php-codesniffer)
  if command -v php >/dev/null; then
    php -m | grep -qi '^dom$' || need+=(php-xml)
    php -m | grep -qi '^mbstring$' || need+=(php-mbstring)
    php -m | grep -qi '^curl$' || need+=(php-curl)
  else
    need+=(php-xml php-mbstring php-curl)
  fi
  command -v runuser >/dev/null || need+=(util-linux)
fi

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${need[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
  # Debian starts the packaged servers; the project runs its own on other ports.
  for svc in redis-server postgresql; do
    $sudo systemctl disable --now "$svc" >/dev/null 2>&1 || $sudo service "$svc" stop >/dev/null 2>&1 || true
  done
fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"setup: Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
PY

mkdir -p var
stamp="var/.setup-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -x .venv/bin/python ] || [ ! -f "$stamp" ]; then
  echo "setup: creating the Python environment in .venv"
  python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[dev]'
  rm -f var/.setup-*
  touch "$stamp"
fi
