#!/usr/bin/env bash
# Fades against the floor, side by side in one run: `marquee bench bench/scenarios/fades.yaml`
# and `bench_floor --fades-only` (two full-screen pictures blended on every frame), each alone in
# its own Xvfb for SECONDS, ROUNDS times, interleaved; prints each run's frame p50 and p99 and the
# medians' ratios, which the budget is stated in (marquee's ≤ 1.25x the floor's).
# Usage: bench/fades.sh [SECONDS] [ROUNDS] [WxH] [RENDERER]   (build-test/ holds both programs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20} rounds=${2:-3} size=${3:-1920x1080} renderer=${4:-software}
width=${size%x*} height=${size#*x}
build=${MARQUEE_BUILD:-build-test}
bench/peers.sh --make-film-only
export MARQUEE_CONTENT_ROOT=$PWD
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for round in $(seq "$rounds"); do
  # Without DISPLAY, marquee bench starts an Xvfb of its own; the floor gets one here.
  env -u DISPLAY "$build/marquee" bench bench/scenarios/fades.yaml --seconds "$seconds" \
    --size "$size" --renderer "$renderer" --json 2>/dev/null |
    jq -r '"marquee \(.frame_ms.p50) \(.frame_ms.p99) \(.frames_presented)"' | tee -a "$out"
  display=":$((400 + round))"
  Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done
  DISPLAY=$display "$build/bench/bench_floor" --fades-only --renderer "$renderer" \
    --width "$width" --height "$height" --seconds "$seconds" \
    --video bench/scenarios/media/peer-720p.mp4 2>/dev/null |
    sed -E 's/.*presents=([0-9]+).*frame_ms_p50=([0-9.]+) frame_ms_p99=([0-9.]+).*/floor \2 \3 \1/' |
    tee -a "$out"
  kill $xvfb; wait $xvfb 2>/dev/null || true
done
awk '{ p50[$1] = p50[$1] " " $2; p99[$1] = p99[$1] " " $3 }
  function median(list,   n, v, i, j, t) { n = split(list, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((n + 1) / 2)] }
  END { printf "medians: marquee p50 %.2f p99 %.2f ms; floor p50 %.2f p99 %.2f ms; ratio p50 %.2fx, p99 %.2fx\n",
    median(p50["marquee"]), median(p99["marquee"]), median(p50["floor"]), median(p99["floor"]),
    median(p50["marquee"]) / median(p50["floor"]), median(p99["marquee"]) / median(p99["floor"]) }' "$out"
