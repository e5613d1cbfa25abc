#!/usr/bin/env bash
# Installs what is missing (as run.sh does) and runs the whole test suite: unit tests, then integration
# tests against real ffmpeg, real PostgreSQL servers (started by the tests on loopback) and real silos.
set -euo pipefail
cd "$(dirname "$0")"
. deploy/setup.sh
video_install_dependencies

dotnet build Orleans.Video.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# The GPU flavour (ONNX Runtime's CUDA package) builds and runs here too, falling back to the CPU: a test checks it.
dotnet build silo/Orleans.Video.Silo -c Release -nologo -v quiet -clp:ErrorsOnly -p:OnnxRuntimeFlavor=Gpu
dotnet test Orleans.Video.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
