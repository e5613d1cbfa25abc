#!/usr/bin/env bash
# A multi-silo Orleans.Video cluster on this machine, all on loopback, joined through the private PostgreSQL.
#   deploy/local-cluster.sh up N     start PostgreSQL and N silos (silo k: HTTP 8080+k, silo port 11111+k, gateway 30000+k)
#   deploy/local-cluster.sh add      start one more silo
#   deploy/local-cluster.sh kill K   SIGKILL silo K (a crash: the cluster restarts its cameras elsewhere)
#   deploy/local-cluster.sh stop K   SIGTERM silo K (a graceful leave)
#   deploy/local-cluster.sh status   which silos run, and how many cameras each hosts
#   deploy/local-cluster.sh down     stop every silo it started, then PostgreSQL
# Environment: VIDEO_GPU_SILOS="0 2" makes those silos advertise gpu=true; VIDEO_DATA_DIR (./.data) holds
# PostgreSQL, the API key (api-key), pid files (cluster/) and logs (logs/silo-K.log); any Section__Key
# variable reaches every silo.
set -euo pipefail
cd "$(dirname "$0")/.."
export VIDEO_DATA_DIR=${VIDEO_DATA_DIR:-$PWD/.data}
pids="$VIDEO_DATA_DIR/cluster"
logs="$VIDEO_DATA_DIR/logs"
silo_dll=silo/Orleans.Video.Silo/bin/Release/net10.0/linux-x64/Orleans.Video.Silo.dll

http_port() { echo $((8080 + $1)); }

is_alive() { [ -f "$pids/silo-$1.pid" ] && kill -0 "$(cat "$pids/silo-$1.pid")" 2>/dev/null; }

start_silo() {
  local k=$1 gpu=false
  for g in ${VIDEO_GPU_SILOS:-}; do [ "$g" = "$k" ] && gpu=true; done
  mkdir -p "$pids" "$logs"
  # Read here, not in the assignments of the background command below: those run in its own subshell, so silos
  # started together would each generate a key on a new data folder.
  local url key
  url=$(deploy/postgres.sh url)
  key=$(deploy/api-key.sh)
  Postgres__ConnectionString="$url" Api__Key="$key" \
  Sources__MediaRoots__0="$VIDEO_DATA_DIR/clips" \
  Urls="http://127.0.0.1:$(http_port "$k")" \
  Silo__SiloPort=$((11111 + k)) Silo__GatewayPort=$((30000 + k)) Silo__Gpu=$gpu \
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" nohup dotnet "$silo_dll" </dev/null >>"$logs/silo-$k.log" 2>&1 &
  echo $! >"$pids/silo-$k.pid"
  echo "silo $k: pid $!, http://127.0.0.1:$(http_port "$k"), gpu=$gpu, log $logs/silo-$k.log"
}

wait_ready() {
  local k=$1
  for _ in $(seq 1 90); do
    curl -fsS "http://127.0.0.1:$(http_port "$k")/health/ready" >/dev/null 2>&1 && return 0
    is_alive "$k" || { echo "silo $k exited; see $logs/silo-$k.log" >&2; return 1; }
    sleep 1
  done
  echo "silo $k did not answer within 90 s" >&2
  return 1
}

next_index() {
  local k=0
  while [ -f "$pids/silo-$k.pid" ]; do k=$((k + 1)); done
  echo "$k"
}

build() {
  . deploy/setup.sh
  video_install_dependencies
  dotnet build silo/Orleans.Video.Silo -c Release -nologo -v quiet -clp:ErrorsOnly
}

case "${1:-}" in
  up)
    n=${2:?usage: $0 up N}
    build
    deploy/postgres.sh start
    for k in $(seq 0 $((n - 1))); do start_silo "$k"; done
    for k in $(seq 0 $((n - 1))); do wait_ready "$k"; done
    echo "cluster up: $n silos"
    ;;
  add)
    [ -f "$silo_dll" ] || build
    k=$(next_index)
    start_silo "$k"
    wait_ready "$k"
    ;;
  kill)
    k=${2:?usage: $0 kill K}
    is_alive "$k" || { echo "silo $k is not running" >&2; exit 1; }
    kill -KILL "$(cat "$pids/silo-$k.pid")"
    echo "silo $k killed (SIGKILL)"
    ;;
  stop)
    k=${2:?usage: $0 stop K}
    is_alive "$k" && kill -TERM "$(cat "$pids/silo-$k.pid")" && echo "silo $k stopping (SIGTERM)"
    ;;
  status)
    for pid_file in "$pids"/silo-*.pid; do
      [ -e "$pid_file" ] || continue
      k=${pid_file##*/silo-}; k=${k%.pid}
      if is_alive "$k"; then
        hosted=$(curl -fsS -H "X-Api-Key: $(deploy/api-key.sh)" "http://127.0.0.1:$(http_port "$k")/api/cameras" 2>/dev/null \
          | jq -r --arg port ":$((11111 + k)):" '[.[] | select(.host // "" | contains($port))] | length' 2>/dev/null || echo "?")
        echo "silo $k: running, http://127.0.0.1:$(http_port "$k"), cameras hosted: $hosted"
      else
        echo "silo $k: not running"
      fi
    done
    ;;
  down)
    for pid_file in "$pids"/silo-*.pid; do
      [ -e "$pid_file" ] || continue
      kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
    done
    for pid_file in "$pids"/silo-*.pid; do
      [ -e "$pid_file" ] || continue
      pid=$(cat "$pid_file")
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$pid_file"
    done
    deploy/postgres.sh stop
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
