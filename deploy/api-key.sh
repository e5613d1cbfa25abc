#!/usr/bin/env bash
# Prints the HTTP API key, generating it on first use: ${VIDEO_DATA_DIR:-./.data}/api-key (mode 600).
# Several processes may ask at once on a new data folder (local-cluster.sh starts silos together): the key is
# written to a file of its own, then linked into place, which only one of them can do; every one prints that key.
set -euo pipefail
dir=${VIDEO_DATA_DIR:-./.data}
file="$dir/api-key"
if [ ! -s "$file" ]; then
  mkdir -p "$dir"
  new=$(umask 077 && mktemp "$dir/.api-key.XXXXXX")
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$new"
  ln "$new" "$file" 2>/dev/null || true
  rm -f "$new"
fi
cat "$file"
