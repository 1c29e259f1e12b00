#!/usr/bin/env bash
# Sets everything up and runs the service on embedded defaults: a SQLite file and a generated
# secret key under var/, a local Redis on port 6390 (started here unless SIDECAR_REDIS_URL is set),
# and the three roles: web (gunicorn), worker and scheduler. It supervises them: a role that dies
# is started again (after 1 s, doubling to 60 s while it keeps dying); Ctrl-C or SIGTERM stops
# everything. A start that cannot work (a bad setting, a port in use) stops at once, non-zero,
# with the reason and the failing role's last log lines.
#   SIDECAR_HOST / SIDECAR_PORT   where the web role listens (127.0.0.1:8080)
#   SIDECAR_REDIS_PORT            port of the local Redis this script starts (6390)
#   SIDECAR_SKIP_SETUP=1          do not check system packages or the venv
# Settings come from the environment, then .env (SIDECAR_ENV_FILE), then the defaults above.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() { echo "run: $*" >&2; exit 1; }

[ "${SIDECAR_SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh  # read from the environment only

# .env next, read by the sidecar's own reader (the environment wins over it, as in the sidecar
# itself), so the defaults below never override what .env says.
env_file="${SIDECAR_ENV_FILE:-$root/.env}"
while IFS= read -r -d '' key && IFS= read -r -d '' value; do
  [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
  [ -n "${!key+x}" ] || export "$key=$value"
done < <(.venv/bin/python -c 'import sys
from pathlib import Path
from sidecar.config import read_dotenv
for key, value in read_dotenv(Path(sys.argv[1])).items():
    sys.stdout.write(f"{key}\0{value}\0")' "$env_file")
export SIDECAR_ENV_FILE="$env_file"

export SIDECAR_HOME="${SIDECAR_HOME:-$root/var}"
case "$SIDECAR_HOME" in /*) ;; *) export SIDECAR_HOME="$root/$SIDECAR_HOME" ;; esac
host="${SIDECAR_HOST:-127.0.0.1}"
port="${SIDECAR_PORT:-8080}"
logs="$SIDECAR_HOME/log"
mkdir -p "$logs" "$SIDECAR_HOME/redis"

port_busy() {  # host port -> 0 when something accepts connections there
  .venv/bin/python - "$1" "$2" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=0.5).close()
except OSError:
    sys.exit(1)
PY
}

# The settings first: a bad value is one sentence and exit 2, before anything is started.
.venv/bin/python -c 'from sidecar.config import ConfigError, load_config
import sys
try:
    load_config()
except ConfigError as exc:
    sys.exit(f"run: {exc}")' || exit 2

port_busy "$host" "$port" && die "$host:$port is in use already (another exact-sidecar, or another program): stop it, or set SIDECAR_PORT."

pids=()
names=()
redis_pid=""
# Each role runs in its own process group (setsid), so stopping it reaches its children too
# (gunicorn's workers, RQ's work horse and scheduler): SIGTERM to every group (a worker finishes
# its job), SIGKILL to what is left after 25 s.
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 250); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if kill -0 -- "-$pid" 2>/dev/null; then
      echo "run: role pid $pid did not stop in 25 s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
}
on_signal() { echo "run: stopping" >&2; cleanup; exit 0; }
trap cleanup EXIT
trap on_signal INT TERM

if [ -z "${SIDECAR_REDIS_URL:-}" ]; then
  redis_port="${SIDECAR_REDIS_PORT:-6390}"
  # Never use a Redis this script did not start: a foreign one may hold another program's keys,
  # and a second run.sh would share the first one's queues.
  port_busy 127.0.0.1 "$redis_port" && die "port $redis_port (the embedded Redis) is in use already: stop what listens there, set SIDECAR_REDIS_PORT to a free port, or set SIDECAR_REDIS_URL to a Redis you run."
  export SIDECAR_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  # Append-only file: queued jobs survive a restart of the embedded Redis.
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$SIDECAR_HOME/redis" \
    --appendonly yes --save '' --logfile "$logs/redis.log" &
  redis_pid=$!
  for _ in $(seq 100); do
    port_busy 127.0.0.1 "$redis_port" && break
    kill -0 "$redis_pid" 2>/dev/null || { tail -n 20 "$logs/redis.log" >&2 || true; die "Redis did not start (log: $logs/redis.log)."; }
    sleep 0.1
  done
fi

if ! .venv/bin/exact-sidecar db upgrade >>"$logs/migrate.log" 2>&1; then
  tail -n 20 "$logs/migrate.log" >&2 || true
  die "the database migrations failed (log: $logs/migrate.log)."
fi

start_role() {  # index: (re)start role number $1
  local name="${names[$1]}"
  case "$name" in
    web) setsid .venv/bin/exact-sidecar serve --host "$host" --port "$port" \
           ${SIDECAR_WEB_WORKERS:+--workers "$SIDECAR_WEB_WORKERS"} >>"$logs/web.log" 2>&1 & ;;
    worker) setsid .venv/bin/exact-sidecar worker >>"$logs/worker.log" 2>&1 & ;;
    scheduler) setsid .venv/bin/exact-sidecar scheduler >>"$logs/scheduler.log" 2>&1 & ;;
  esac
  pids[$1]=$!
}

names=(web worker scheduler)
for i in 0 1 2; do start_role "$i"; done

healthy=0
for _ in $(seq 150); do
  if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://$host:$port/healthz', timeout=1)" 2>/dev/null; then
    healthy=1
    break
  fi
  for i in 0 1 2; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "run: the ${names[$i]} role stopped while starting; its last log lines:" >&2
      tail -n 20 "$logs/${names[$i]}.log" >&2 || true
      exit 1
    fi
  done
  sleep 0.2
done
[ "$healthy" = 1 ] || { tail -n 20 "$logs/web.log" >&2 || true; die "the web role did not answer on http://$host:$port/healthz within 30 s."; }

cat <<MSG
exact-sidecar is running.
  web        http://$host:$port   (health: http://$host:$port/healthz, metrics: /metrics)
  worker     queues orders, pushback, catalog, default, backfill
  scheduler  periodic jobs
  data       $SIDECAR_HOME   (logs in $logs)
Register a shop:  .venv/bin/exact-sidecar shop add --platform woocommerce --url https://shop.example.nl --name "My shop"
Stop with Ctrl-C.
MSG

# Supervise: a role that dies is started again; one that keeps dying waits longer each time.
delays=(1 1 1)
started=("$SECONDS" "$SECONDS" "$SECONDS")
while :; do
  dead="" code=0
  wait -n -p dead "${pids[@]}" || code=$?
  [ -n "$dead" ] || continue
  for i in 0 1 2; do
    [ "${pids[$i]}" = "$dead" ] || continue
    if [ $((SECONDS - started[i])) -ge 60 ]; then delays[$i]=1; fi
    echo "run: the ${names[$i]} role stopped (exit $code); starting it again in ${delays[$i]} s (log: $logs/${names[$i]}.log)" >&2
    sleep "${delays[$i]}" & wait $!  # a Ctrl-C is handled at once, not after the sleep
    start_role "$i"
    started[$i]=$SECONDS
    delays[$i]=$(( delays[i] * 2 > 60 ? 60 : delays[i] * 2 ))
  done
done
