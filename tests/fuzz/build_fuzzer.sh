#!/bin/sh
# build_fuzzer.sh - builds the libFuzzer target fuzz_engine with clang in a
# build folder of its own, and runs it.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

PROG=build_fuzzer.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
    cat <<EOF
usage: $PROG [OPTIONS]

Configures the project with clang (CMAKE_C_COMPILER=clang, warnings not
fatal) in BUILD, builds only the fuzz_engine target (engine, narrative and
catalog compiled with -fsanitize=fuzzer,address,undefined), then runs it
on the seed corpus tests/fuzz/corpus plus BUILD/corpus (where new inputs
go), keeping crashing inputs in BUILD/artifacts/.

Options:
  --build-dir BUILD  (default: \${TMPDIR:-/tmp}/tcp-explain-build-fuzz)
  --cc PATH          the clang to use (default: clang)
  --runs N           stop after N inputs (default 20000)
  --time SECONDS     stop after SECONDS instead (-max_total_time)
  --jobs J           J fuzzing processes in parallel (libFuzzer -fork=J)
  --no-run           only build
  -h, --help         show this help

Exit status: 0 built (and the run found nothing), 1 the fuzzer found a
crash, a sanitizer report or a broken promise (see BUILD/artifacts), 2
could not build (clang or libFuzzer missing).
EOF
}

die() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit 2
}

BUILD=${TMPDIR:-/tmp}/tcp-explain-build-fuzz
CC_CLANG=clang
RUNS=20000
TIME=
JOBS=
RUN=1
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; BUILD=$2; shift 2 ;;
        --cc) [ $# -ge 2 ] || die "--cc needs a value"; CC_CLANG=$2; shift 2 ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; TIME=; shift 2 ;;
        --time) [ $# -ge 2 ] || die "--time needs a value"; TIME=$2; shift 2 ;;
        --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; JOBS=$2; shift 2 ;;
        --no-run) RUN=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
for n in "$RUNS" ${TIME:+"$TIME"} ${JOBS:+"$JOBS"}; do
    case $n in
        ''|*[!0-9]*) die "'$n' is not a number" ;;
    esac
done

CLANG=$(command -v "$CC_CLANG" 2>/dev/null) ||
    die "clang not found ('$CC_CLANG'); install clang (Debian: apt-get install clang) or use --cc"
command -v cmake >/dev/null 2>&1 || die "cmake not found"

mkdir -p "$BUILD"
BUILD=$(CDPATH='' cd -- "$BUILD" && pwd)
printf '== configuring %s with %s\n' "$BUILD" "$CLANG"
if ! cmake -S "$REPO" -B "$BUILD" -DCMAKE_C_COMPILER="$CLANG" -DEXPLAIN_WERROR=OFF \
        -DBUILD_TESTING=ON >"$BUILD/configure.log" 2>&1; then
    tail -n 30 "$BUILD/configure.log"
    die "cmake configure failed (log: $BUILD/configure.log)"
fi
printf '== building fuzz_engine\n'
if ! cmake --build "$BUILD" --target fuzz_engine -j "$(nproc 2>/dev/null || echo 2)" \
        >"$BUILD/build.log" 2>&1; then
    tail -n 30 "$BUILD/build.log"
    die "building fuzz_engine failed (log: $BUILD/build.log); does $CLANG have libFuzzer (libclang-rt / compiler-rt)?"
fi
FUZZER=$(find "$BUILD/tests/fuzz" -maxdepth 1 -type f -name fuzz_engine | head -n 1)
[ -n "$FUZZER" ] || die "fuzz_engine not found under $BUILD/tests/fuzz"
printf '== built %s\n' "$FUZZER"
[ "$RUN" -eq 1 ] || exit 0

mkdir -p "$BUILD/corpus" "$BUILD/artifacts"
set -- -seed=1 -max_len=4096 -rss_limit_mb=1024 -malloc_limit_mb=512 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/"
if [ -n "$TIME" ]; then
    set -- "$@" -max_total_time="$TIME"
else
    set -- "$@" -runs="$RUNS"
fi
[ -z "$JOBS" ] || set -- "$@" -fork="$JOBS" -ignore_crashes=0
printf '== running %s %s\n' "$FUZZER" "$*"
rc=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$FUZZER" "$@" "$BUILD/corpus" "$SCRIPT_DIR/corpus" >"$BUILD/fuzz.log" 2>&1 || rc=$?
grep -e '^stat::' -e 'Done ' -e 'ERROR' -e 'SUMMARY' -e 'runtime error' -e 'deadly signal' \
    -e 'out-of-memory' -e 'Test unit written' "$BUILD/fuzz.log" || true
if [ "$rc" -ne 0 ]; then
    printf '%s: the fuzzer stopped with status %d: see %s and %s\n' "$PROG" "$rc" "$BUILD/fuzz.log" "$BUILD/artifacts"
    exit 1
fi
printf '%s: no crash, no sanitizer report (log: %s)\n' "$PROG" "$BUILD/fuzz.log"
