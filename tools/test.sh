#!/usr/bin/env bash
# test.sh - build tcp-explain with warnings as errors and run every test:
# engine and catalog unit tests, and tshark with the plugin (integration).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tools/test.sh [CTEST_ARGUMENTS...]
#   e.g. tools/test.sh -R integration      only the tshark tests
# Installs missing packages first (tools/install-deps.sh), configures into
# build/ (or $EXPLAIN_BUILD_DIR) with -DEXPLAIN_WERROR=ON, builds, and runs
# ctest --output-on-failure with the given arguments.

set -euo pipefail

case ${1:-} in
    -h|--help)
        sed -n '7,11s/^# \{0,1\}//p' "$0"
        exit 0 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EXPLAIN_BUILD_DIR:-$root/build}

"$root/tools/install-deps.sh"

cmake -S "$root" -B "$build" -DEXPLAIN_WERROR=ON
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"
cd "$build"
ctest --output-on-failure "$@"
