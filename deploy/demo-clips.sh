#!/usr/bin/env bash
# Generates the demo clips with ffmpeg's lavfi sources (nothing is downloaded):
#   shapes.mp4  a white square moving and a still grey square over a dark background
#   text.mp4    lines of text scrolling across the frame
#   people.mp4  real pedestrian footage: vtest.avi from Debian's opencv-doc (when installed) as H.264, which
#               recordings and browsers play (the original is MPEG-4 Part 2)
# Usage: deploy/demo-clips.sh <output dir>
set -euo pipefail
out=${1:?output directory}
mkdir -p "$out"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

if [ ! -s "$out/shapes.mp4" ]; then
  ffmpeg -loglevel error -y \
    -f lavfi -i "color=c=0x101018:s=1280x720:r=25:d=20" \
    -f lavfi -i "color=c=white:s=160x160:r=25:d=20" \
    -filter_complex "[0][1]overlay=x='80+mod(6*n\,1000)':y='200+150*sin(n/25)',drawbox=x=900:y=420:w=140:h=140:color=0x606060:t=fill" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 25 "$out/shapes.mp4.tmp.mp4"
  mv "$out/shapes.mp4.tmp.mp4" "$out/shapes.mp4"
fi

if [ ! -s "$out/text.mp4" ]; then
  ffmpeg -loglevel error -y \
    -f lavfi -i "color=c=0xf0f0f0:s=1280x720:r=25:d=20" \
    -vf "drawtext=fontfile=$font:text='ORLEANS VIDEO 2026':fontsize=72:fontcolor=black:x='w-mod(t*160\,w+tw)':y=150,drawtext=fontfile=$font:text='Camera 42 - Gate B':fontsize=56:fontcolor=0x202080:x=120:y='400+60*sin(t)'" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 25 "$out/text.mp4.tmp.mp4"
  mv "$out/text.mp4.tmp.mp4" "$out/text.mp4"
fi

# Debian's opencv-doc ships OpenCV's sample footage; setup.sh installs it where apt has it.
vtest=/usr/share/doc/opencv-doc/examples/data/vtest.avi
if [ -f "$vtest" ] && [ ! -s "$out/people.mp4" ]; then
  ffmpeg -loglevel error -y -i "$vtest" -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 10 "$out/people.mp4.tmp.mp4"
  mv "$out/people.mp4.tmp.mp4" "$out/people.mp4"
fi
