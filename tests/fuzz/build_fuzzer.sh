#!/bin/sh
# build_fuzzer.sh - builds a libFuzzer target (fuzz_engine, or fuzz_log)
# with clang in a build folder of its own, and runs it.
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
go), keeping crashing inputs in BUILD/artifacts/. With --target fuzz_log
it builds and runs the facts log codec's target instead, on
tests/fuzz/corpus_log plus BUILD/corpus_log, crashes in BUILD/artifacts_log/.

Options:
  --build-dir BUILD  (default: \${TMPDIR:-/tmp}/tcp-explain-build-fuzz)
  --cc PATH          the clang to use (default: clang)
  --target NAME      fuzz_engine (default) or fuzz_log
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
TARGET=fuzz_engine
RUNS=20000
TIME=
JOBS=
RUN=1
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; BUILD=$2; shift 2 ;;
        --cc) [ $# -ge 2 ] || die "--cc needs a value"; CC_CLANG=$2; shift 2 ;;
        --target) [ $# -ge 2 ] || die "--target needs a value"; TARGET=$2; shift 2 ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; TIME=; shift 2 ;;
        --time) [ $# -ge 2 ] || die "--time needs a value"; TIME=$2; shift 2 ;;
        --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; JOBS=$2; shift 2 ;;
        --no-run) RUN=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
case $TARGET in
    fuzz_engine) SUFFIX= ; LOG_NAME=fuzz.log ;;
    fuzz_log) SUFFIX=_log; LOG_NAME=fuzz_log.log ;;
    *) die "unknown target '$TARGET' (fuzz_engine or fuzz_log)" ;;
esac
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
printf '== building %s\n' "$TARGET"
if ! cmake --build "$BUILD" --target "$TARGET" -j "$(nproc 2>/dev/null || echo 2)" \
        >"$BUILD/build.log" 2>&1; then
    tail -n 30 "$BUILD/build.log"
    die "building $TARGET failed (log: $BUILD/build.log); does $CLANG have libFuzzer (libclang-rt / compiler-rt)?"
fi
FUZZER=$(find "$BUILD/tests/fuzz" -maxdepth 1 -type f -name "$TARGET" | head -n 1)
[ -n "$FUZZER" ] || die "$TARGET not found under $BUILD/tests/fuzz"
printf '== built %s\n' "$FUZZER"
[ "$RUN" -eq 1 ] || exit 0

CORPUS=$BUILD/corpus$SUFFIX
ARTIFACTS=$BUILD/artifacts$SUFFIX
LOG=$BUILD/$LOG_NAME
mkdir -p "$CORPUS" "$ARTIFACTS"
set -- -seed=1 -max_len=4096 -rss_limit_mb=1024 -malloc_limit_mb=512 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$ARTIFACTS/"
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
    "$FUZZER" "$@" "$CORPUS" "$SCRIPT_DIR/corpus$SUFFIX" >"$LOG" 2>&1 || rc=$?
grep -e '^stat::' -e 'Done ' -e 'ERROR' -e 'SUMMARY' -e 'runtime error' -e 'deadly signal' \
    -e 'out-of-memory' -e 'Test unit written' "$LOG" || true
if [ "$rc" -ne 0 ]; then
    printf '%s: the fuzzer stopped with status %d: see %s and %s\n' "$PROG" "$rc" "$LOG" "$ARTIFACTS"
    exit 1
fi
printf '%s: no crash, no sanitizer report (log: %s)\n' "$PROG" "$LOG"
