#!/usr/bin/env bash
# Every bench scenario through `marquee bench` at 1280x720, 1920x1080 and 3840x2160: one table
# on stdout, one JSON file a run under OUT (default bench/out/<date>), for bench/RESULTS.md.
# Usage: bench/scenarios.sh [SECONDS] [SIZES...]   (build-test/ must hold marquee)
# MARQUEE_BENCH_ARGS adds options to every run (for example --renderer opengl).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(1280x720 1920x1080 3840x2160)
build=${MARQUEE_BUILD:-build-test}
out=${OUT:-bench/out/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
export MARQUEE_CONTENT_ROOT=$PWD
# The peer deck's film is made by bench/peers.sh; the video scenario plays the documentary.
[[ -s bench/scenarios/media/peer-720p.mp4 ]] || bench/peers.sh --make-film-only
# The countdown and the deck read minutes and seconds at 15:20 on the first day; the expo
# hall plays its morning, ticker, fades, video and all.
declare -A at=([countdown]=2024-09-18T15:20:00 [peer-deck]=2024-09-18T15:20:00
  [expo-hall]=2024-09-18T10:00:00)
scenarios=(still-title countdown fades push sponsors ticker video peer-deck expo-hall)
playlist_of() { [[ $1 == expo-hall ]] && echo playlists/expo-hall.yaml || echo "bench/scenarios/$1.yaml"; }

printf '%-12s %-10s %7s %5s %5s %8s %8s %8s %8s %9s %8s %8s\n' scenario size frames late \
  dropped p50_ms p95_ms p99_ms max_ms "core_%" rss_mib first_ms
for size in "${sizes[@]}"; do
  for name in "${scenarios[@]}"; do
    json=$out/$name-$size.json
    args=(--seconds "$seconds" --size "$size" --json)
    [[ -n ${at[$name]:-} ]] && args+=(--at "${at[$name]}")
    # shellcheck disable=SC2086
    "$build/marquee" bench "$(playlist_of "$name")" "${args[@]}" ${MARQUEE_BENCH_ARGS:-} \
      >"$json" 2>"$out/$name-$size.log" || { echo "$name $size: failed, see $out/$name-$size.log"; continue; }
    jq -r --arg n "$name" --arg s "$size" '[$n, $s, .frames_presented, .late_frames,
      .dropped_frames, .frame_ms.p50, .frame_ms.p95, .frame_ms.p99, .frame_ms.max,
      100 * .cpu_share_after_first_frame, .peak_rss_kib / 1024, .start_to_first_frame_ms]
      | "\(.[0]) \(.[1]) \(.[2]) \(.[3]) \(.[4]) \(.[5]) \(.[6]) \(.[7]) \(.[8]) \(.[9]) \(.[10]) \(.[11])"' \
      "$json" | awk '{ printf "%-12s %-10s %7d %5d %5d %8.2f %8.2f %8.2f %8.2f %9.2f %8.0f %8.0f\n",
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }'
  done
done
echo "JSON in $out"
