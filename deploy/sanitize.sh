#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UBSan in build-asan and runs the tests there; arguments go to ctest (e.g. -R Hostile).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MARQUEE_ASAN_BUILD:-build-asan}
jobs=${JOBS:-$(nproc)}

# No -Werror: under ASan, g++ 12 warns falsely (-Wrestrict in std::string); the normal build keeps warnings fatal.
# -O1 -g1: ASan's usual level, and much quicker to compile than -O2 -g (journal_test.cpp: 30 s
# against 70; CI builds twice); no -DNDEBUG, so the renderer's asserts are checked here too.
# The stacks keep file:line.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DMARQUEE_SANITIZE=ON -DMARQUEE_WERROR=OFF >/dev/null
cmake --build "$build" -j"$jobs"
# Leaks count as failures, and UBSan stops at the first finding with a stack, so no report scrolls by unnoticed.
export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# print_suppressions=0: the tally of used suppressions would land in the output that tests
# of the binary compare.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# A failing test runs once more: LeakSanitizer's own tracer sometimes crashes at exit
# ("Tracer caught signal 11 ... LeakSanitizer has encountered a fatal error") while
# libvlc's threads wind down, after the test itself passed. A real leak or ASan/UBSan
# report fails both runs; the normal build runs every test once, without retries.
ctest --test-dir "$build" --output-on-failure -j"$jobs" --repeat until-pass:2 "$@"
