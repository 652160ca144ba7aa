#!/usr/bin/env bash
# The peer deck side by side in one run: marquee (auto and OpenGL renderers), the floor program
# on both, Chromium in kiosk mode on the same deck as HTML, and cvlc on the deck's film. Each
# runs alone in its own Xvfb for SECONDS (default 60) after a warm-up, ROUNDS times (default
# 3), interleaved; prints CPU seconds a minute and memory (PSS; summed over every Chromium
# process) with their medians, and the ratios the budgets are stated in.
# Usage: bench/peers.sh [SECONDS] [ROUNDS] [WxH]   (build-test/ must hold marquee and bench_floor)
#        bench/peers.sh --make-film-only            (the deck's film, for bench/scenarios.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60} rounds=${2:-3} size=${3:-1920x1080}
width=${size%x*} height=${size#*x}
build=${MARQUEE_BUILD:-build-test}
warmup=5
film=bench/scenarios/media/peer-720p.mp4
mkdir -p "$(dirname "$film")"
if [[ ! -s $film ]]; then
  # 10 s of 720p30 H.264 with a moving picture, looped by every player.
  ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=10" \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p "$film"
fi
[[ ${1:-} == --make-film-only ]] && exit 0
export MARQUEE_CONTENT_ROOT=$PWD
out=$(mktemp -d)
trap 'rm -rf "$out"; pkill -P $$ Xvfb 2>/dev/null || true' EXIT

start_xvfb() {  # prints the display
  local n
  for n in $(seq 300 400); do
    [[ -e /tmp/.X11-unix/X$n ]] && continue
    Xvfb ":$n" -screen 0 "${width}x${height}x24" -nolisten tcp >/dev/null 2>&1 &
    for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
    echo ":$n $!"
    return
  done
}

# CPU ticks (utime+stime) of a process and all its descendants, and their PSS in KiB.
tree_pids() {
  local root=$1
  ps -e -o pid=,ppid= | awk -v root="$root" '
    { parent[$1] = $2 } END { keep[root] = 1; changed = 1
      while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
      for (p in keep) print p }'
}
tree_ticks() {
  local sum=0 p
  for p in $(tree_pids "$1"); do
    [[ -r /proc/$p/stat ]] || continue
    sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo $sum
}
tree_pss() {
  local sum=0 p
  for p in $(tree_pids "$1"); do
    sum=$((sum + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo $sum
}
hz=$(getconf CLK_TCK)

# Runs a command in its own Xvfb; measures its process tree over `seconds` after `warmup`.
measure() {
  local name=$1; shift
  read -r display xvfb < <(start_xvfb)
  DISPLAY=$display "$@" >"$out/$name.log" 2>&1 &
  local pid=$!
  sleep "$warmup"
  local t0; t0=$(tree_ticks $pid)
  sleep "$seconds"
  local t1 pss; t1=$(tree_ticks $pid); pss=$(tree_pss $pid)
  kill -INT $pid 2>/dev/null || true
  sleep 1; pkill -KILL -P $pid 2>/dev/null || true; kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  kill $xvfb 2>/dev/null || true; wait $xvfb 2>/dev/null || true
  awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$seconds" -v pss="$pss" -v n="$name" \
    'BEGIN { printf "%s cpu_s_per_min=%.2f pss_mib=%.0f\n", n, (b - a) / hz * 60 / s, pss / 1024 }'
}

# VLC refuses to run as root: then cvlc runs as nobody.
as_user=()
if [[ $(id -u) == 0 ]]; then
  mkdir -p "$out/home" && chown nobody "$out/home" && chmod a+rx "$out"
  chmod a+r "$film"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$out/home")
fi
deck="$PWD/bench/peers/deck.html"
profile=$out/chromium-profile
total=$((warmup + seconds + 5))
runs=(
  "marquee-auto|$build/marquee bench bench/scenarios/peer-deck.yaml --size $size --renderer auto --seconds $total --at 2024-09-18T15:20:00"
  "marquee-opengl|$build/marquee bench bench/scenarios/peer-deck.yaml --size $size --renderer opengl --seconds $total --at 2024-09-18T15:20:00"
  "floor-software|$build/bench/bench_floor --renderer software --width $width --height $height --seconds $total --video $film"
  "floor-opengl|$build/bench/bench_floor --renderer opengl --width $width --height $height --seconds $total --video $film"
  "chromium|chromium --kiosk --no-sandbox --no-first-run --disable-background-networking --disable-component-update --disable-sync --autoplay-policy=no-user-gesture-required --window-position=0,0 --window-size=$width,$height --user-data-dir=$profile file://$deck"
  "cvlc|${as_user[*]} cvlc --quiet --no-audio --loop --fullscreen --vout=xcb_x11 --no-video-title-show --no-osd $film"
)
for round in $(seq "$rounds"); do
  for run in "${runs[@]}"; do
    name=${run%%|*} command=${run#*|}
    rm -rf "$profile"
    # marquee's clock starts at 15:20 venue time (--at), so the countdown shows minutes and
    # seconds, as the page's does.
    measure "$name" $command
  done | tee -a "$out/all"
done
echo "== medians over $rounds rounds, ${seconds} s each, $size"
awk '{ split($2, c, "="); split($3, m, "="); cpu[$1] = cpu[$1] " " c[2]; mem[$1] = mem[$1] " " m[2] }
  function median(list,   n, v, i, j, t) { n = split(list, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((n + 1) / 2)] }
  END { for (k in cpu) { mc[k] = median(cpu[k]); mm[k] = median(mem[k]); printf "%-16s %6.2f CPU-s/min  %5.0f MiB PSS\n", k, mc[k], mm[k] }
    if (mc["chromium"] > 0) printf "marquee-auto / chromium: CPU %.2fx, PSS %.2fx\n", mc["marquee-auto"] / mc["chromium"], mm["marquee-auto"] / mm["chromium"]
    if (mc["floor-software"] > 0) printf "marquee-auto / floor-software: CPU %.2fx\n", mc["marquee-auto"] / mc["floor-software"]
    if (mc["floor-opengl"] > 0) printf "marquee-opengl / floor-opengl: CPU %.2fx\n", mc["marquee-opengl"] / mc["floor-opengl"] }' "$out/all" | sort
