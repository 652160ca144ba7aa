#!/usr/bin/env bash
# A kiosk under X with no window manager (xinit plus marquee), on Xvfb at 1920x1080:
#   fullscreen  the window covers the output (xwininfo), the root window's corners show the
#               theme's backdrop as `marquee render` draws it, not black (xwd); a window
#               resized by another client (xdotool) is drawn to its new corners; with
#               --rotate 90 the corners of a 1080x1920 render land turned clockwise.
#   boot        no display at start: the player waits (and is still running 30 s later,
#               having said so once; MARQUEE_BOOT_WAIT sets another wait), then draws once
#               Xvfb comes up.
# Usage: x11_test.sh fullscreen|boot MARQUEE SOURCE_DIR
set -euo pipefail
mode=$1 marquee=$2 src=$3
for tool in Xvfb xwininfo xwd convert; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (deploy/install-deps.sh --with-tests)"; exit 77; }
done
scratch=$(mktemp -d "${TMPDIR:-/tmp}/marquee-x11-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
export MARQUEE_STATE_DIR=$scratch/state SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy
unset WAYLAND_DISPLAY
cd "$src"

fail() { echo "FAIL: $*"; for f in "$scratch"/*.log; do echo "--- $f"; cat "$f"; done; exit 1; }

# A free display number: none of ours or anybody's is using it.
free_display() {
  for n in $(seq 140 240); do
    [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { echo ":$n"; return; }
  done
  return 1
}

start_xvfb() {  # $1: display
  Xvfb "$1" -screen 0 1920x1080x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    xwininfo -root -display "$1" >/dev/null 2>&1 && return
    sleep 0.05
  done
  fail "Xvfb did not start on $1"
}

wait_for_log() {  # $1: file, $2: text, $3: seconds
  for _ in $(seq $(($3 * 10))); do
    grep -qF "$2" "$1" 2>/dev/null && return
    sleep 0.1
  done
  fail "no '$2' in $1 after $3 s"
}

# "R,G,B" of pixel ($2, $3) in picture $1.
pixel() {
  convert "$1" -format "%[fx:int(255*p{$2,$3}.r+0.5)],%[fx:int(255*p{$2,$3}.g+0.5)],%[fx:int(255*p{$2,$3}.b+0.5)]" info:
}
close_to() {  # $1 $2: "R,G,B"; within 8 per channel
  local IFS=,
  read -r r1 g1 b1 <<<"$1"
  read -r r2 g2 b2 <<<"$2"
  for d in $((r1 - r2)) $((g1 - g2)) $((b1 - b2)); do ((d > -9 && d < 9)) || return 1; done
}
not_black() { local IFS=,; read -r r g b <<<"$1"; ((r + g + b > 24)); }

# The welcome slide, early in its turn: a still picture, the same in the render.
at=2024-09-18T10:00:02

case "$mode" in
fullscreen)
  display=$(free_display)
  start_xvfb "$display"
  export DISPLAY=$display
  "$marquee" play playlists/expo-hall.yaml --fullscreen --at "$at" --seconds 20 \
    >"$scratch/play.log" 2>&1 &
  pids+=($!)
  wait_for_log "$scratch/play.log" "playing on 1920x1080" 10
  sleep 2
  geometry=$(xwininfo -root -tree | grep '"marquee' | head -1)
  [[ "$geometry" == *" 1920x1080+0+0 "* ]] || fail "window geometry: $geometry"
  echo "window: $geometry"
  xwd -root -silent >"$scratch/root.xwd"
  convert "xwd:$scratch/root.xwd" "$scratch/root.png"
  "$marquee" render playlists/expo-hall.yaml --at "$at" --size 1920x1080 --out "$scratch/render.png" \
    >"$scratch/render.log" 2>&1
  for corner in "0 0" "1919 0" "0 1079" "1919 1079"; do
    got=$(pixel "$scratch/root.png" $corner)
    want=$(pixel "$scratch/render.png" $corner)
    echo "corner $corner: screen $got, render $want"
    not_black "$got" || fail "corner $corner is black"
    close_to "$got" "$want" || fail "corner $corner is $got, the render has $want"
  done
  # A screen on its side: laid out at 1080x1920 and turned clockwise onto the output, so the
  # picture's top-left corner is the output's top-right one, and so on round.
  kill -9 "${pids[-1]}"
  "$marquee" play playlists/expo-hall.yaml --fullscreen --rotate 90 --at "$at" --seconds 20 \
    >"$scratch/portrait.log" 2>&1 &
  pids+=($!)
  wait_for_log "$scratch/portrait.log" "the picture turned 90 degrees" 10
  sleep 2
  xwd -root -silent >"$scratch/portrait.xwd"
  convert "xwd:$scratch/portrait.xwd" "$scratch/portrait.png"
  "$marquee" render playlists/expo-hall.yaml --at "$at" --size 1080x1920 \
    --out "$scratch/render-portrait.png" >"$scratch/render.log" 2>&1
  for pair in "0 0:1919 0" "1079 0:1919 1079" "1079 1919:0 1079" "0 1919:0 0"; do
    got=$(pixel "$scratch/portrait.png" ${pair#*:})
    want=$(pixel "$scratch/render-portrait.png" ${pair%:*})
    echo "portrait corner ${pair%:*} on the screen at ${pair#*:}: screen $got, render $want"
    close_to "$got" "$want" || fail "portrait corner ${pair%:*} shows $got, the render has $want"
  done
  kill -9 "${pids[-1]}"
  # Another client resizes the window (a tiling window manager would): the picture follows.
  if command -v xdotool >/dev/null; then
    "$marquee" play playlists/expo-hall.yaml --window 640x360 --at "$at" --seconds 20 \
      >"$scratch/window.log" 2>&1 &
    pids+=($!)
    wait_for_log "$scratch/window.log" "playing on 640x360" 10
    id=$(xdotool search --sync --pid "${pids[-1]}" | head -1)
    xdotool windowsize --sync "$id" 1000 700
    wait_for_log "$scratch/window.log" "the window is 1000x700 now" 5
    sleep 1
    xwd -id "$id" -silent >"$scratch/window.xwd"
    convert "xwd:$scratch/window.xwd" "$scratch/window.png"
    size=$(convert "$scratch/window.png" -format '%wx%h' info:)
    [[ "$size" == 1000x700 ]] || fail "the resized window is $size"
    "$marquee" render playlists/expo-hall.yaml --at "$at" --size 1000x700 --out "$scratch/render-1000.png" \
      >"$scratch/render.log" 2>&1
    for corner in "999 699" "999 0" "0 699"; do
      got=$(pixel "$scratch/window.png" $corner)
      want=$(pixel "$scratch/render-1000.png" $corner)
      echo "resized corner $corner: window $got, render $want"
      close_to "$got" "$want" || fail "resized corner $corner is $got, the render has $want"
    done
  else
    echo "not checked: a resize by another client (xdotool is missing)"
  fi
  ;;
boot)
  display=$(free_display)
  export DISPLAY=$display
  wait_s=${MARQUEE_BOOT_WAIT:-30}
  "$marquee" play playlists/expo-hall.yaml --fullscreen --at "$at" >"$scratch/boot.log" 2>&1 &
  player=$!
  pids+=($player)
  sleep "$wait_s"
  kill -0 "$player" 2>/dev/null || fail "the player exited while there was no display"
  n=$(grep -c "no display yet" "$scratch/boot.log" || true)
  [[ "$n" == 1 ]] || fail "'no display yet' logged $n times in $wait_s s (once a minute wanted)"
  grep -q "playing on" "$scratch/boot.log" && fail "it played without a display"
  echo "still waiting after $wait_s s, said so once"
  start_xvfb "$display"
  wait_for_log "$scratch/boot.log" "playing on 1920x1080" 10
  grep -q "a display appeared after" "$scratch/boot.log" || fail "no line for the display appearing"
  sleep 2
  xwd -root -silent >"$scratch/root.xwd"
  convert "xwd:$scratch/root.xwd" "$scratch/root.png"
  got=$(pixel "$scratch/root.png" 1919 1079)
  not_black "$got" || fail "nothing drawn after the display appeared (corner $got)"
  echo "drawing once the display appeared (corner $got)"
  kill -0 "$player" || fail "the player stopped"
  ;;
*)
  echo "usage: x11_test.sh fullscreen|boot MARQUEE SOURCE_DIR" >&2
  exit 2
  ;;
esac
echo PASS
