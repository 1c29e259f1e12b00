#!/usr/bin/env bash
# Sets everything up and runs the service on embedded defaults: a SQLite file and a generated
# secret key under var/, a local Redis on port 6390 (started here unless SIDECAR_REDIS_URL is set),
# and the three roles: web (gunicorn), worker and scheduler. Ctrl-C stops them all.
#   SIDECAR_HOST / SIDECAR_PORT   where the web role listens (127.0.0.1:8080)
#   SIDECAR_REDIS_PORT            port of the local Redis this script starts (6390)
#   SIDECAR_SKIP_SETUP=1          do not check system packages or the venv
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

[ "${SIDECAR_SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh

export SIDECAR_HOME="${SIDECAR_HOME:-$root/var}"
host="${SIDECAR_HOST:-127.0.0.1}"
port="${SIDECAR_PORT:-8080}"
mkdir -p "$SIDECAR_HOME/log" "$SIDECAR_HOME/redis"

pids=()
redis_pid=""
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

if [ -z "${SIDECAR_REDIS_URL:-}" ]; then
  redis_port="${SIDECAR_REDIS_PORT:-6390}"
  export SIDECAR_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  # Append-only file: queued jobs survive a restart of the embedded Redis.
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$SIDECAR_HOME/redis" \
    --appendonly yes --save '' --logfile "$SIDECAR_HOME/log/redis.log" &
  redis_pid=$!
  for _ in $(seq 100); do
    .venv/bin/python -c "import redis,sys; redis.Redis(port=$redis_port).ping()" 2>/dev/null && break
    sleep 0.1
  done
fi

.venv/bin/exact-sidecar db upgrade
.venv/bin/exact-sidecar serve --host "$host" --port "$port" ${SIDECAR_WEB_WORKERS:+--workers "$SIDECAR_WEB_WORKERS"} \
  >>"$SIDECAR_HOME/log/web.log" 2>&1 &
pids+=($!)
.venv/bin/exact-sidecar worker >>"$SIDECAR_HOME/log/worker.log" 2>&1 &
pids+=($!)
.venv/bin/exact-sidecar scheduler >>"$SIDECAR_HOME/log/scheduler.log" 2>&1 &
pids+=($!)

for _ in $(seq 150); do
  if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://$host:$port/healthz', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 0.2
done

cat <<MSG
exact-sidecar is running.
  web        http://$host:$port   (health: http://$host:$port/healthz, metrics: /metrics)
  worker     queues orders, pushback, catalog, default, backfill
  scheduler  periodic jobs
  data       $SIDECAR_HOME   (logs in $SIDECAR_HOME/log)
Register a shop:  .venv/bin/exact-sidecar shop add --platform woocommerce --url https://shop.example.nl --name "My shop"
Stop with Ctrl-C.
MSG

# Stop everything as soon as one role dies, so a broken start is not mistaken for a running one.
wait -n "${pids[@]}"
echo "run: a role stopped; shutting down the others" >&2
exit 1
