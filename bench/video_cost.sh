#!/usr/bin/env bash
# Cost bench: CPU s/min and peak RSS of `marquee play` vs `cvlc --vout=xcb_x11` on one 1080p H.264 file under Xvfb.
#
#   bench/video_cost.sh [SECONDS]        (default 60)
#   MARQUEE=path/to/marquee VIDEO=file.mp4 bench/video_cost.sh 30
#
# Needs Xvfb, ffmpeg, cvlc with vlc-plugin-video-output (for xcb_x11), and a built
# marquee. marquee plays a one-slide playlist (the file, fullscreen, no overlays), as a
# screen that shows only the film does. Each round runs cvlc and marquee side by side, at the same
# time, fullscreen on two Xvfb screens of their own, so both meet the same machine load
# and neither X server serves the other. Rounds: SDL's defaults (marquee's --renderer auto, which
# takes software where GL is llvmpipe), SDL's software renderer drawing straight into an XShm
# window, and OpenGL asked for (llvmpipe under Xvfb).
# The floor (bench_floor --film-only, beside the marquee found) plays the same file in a third
# Xvfb on the round's renderer: libvlc into a streaming texture, each frame drawn once. It is
# what any SDL program pays for the film, so it tells marquee's own share from the renderer's.
# Each process is measured from /proc/PID/stat (utime+stime, all threads) and
# /proc/PID/status (VmHWM) just before it is stopped; its X server's CPU is shown too,
# since XPutImage work lands there.
set -euo pipefail

seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

player=${MARQUEE:-}
if [[ -z $player ]]; then
  for candidate in "$root"/build/marquee "$root"/build*/marquee; do
    # A sanitizer build would measure AddressSanitizer, not the player.
    if [[ -x $candidate ]] && ! ldd "$candidate" | grep -q libasan; then
      player=$candidate
      break
    fi
  done
fi
[[ -x $player ]] || { echo "marquee not found; build it or set MARQUEE=" >&2; exit 1; }
floor=${FLOOR:-$(dirname "$player")/bench/bench_floor}
[[ -x $floor ]] || { echo "bench_floor not found beside marquee; build it or set FLOOR=" >&2; exit 1; }
for tool in Xvfb ffmpeg cvlc; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

video=${VIDEO:-}
if [[ -z $video ]]; then
  video=$work/hd.mp4
  echo "making a 20 s 1080p25 H.264 clip (testsrc2, crf 23) ..."
  ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i testsrc2=s=1920x1080:r=25:d=20 \
    -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -g 50 "$video"
fi

mkdir -p "$work/playlists" "$work/assets"
cp "$video" "$work/assets/film.mp4"  # inside the playlist's content root
cat >"$work/playlists/film.yaml" <<EOF
screen: film-only
slides:
  - id: film
    video: { file: ../assets/film.mp4, fit: contain }
    duration: 1h
    overlays: false
EOF
chmod -R a+rX "$work"

# VLC refuses to run as root; then both players run as nobody, so they are measured alike.
as_user=()
if [[ $(id -u) == 0 ]]; then
  mkdir -p "$work/home" && chown nobody "$work/home"
  chmod 644 "$video"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work/home")
fi

# Starts an Xvfb on a free display; sets xvfb_pid and display.
start_xvfb() {
  local file=$work/display.$RANDOM
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$file" 2>/dev/null &
  xvfb_pid=$!
  pids+=("$xvfb_pid")
  for _ in $(seq 100); do [[ -s $file ]] && break; sleep 0.05; done
  display=:$(cat "$file")
}

