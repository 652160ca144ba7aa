#!/bin/sh
# Writes a synthetic playlist of N title slides for bench_resolve_cost: every 10th shown at lunch.
# Usage: bench/big_playlist.sh N OUT.yaml [spread]
#   spread: every 10th slide gets an hour of its own instead, starting at a different minute of
#   the day, so that the day has hundreds of window edges rather than three.
set -eu
n=$1
out=$2
spread=${3:-}
theme=$(cd "$(dirname "$0")/.." && pwd)/themes/pytorch-conf-2024.yaml
{
  echo "# A synthetic playlist of $n slides (bench only)."
  echo "screen: big"
  echo "theme: $theme"
  echo "timezone: America/Los_Angeles"
  echo "defaults: { duration: 7s, transition: fade }"
  echo "slides:"
  i=0
  while [ "$i" -lt "$n" ]; do
    if [ $((i % 10)) -eq 3 ]; then
      window='"12:00-13:00"'
      if [ -n "$spread" ]; then
        start=$(((i / 10) * 7 % 1380))
        window=$(printf '"%02d:%02d-%02d:%02d"' $((start / 60)) $((start % 60)) \
          $(((start + 60) / 60)) $(((start + 60) % 60)))
      fi
      echo "  - { id: s$i, title: { headline: \"Session $i\" }, show: { times: [$window] } }"
    else
      echo "  - { id: s$i, title: { headline: \"Slide $i\", body: \"Fort Mason Center\" } }"
    fi
    i=$((i + 1))
  done
} >"$out"
