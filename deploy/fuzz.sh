#!/usr/bin/env bash
# Builds the config-layer fuzzer with clang (libFuzzer, ASan, UBSan) and runs it for SECONDS (default 60), then prints its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${MARQUEE_FUZZ_BUILD:-build-fuzz}

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMARQUEE_FUZZ=ON -DMARQUEE_TESTS=OFF >/dev/null
cmake --build "$build" --target playlist_fuzzer -j"${JOBS:-2}" >/dev/null

# libFuzzer adds what it finds to the first folder, so the committed seeds stay as they are.
found="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
log="$build/fuzz-$$.log"
mkdir -p "$found" "$artifacts"
echo "fuzz.sh: running playlist_fuzzer for ${seconds}s (log: $log)"
set +e
"$build/tests/fuzz/playlist_fuzzer" "$found" tests/fuzz/corpus \
  -dict=tests/fuzz/yaml.dict -max_total_time="$seconds" -max_len=65536 \
  -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
status=$?
set -e

# The figures: executions, speed, coverage (cov: edges, ft: features), and any finding.
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
stat() { grep -E "^stat::$1:" "$log" | awk '{print $2}'; }
echo "fuzz.sh: ${last:-no progress line}"
echo "fuzz.sh: execs $(stat number_of_executed_units), $(stat average_exec_per_sec) exec/s," \
  "new units $(stat new_units_added), peak RSS $(stat peak_rss_mb) MB"
if ((status != 0)); then
  grep -E 'ERROR:|SUMMARY:|Test unit written to' "$log" || true
  echo "fuzz.sh: FAILED (exit $status); reproduce with: $build/tests/fuzz/playlist_fuzzer FILE" >&2
  exit "$status"
fi
echo "fuzz.sh: no crash, leak, timeout or out-of-memory"
