#!/usr/bin/env bash
# CPU seconds and peak RSS of `marquee play` on one playlist for N seconds, in a real X window
# (Xvfb) covering the screen. Usage: bench/play_cpu.sh MARQUEE PLAYLIST [SECONDS] [WxH]
# Prints: cpu_s=<user+sys> rss_kb=<peak> presents=<n> ticks=<n>. SDL_RENDER_DRIVER picks the
# renderer as usual.
set -euo pipefail
marquee=$1 playlist=$2 seconds=${3:-30} size=${4:-1920x1080}
display=":$((200 + RANDOM % 500))"
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
log=$(mktemp)
# SIGINT ends the loop as closing the window would (older builds have no --seconds).
DISPLAY=$display /usr/bin/time -f "cpu_s=%U+%S rss_kb=%M" timeout -s INT "$seconds" \
  "$marquee" play "$playlist" --window "$size" ${MARQUEE_PLAY_ARGS:-} >"$log" 2>&1 || true
cpu=$(grep -o 'cpu_s=[0-9.+]*' "$log" | sed 's/cpu_s=//' | awk -F+ '{printf "%.2f", $1 + $2}')
rss=$(grep -o 'rss_kb=[0-9]*' "$log" | sed 's/rss_kb=//')
presents=$(grep -o 'presented [0-9]* of [0-9]*' "$log" | awk '{print $2 " " $4}')
echo "cpu_s=$cpu rss_kb=$rss presents=${presents% *} ticks=${presents#* }"
rm -f "$log"
