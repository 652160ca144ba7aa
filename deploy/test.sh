#!/usr/bin/env bash
# Quick-start test command (and what CI runs): installs, builds with -Werror, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

./deploy/install-deps.sh --with-tests
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMARQUEE_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
ctest --test-dir build-test --output-on-failure -j"$(nproc)"
