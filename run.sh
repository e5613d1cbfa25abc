#!/usr/bin/env bash
# Orleans.Video on one machine: installs what is missing, starts a private PostgreSQL under ./.data,
# one silo (HTTP API + dashboard on http://127.0.0.1:8080), registers two demo cameras and prints a live
# line per camera. Ctrl-C or SIGTERM stops everything it started. Detections survive a restart.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
. deploy/setup.sh
video_install_dependencies

export VIDEO_DATA_DIR=${VIDEO_DATA_DIR:-$root/.data}
api=${VIDEO_URL:-http://127.0.0.1:8080}
mkdir -p "$VIDEO_DATA_DIR/logs" "$VIDEO_DATA_DIR/media"

silo_pid=""
stopping=false
stop_all() {
  trap - INT TERM EXIT
  stopping=true
  echo
  if [ -n "$silo_pid" ] && kill -0 "$silo_pid" 2>/dev/null; then
    echo "Stopping the silo"
    kill -TERM "$silo_pid" 2>/dev/null || true
    # The silo leaves the cluster gracefully; give it the host's shutdown time before forcing it.
    for _ in $(seq 1 30); do kill -0 "$silo_pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$silo_pid" 2>/dev/null; then
      echo "The silo did not stop in 30 s; killed it"
      kill -KILL "$silo_pid" 2>/dev/null || true
    else
      # What the silo did on its way out: its cameras stopped and their open events ended.
      grep -o 'Silo stopping: .*' "$VIDEO_DATA_DIR/logs/silo.log" | tail -n 1 || true
    fi
  fi
  echo "Stopping PostgreSQL"
  deploy/postgres.sh stop || true
}
# INT and TERM end the script after stopping; EXIT covers a failure of any step above.
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

deploy/postgres.sh start
connection=$(deploy/postgres.sh url)
api_key=$(deploy/api-key.sh)
deploy/demo-clips.sh "$VIDEO_DATA_DIR/clips"

echo "Building the silo (Release)"
dotnet build silo/Orleans.Video.Silo -c Release -nologo -v quiet -clp:ErrorsOnly
silo_dll=$(ls silo/Orleans.Video.Silo/bin/Release/net10.0/linux-x64/Orleans.Video.Silo.dll)
deploy/cli.sh

echo "Starting the silo; log: $VIDEO_DATA_DIR/logs/silo.log"
Postgres__ConnectionString="$connection" Urls="$api" Api__Key="$api_key" \
  Sources__MediaRoots__0="$VIDEO_DATA_DIR/clips" \
  Storage__Root="$VIDEO_DATA_DIR/media" Storage__MaxBytes=$((2 * 1024 * 1024 * 1024)) \
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" dotnet "$silo_dll" </dev/null >>"$VIDEO_DATA_DIR/logs/silo.log" 2>&1 &
silo_pid=$!

for _ in $(seq 1 120); do
  curl -fsS "$api/health/ready" >/dev/null 2>&1 && break
  kill -0 "$silo_pid" 2>/dev/null || { echo "The silo exited; last lines of its log:"; tail -n 30 "$VIDEO_DATA_DIR/logs/silo.log"; exit 1; }
  sleep 1
done

# add_camera ID SOURCE FPS MODEL [EXTRA_JSON_FIELDS]
# Demo cameras record continuously; Storage__MaxBytes above keeps all of it under 2 GiB, a day at most.
add_camera() {
  curl -fsS -X POST "$api/api/cameras" -H 'Content-Type: application/json' -H "X-Api-Key: $api_key" \
    -d "{\"id\":\"$1\",\"source\":\"$2\",\"fps\":$3,\"model\":\"$4\",\"record\":{\"mode\":\"continuous\",\"continuousDays\":1}${5:+,$5}}" >/dev/null \
    || echo "Could not add camera $1"
}
add_camera demo-shapes "$VIDEO_DATA_DIR/clips/shapes.mp4" 5 shapes
add_camera demo-text "$VIDEO_DATA_DIR/clips/text.mp4" 2 text
if [ -e "$VIDEO_DATA_DIR/clips/people.mp4" ]; then
  # Pedestrians and parked vans (OpenCV's vtest.avi) through the default COCO detector, tracking people and vehicles;
  # the zone is the middle of the square, in source pixels, and counts people.
  add_camera demo-people "$VIDEO_DATA_DIR/clips/people.mp4" 5 objects \
    '"filter":{"labels":["person","bicycle","car","motorcycle","bus","truck"]},"zones":[{"name":"square","points":[{"x":240,"y":260},{"x":560,"y":260},{"x":560,"y":576},{"x":240,"y":576}],"labels":["person"],"loiterSeconds":10}]'
fi

echo "Silo up: web UI $api/ (log in with the API key), API $api/api/cameras, dashboard $api/dashboard"
echo "API key: $api_key   (stored in $VIDEO_DATA_DIR/api-key; send it as X-Api-Key)"
echo "CLI: orleans-video camera list   (orleans-video --help for more)"
echo "Ctrl-C stops."
interactive=false
[ -t 1 ] && interactive=true
while kill -0 "$silo_pid" 2>/dev/null; do
  lines=$(curl -fsS -H "X-Api-Key: $api_key" "$api/api/cameras" 2>/dev/null | jq -r '.[] |
    "\(.id)\t\(.state)\tdecoded=\(.framesDecoded) published=\(.framesPublished) processed=\(.framesProcessed) dropped=\(.framesDropped) reconnects=\(.reconnects)\t\(.lastError // "")"' 2>/dev/null || echo "(API not answering)")
  for id in $(curl -fsS -H "X-Api-Key: $api_key" "$api/api/cameras" 2>/dev/null | jq -r '.[].id' 2>/dev/null); do
    latest=$(curl -fsS -H "X-Api-Key: $api_key" "$api/api/cameras/$id/detections?limit=1" 2>/dev/null | jq -r '.items[0] | "\(.label) \(.score*100|floor)% at \(.x|floor),\(.y|floor) \(.width|floor)x\(.height|floor)"' 2>/dev/null || true)
    lines=$(printf '%s\n' "$lines" | awk -v id="$id" -v latest="last: $latest" -F'\t' 'BEGIN{OFS="\t"} $1==id {$5=latest} {print}')
  done
  if $interactive; then
    printf '\033[H\033[2J%s  %s\n\n' "$(date +%T)" "$api/dashboard"
    printf '%s\n' "$lines" | column -t -s $'\t'
  else
    printf '%s %s\n' "$(date +%T)" "$(printf '%s' "$lines" | tr '\t\n' '  ' )"
  fi
  sleep 2
done
if ! $stopping; then
  echo "The silo exited; last lines of its log:"
  tail -n 30 "$VIDEO_DATA_DIR/logs/silo.log"
fi
