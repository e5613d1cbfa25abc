#!/usr/bin/env bash
# Prints the HTTP API key, generating it on first use: ${VIDEO_DATA_DIR:-./.data}/api-key (mode 600).
set -euo pipefail
dir=${VIDEO_DATA_DIR:-./.data}
file="$dir/api-key"
if [ ! -s "$file" ]; then
  mkdir -p "$dir"
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$file")
fi
cat "$file"
