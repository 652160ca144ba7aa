#!/usr/bin/env bash
# Regenerates marquee's demo images from the SVG sources beside this script (needs librsvg2-bin, fonts-inter).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../images"
cp "$here/event-mark.svg" "$out/event-mark.svg"
rsvg-convert -w 1600 -h 900 "$here/venue-map.svg" -o "$out/venue-map.png"
rsvg-convert -w 1920 -h 1080 "$here/backdrop.svg" -o "$out/backdrop.png"
echo "wrote $out/event-mark.svg venue-map.png backdrop.png"
