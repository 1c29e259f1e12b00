#!/usr/bin/env bash
# The demo: the Exact Online emulator, the WooCommerce stand-in and the sidecar (web, worker,
# scheduler and a Redis, through scripts/run.sh), then a driver that connects a demo shop to
# Exact and places realistic Dutch/EU orders every few seconds. Ctrl-C stops everything.
#
# Everything lives in var/demo (DEMO_HOME), which is emptied at every start: the stand-ins keep
# their data in memory, so yesterday's demo database would point at records that no longer exist.
# The project's own var/ and .env are never read or touched. Arguments go to the driver, e.g.
#   scripts/demo.sh --interval 2 --count 20      (python -m sidecar.demo --help lists them)
#   SIDECAR_SKIP_SETUP=1                         do not check system packages or the venv
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

[ "${SIDECAR_SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh

demo_home="${DEMO_HOME:-$root/var/demo}"
case "$demo_home" in
  */demo | */demo/) ;;
  *) echo "demo: DEMO_HOME must end in /demo (it is emptied at every start)" >&2; exit 2 ;;
esac
rm -rf "$demo_home"
mkdir -p "$demo_home/log"

free_port() {
  .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
exact_port=$(free_port)
woo_port=$(free_port)
web_port=$(free_port)
redis_port=$(free_port)
exact_url="http://127.0.0.1:$exact_port"
woo_url="http://127.0.0.1:$woo_port"
web_url="http://127.0.0.1:$web_port"
client_id="exact-sidecar-demo"
client_secret="exact-sidecar-demo-secret"

# The sidecar's configuration for the demo only: nothing from the shell or .env may point it at
# real data.
unset SIDECAR_DATABASE_URL SIDECAR_REDIS_URL SIDECAR_SECRET_KEY
export SIDECAR_HOME="$demo_home"
export SIDECAR_ENV_FILE="$demo_home/no.env"
export SIDECAR_SKIP_SETUP=1
export SIDECAR_HOST=127.0.0.1
export SIDECAR_PORT="$web_port"
export SIDECAR_REDIS_PORT="$redis_port"
export SIDECAR_WEB_WORKERS="${SIDECAR_WEB_WORKERS:-2}"
export SIDECAR_PUBLIC_URL="$web_url"
export SIDECAR_EXACT_BASE_URL="$exact_url"
export SIDECAR_EXACT_CLIENT_ID="$client_id"
export SIDECAR_EXACT_CLIENT_SECRET="$client_secret"
export SIDECAR_EXACT_WEBHOOK_SECRET="emulator-webhook-secret"  # the emulator's default

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The services run in sessions of their own, so Ctrl-C reaches only the driver (which then
# prints its summary while the sidecar still answers); the EXIT trap stops them after it.
detach=()
command -v setsid >/dev/null && detach=(setsid)
"${detach[@]}" .venv/bin/exact-sidecar emulator exact --port "$exact_port" \
  --client-id "$client_id" --client-secret "$client_secret" >>"$demo_home/log/exact.log" 2>&1 &
pids+=($!)
"${detach[@]}" .venv/bin/exact-sidecar emulator woocommerce --port "$woo_port" \
  >>"$demo_home/log/woocommerce.log" 2>&1 &
pids+=($!)
"${detach[@]}" bash scripts/run.sh >>"$demo_home/log/run.log" 2>&1 &
pids+=($!)

wait_for() {  # name url
  for _ in $(seq 300); do
    if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('$2', timeout=1)" 2>/dev/null; then
      return 0
    fi
    for pid in "${pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "demo: $1 did not start; the logs are in $demo_home/log" >&2
        tail -n 20 "$demo_home"/log/*.log >&2 || true
        exit 1
      fi
    done
    sleep 0.2
  done
  echo "demo: $1 did not answer at $2 within 60 s; the logs are in $demo_home/log" >&2
  exit 1
}
wait_for "the Exact emulator" "$exact_url/_emulator/clock"
wait_for "the WooCommerce stand-in" "$woo_url/_emulator/clock"
wait_for "the sidecar" "$web_url/healthz"

cat <<MSG
exact-sidecar demo is running.
  sidecar              $web_url   (logs in $demo_home/log)
  Exact emulator       $exact_url
  WooCommerce stand-in $woo_url
MSG

.venv/bin/python -m sidecar.demo --sidecar "$web_url" --exact "$exact_url" --woo "$woo_url" "$@"