clk=$(getconf CLK_TCK)
# utime + stime of every thread: the fields after the ")" that closes the command name.
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
per_minute() { awk -v t="$1" -v c="$clk" -v s="$seconds" 'BEGIN {printf "%.2f", t / c * 60 / s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# round NAME FLOOR_RENDERER ENV... [-- PLAY_ARGS...] : cvlc, the player and the floor side by
# side for $seconds.
round() {
  local name=$1 floor_renderer=$2; shift 2
  local xa xb xc da db dc a b c x0a x0b x0c
  local -a env_vars=() play_args=()
  while (($#)) && [[ $1 != -- ]]; do env_vars+=("$1"); shift; done
  (($#)) && shift && play_args=("$@")
  set -- "${env_vars[@]}"
  start_xvfb; xa=$xvfb_pid; da=$display
  start_xvfb; xb=$xvfb_pid; db=$display
  start_xvfb; xc=$xvfb_pid; dc=$display
  x0a=$(ticks "$xa"); x0b=$(ticks "$xb"); x0c=$(ticks "$xc")
  DISPLAY=$da "${as_user[@]}" cvlc --vout=xcb_x11 --fullscreen --no-audio --input-repeat=65535 \
    --no-video-title-show --no-osd --quiet "$video" >"$work/cvlc.log" 2>&1 &
  a=$!
  DISPLAY=$db "${as_user[@]}" env BENCH_ROUND="$name" "$@" "$player" play "$work/playlists/film.yaml" --fullscreen "${play_args[@]}" \
    >"$work/$name.log" 2>&1 &
  b=$!
  DISPLAY=$dc "${as_user[@]}" "$floor" --film-only --renderer "$floor_renderer" \
    --seconds $((seconds * 2)) --video "$video" >"$work/floor.log" 2>&1 &
  c=$!
  pids+=("$a" "$b" "$c")
  sleep "$seconds"
  for pid in "$a" "$b" "$c"; do
    kill -0 "$pid" 2>/dev/null || { echo "a player exited early:" >&2; cat "$work"/*.log >&2; exit 1; }
  done
  local ta tb tc ra rb rc xta xtb xtc
  ta=$(per_minute "$(ticks "$a")"); tb=$(per_minute "$(ticks "$b")"); tc=$(per_minute "$(ticks "$c")")
  ra=$(awk '/VmHWM/ {print $2 / 1024}' "/proc/$a/status")
  rb=$(awk '/VmHWM/ {print $2 / 1024}' "/proc/$b/status")
  rc=$(awk '/VmHWM/ {print $2 / 1024}' "/proc/$c/status")
  xta=$(per_minute "$(($(ticks "$xa") - x0a))"); xtb=$(per_minute "$(($(ticks "$xb") - x0b))")
  xtc=$(per_minute "$(($(ticks "$xc") - x0c))")
  kill -TERM "$a" "$b" "$c"; wait "$a" "$b" "$c" 2>/dev/null || true
  kill "$xa" "$xb" "$xc"; wait "$xa" "$xb" "$xc" 2>/dev/null || true
  printf '%s\n' "round: $name ${*:-(SDL defaults)} ${play_args[*]}; floor on $floor_renderer"
  printf '  %-8s %6s CPU s/min  %6.1f MB peak RSS  (its Xvfb: %s CPU s/min)\n' \
    cvlc "$ta" "$ra" "$xta" marquee "$tb" "$rb" "$xtb" floor "$tc" "$rc" "$xtc"
  printf '  marquee/cvlc: CPU %sx (with X servers %sx), peak RSS %sx\n' "$(ratio "$tb" "$ta")" \
    "$(ratio "$(awk -v a="$tb" -v b="$xtb" 'BEGIN {print a + b}')" \
             "$(awk -v a="$ta" -v b="$xta" 'BEGIN {print a + b}')")" "$(ratio "$rb" "$ra")"
  printf '  floor/cvlc: CPU %sx; marquee/floor: CPU %sx\n' "$(ratio "$tc" "$ta")" "$(ratio "$tb" "$tc")"
  printf '  marquee: %s\n' "$(grep -o 'with the .* renderer\|presented .*' "$work/$name.log" | paste -sd ';')"
}

echo "file: $video; ${seconds} s per round; 1920x1080x24 Xvfb screens; audio off; looping"
round sdl-default software
round sdl-software software SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
# marquee's auto choice takes software where GL is llvmpipe; this round asks for GL.
round llvmpipe opengl -- --renderer opengl
