#!/usr/bin/env bash
# Installs marquee's Debian 12 build, run and test dependencies; idempotent, safe to run twice.
set -euo pipefail

build_pkgs=(
  g++ cmake make pkg-config git clang-format
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
  libvlc-dev vlc-plugin-base
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev
  libyaml-cpp-dev libhowardhinnant-date-dev tzdata
  libcli11-dev libspdlog-dev nlohmann-json3-dev
  libqrencode-dev libfontconfig-dev libsystemd-dev
  libpugixml-dev libical-dev libcpp-httplib-dev ca-certificates libssl-dev liblo-dev libdrm-dev
  libmosquitto-dev libarchive-dev
  fonts-inter fonts-dejavu-core
  dpkg-dev
)
test_pkgs=(
  libgtest-dev libzbar-dev zbar-tools ffmpeg xvfb xauth vlc-bin vlc-plugin-video-output
  clang libclang-rt-14-dev
  systemd man-db
  liblo-tools chromium mosquitto mosquitto-clients openssl
  x11-utils x11-apps imagemagick xdotool
)

# --with-tests: the test and bench packages too. --quiet: say nothing when all are there.
want=("${build_pkgs[@]}")
quiet=false
for arg in "$@"; do
  case "$arg" in
    --with-tests) want+=("${test_pkgs[@]}") ;;
    --quiet) quiet=true ;;
    *) echo "usage: deploy/install-deps.sh [--with-tests] [--quiet]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  $quiet || echo "deploy/install-deps.sh: all ${#want[@]} packages present"
  exit 0
fi

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "deploy/install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
