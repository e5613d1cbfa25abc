#!/usr/bin/env bash
# Installs what is missing (as run.sh does) and runs the whole test suite: unit tests, then integration
# tests against real ffmpeg, real PostgreSQL servers (started by the tests on loopback) and real silos.
set -euo pipefail
cd "$(dirname "$0")"
. deploy/setup.sh
video_install_dependencies
video_install_kubectl
# The deploy tests render the Kubernetes overlays with this kubectl, and fail if it is missing.
export VIDEO_KUBECTL="$PWD/$VIDEO_KUBECTL"

dotnet build Orleans.Video.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# The GPU flavour (ONNX Runtime's CUDA package) builds and runs here too, falling back to the CPU: a test checks it.
dotnet build silo/Orleans.Video.Silo -c Release -nologo -v quiet -clp:ErrorsOnly -p:OnnxRuntimeFlavor=Gpu
results=.test-results
rm -rf "$results"
# A test that hangs is named after 15 minutes (--blame-hang-timeout), instead of running into CI's limit unnamed;
# the TRX files give each test's time.
status=0
dotnet test Orleans.Video.sln -c Release --no-build -nologo --logger "console;verbosity=normal" --logger trx \
  --results-directory "$results" --blame-hang-timeout 15m --blame-hang-dump-type none "$@" || status=$?
echo "The ten slowest tests:"
cat "$results"/*.trx 2>/dev/null | grep -o 'testName="[^"]*"[^>]*duration="[^"]*"' \
  | sed -E 's/testName="([^"]*)".*duration="([^"]*)"/\2  \1/' | sort -r | head -10 || true
exit "$status"
