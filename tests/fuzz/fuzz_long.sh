#!/bin/sh
# fuzz_long.sh - the long fuzz runs, for a developer machine or a nightly
# job: the libFuzzer engine target for half the time, then editcap -E
# corruption of the fixtures and real captures for the other half.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

PROG=fuzz_long.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
    cat <<EOF
usage: $PROG [--build-dir DIR] [--plugins DIR] [--sanitizers] [SECONDS]

SECONDS (default 3600) is split in two:
  1. build_fuzzer.sh --time SECONDS/2 (clang; corpus kept in
     \${TMPDIR:-/tmp}/tcp-explain-build-fuzz/corpus, crashes in .../artifacts)
  2. editcap_fuzz.sh 1000000 SECONDS/2 over the build's fixtures, event
     captures and ../shared/captures when present (failing inputs kept in
     DIR/fuzz-failures)
--build-dir DIR  the build holding the plugin and fixtures (default:
                 \$EXPLAIN_BUILD_DIR, else $REPO/build)
--plugins DIR    another staged plugin (e.g. an -DEXPLAIN_SANITIZE=ON
                 build's DIR/stage/plugins, with --sanitizers)
--sanitizers     passed to editcap_fuzz.sh
Exit status: 0 nothing found, 1 something found, 2 could not run.
EOF
}

BUILD_DIR=${EXPLAIN_BUILD_DIR:-$REPO/build}
PLUGINS=
SAN=
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || { usage >&2; exit 2; }; BUILD_DIR=$2; shift 2 ;;
        --plugins) [ $# -ge 2 ] || { usage >&2; exit 2; }; PLUGINS=$2; shift 2 ;;
        --sanitizers) SAN=--sanitizers; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) printf '%s: unknown option %s\n' "$PROG" "$1" >&2; exit 2 ;;
        *) break ;;
    esac
done
SECONDS_ALL=${1:-3600}
case $SECONDS_ALL in
    ''|*[!0-9]*) printf '%s: SECONDS must be a number\n' "$PROG" >&2; exit 2 ;;
esac
HALF=$((SECONDS_ALL / 2))
[ "$HALF" -gt 0 ] || HALF=1

rc=0
sh "$SCRIPT_DIR/build_fuzzer.sh" --time "$HALF" || rc=$?
[ "$rc" -ne 2 ] || exit 2
rc2=0
sh "$SCRIPT_DIR/editcap_fuzz.sh" --build-dir "$BUILD_DIR" ${PLUGINS:+--plugins "$PLUGINS"} $SAN \
    --quiet 1000000 "$HALF" || rc2=$?
[ "$rc2" -ne 2 ] || exit 2
if [ "$rc" -ne 0 ] || [ "$rc2" -ne 0 ]; then
    printf '%s: something was found (see above)\n' "$PROG"
    exit 1
fi
printf '%s: nothing found in %s s\n' "$PROG" "$SECONDS_ALL"
