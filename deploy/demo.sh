#!/usr/bin/env bash
# Quick-start demo: installs what is missing, builds, and plays the expo-hall playlist (or previews it headless).
set -euo pipefail
cd "$(dirname "$0")/.."
playlist=${1:-playlists/expo-hall.yaml}

./deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMARQUEE_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec ./build/marquee play "$playlist" --window 1280x720
fi
sheet="out/$(basename "$playlist" .yaml)-sheet.png"
mkdir -p out
./build/marquee preview "$playlist" --out "$sheet" >/dev/null
echo "No display found, so instead of a window: contact sheet of $playlist written to $sheet"
