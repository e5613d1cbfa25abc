#!/usr/bin/env bash
# Measures speed and memory on this machine: ffmpeg alone, ONNX Runtime alone, the CPU a frame costs decoding
# alone and inferring alone, the naive one-loop program and the naive program with a thread per camera, and the
# cluster pipeline on one silo for 1, 4, 8 and 16 cameras. --model shapes (the default), text or objects (the
# product's default detector, YOLOX-Nano). Prints a markdown table and writes
# .bench/latest.json. --quick: fewer and shorter runs (under 3 minutes). --recording: what recording and
# keyframes-only decoding cost the decoders instead (about 3 minutes; with --quick, 1). --live: how late live
# video is in Chromium, source to screen (about 2 minutes; with --quick, 1). --cluster: the data plane across
# silo processes: frames to a GPU silo against inference beside each camera, dead cameras, a cold start, failover
# over repeated kills, a one-way call against a broadcast channel for frames, what storing results costs PostgreSQL
# (WAL a camera-minute at the demo's load) and how fast an hour of 100 cameras' results is queried across cameras,
# and the control plane at 1,000 registered cameras (about 40 minutes; with --quick, 15);
# --cluster topology|dead|cold|failover|transport|results|control runs one of them. --job: a long file analysed as
# a job against ffmpeg alone and the naive loop, on one and two silos, and live cameras beside it (about 8 minutes;
# with --quick, 3). --tracking: tracking and event quality, generated scenes against their truth and vtest.avi through
# the HOG people detector, with the defaults and with the event-quality settings off (about 2 minutes); with
# --trace SCENE, which track each object's detections went to, frame by frame; vtest.avi goes through the COCO
# detector (objects, people only) beside HOG. --demo: run.sh's three demo cameras on one silo process, with the web UI
# playing them in headless Chromium, without it, and with HOG on the people camera: frames offered, processed and
# dropped, CPU per process (about 17 minutes; with --quick, 5). --soak MINUTES (120 by default): the demo with viewers
# coming and going and a job every 5 minutes, sampled every minute (silo memory, handles, threads, grain activations,
# PostgreSQL's tables, dropped frames, the silo's log lines at its default level), each reported with its slope an hour.
set -euo pipefail
cd "$(dirname "$0")"
. deploy/setup.sh
video_install_dependencies
dotnet build tests/Orleans.Video.Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet tests/Orleans.Video.Benchmarks/bin/Release/net10.0/linux-x64/Orleans.Video.Benchmarks.dll "$@"
