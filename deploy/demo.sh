#!/usr/bin/env bash
# Quick-start demo: installs what is missing, builds, and plays the expo-hall playlist (or previews it headless).
set -euo pipefail
cd "$(dirname "$0")/.."
playlist=${1:-playlists/expo-hall.yaml}

./deploy/install-deps.sh --quiet
# A newcomer should see the demo, not a compiler at work: the build is silent unless it
# fails, and then the end of its log says why.
mkdir -p build
log=build/demo-build.log
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMARQUEE_TESTS=OFF &&
  cmake --build build -j"$(nproc)"; } >"$log" 2>&1; then
  echo "demo: the build failed; the last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit 1
fi

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec ./build/marquee play "$playlist" --window 1280x720
fi
sheet="out/$(basename "$playlist" .yaml)-sheet.png"
mkdir -p out
./build/marquee preview "$playlist" --out "$sheet" >/dev/null
echo "No display found, so instead of a window: contact sheet of $playlist written to $sheet"
