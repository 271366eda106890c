#!/bin/sh
# editcap_fuzz.sh - Wireshark's own fuzz approach on the explain plugin:
# corrupt captures with `editcap -E RATE` and run tshark with the plugin on
# each. Any crash, hang, explain bug report (malformed packet or dissector
# bug in explain) or sanitizer report is a failure; the input that caused
# it is kept.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck disable=SC2086 # word lists on purpose
set -eu

PROG=editcap_fuzz.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
    cat <<EOF
usage: $PROG [OPTIONS] [RUNS] [SECONDS]

Makes up to RUNS (default 1000) corrupted copies of the input captures with
editcap -E at the error rates $RATES (each input gets every rate in
turn, with a different --seed each run), and runs "tshark -2 -V" with the
plugin on each, stopping early when SECONDS (default 600) have passed.
Every run is deterministic: run I uses seed SEED+I.

Options:
  --build-dir DIR  CMake build folder (default: \$EXPLAIN_BUILD_DIR, else
                   $REPO/build): plugin in DIR/stage/plugins, default
                   inputs DIR/tests/fixtures and DIR/tests/events
  --plugins DIR    the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --inputs PATH    a capture, or a folder of them (repeatable); replaces
                   the default inputs: the build's fixtures, and
                   ../shared/captures next to the repository when present
  --max-size BYTES skip inputs bigger than this (default 600000)
  --keep DIR       where failing inputs are kept (default: DIR/fuzz-failures
                   of the build folder)
  --seed N         first seed (default 1)
  --tshark PATH    tshark to run (default: from PATH)
  --editcap PATH   editcap to run (default: from PATH)
  --sanitizers     the plugin is an ASan+UBSan build: preload the runtime
                   and fail on any sanitizer report
  --quiet          only problems and the summary
  -h, --help       show this help

Exit status: 0 no failure, 1 a failure (inputs kept), 2 could not run.
EOF
}

die() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit 2
}

RATES="0.001 0.002 0.005 0.01 0.02 0.05"
BUILD_DIR=${EXPLAIN_BUILD_DIR:-$REPO/build}
PLUGINS=
INPUTS=
MAX_SIZE=600000
KEEP=
SEED=1
TSHARK=
EDITCAP=
SANITIZERS=0
QUIET=0
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; BUILD_DIR=$2; shift 2 ;;
        --plugins) [ $# -ge 2 ] || die "--plugins needs a value"; PLUGINS=$2; shift 2 ;;
        --inputs) [ $# -ge 2 ] || die "--inputs needs a value"; INPUTS="$INPUTS $2"; shift 2 ;;
        --max-size) [ $# -ge 2 ] || die "--max-size needs a value"; MAX_SIZE=$2; shift 2 ;;
        --keep) [ $# -ge 2 ] || die "--keep needs a value"; KEEP=$2; shift 2 ;;
        --seed) [ $# -ge 2 ] || die "--seed needs a value"; SEED=$2; shift 2 ;;
        --tshark) [ $# -ge 2 ] || die "--tshark needs a value"; TSHARK=$2; shift 2 ;;
        --editcap) [ $# -ge 2 ] || die "--editcap needs a value"; EDITCAP=$2; shift 2 ;;
        --sanitizers) SANITIZERS=1; shift ;;
        --quiet) QUIET=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) break ;;
    esac
done
RUNS=${1:-1000}
SECONDS_MAX=${2:-600}
[ $# -le 2 ] || die "too many arguments (see --help)"
for n in "$RUNS" "$SECONDS_MAX" "$MAX_SIZE" "$SEED"; do
    case $n in
        ''|*[!0-9]*) die "'$n' is not a number (see --help)" ;;
    esac
done
[ -n "$PLUGINS" ] || PLUGINS=$BUILD_DIR/stage/plugins
[ -n "$KEEP" ] || KEEP=$BUILD_DIR/fuzz-failures
if [ -z "$EDITCAP" ]; then
    EDITCAP=$(command -v editcap 2>/dev/null) ||
        die "editcap not found in PATH (it comes with tshark: install wireshark-common / tshark)"
fi
if [ -z "$INPUTS" ]; then
    for d in "$BUILD_DIR/tests/fixtures" "$BUILD_DIR/tests/events" "$BUILD_DIR/tests/integration/fixtures" \
             "$REPO/../shared/captures"; do
        [ -d "$d" ] && INPUTS="$INPUTS $d"
    done
    [ -n "$INPUTS" ] || die "no inputs: build the fixtures first (cmake --build $BUILD_DIR) or give --inputs"
fi

# shellcheck source=tests/sweep/tshark_env.sh
. "$REPO/tests/sweep/tshark_env.sh"

LIST=$(mktemp "${TMPDIR:-/tmp}/editcap-fuzz-list.XXXXXX")
cleanup() {
    rm -f "$LIST"
    te_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The inputs: readable captures no bigger than MAX_SIZE, in a stable order.
for p in $INPUTS; do
    if [ -d "$p" ]; then
        find "$p" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) -size -"$((MAX_SIZE + 1))"c |
            LC_ALL=C sort >>"$LIST"
    elif [ -f "$p" ]; then
        printf '%s\n' "$p" >>"$LIST"
    else
        die "no such input: $p"
    fi
done
# Keep only what editcap can read and that has packets.
GOOD=$LIST.good
: >"$GOOD"
while IFS= read -r f; do
    if "$EDITCAP" -r "$f" /dev/null 1 >/dev/null 2>&1 && [ "$(wc -c <"$f")" -gt 100 ]; then
        printf '%s\n' "$f" >>"$GOOD"
    fi
done <"$LIST"
NIN=$(wc -l <"$GOOD")
[ "$NIN" -gt 0 ] || die "no usable capture among the inputs:$INPUTS"

te_init "$PLUGINS" "$TSHARK"
TE_TIMEOUT=120
TE_ENV=
if [ "$SANITIZERS" -eq 1 ]; then
    ASAN_LIB=$(gcc -print-file-name=libasan.so 2>/dev/null) || ASAN_LIB=
    [ -f "$ASAN_LIB" ] || die "--sanitizers: no ASan runtime (gcc -print-file-name=libasan.so)"
    TE_ENV="LD_PRELOAD=$ASAN_LIB ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:exitcode=86:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
fi
mkdir "$TE_WORK/fz"
chmod 755 "$TE_WORK/fz"

NRATES=$(printf '%s\n' $RATES | wc -l)
START=$(date +%s)
RUN=0 CRASH=0 CRASH_OURS=0 BUGS=0 SAN=0 HANGS=0 FAILED=0 EXPLAINED_RUNS=0

say() {
    [ "$QUIET" -eq 1 ] || printf '%s\n' "$*"
}

# keep_failure WHY: keeps the corrupted input and what tshark said.
keep_failure() {
    FAILED=1
    mkdir -p "$KEEP"
    kf_base=$KEEP/run$RUN-$(basename -- "$input" | sed 's/\.[^.]*$//')-E$rate-seed$seed
    cp "$fuzzed" "$kf_base.pcapng"
    {
        printf 'why: %s\n' "$1"
        printf 'input: %s\n' "$input"
        printf 'made by: editcap -E %s --seed %s -o %s INPUT OUT\n' "$rate" "$seed" "$offset"
        printf 'run: tshark -r OUT -2 -V (plugin %s)\n' "$PLUGINS"
        printf 'tshark status: %s\n--- stderr ---\n' "$TE_RC"
        sed -n '1,200p' "$TE_WORK/fz/err"
    } >"$kf_base.txt"
    printf 'FAIL run %d: %s: %s (kept %s.pcapng)\n' "$RUN" "$(basename -- "$input")" "$1" "$kf_base"
}

say "editcap fuzz: up to $RUNS runs in $SECONDS_MAX s over $NIN captures, rates $RATES, seeds from $SEED${TE_ENV:+ (ASan+UBSan)}"
while [ "$RUN" -lt "$RUNS" ]; do
    now=$(date +%s)
    [ $((now - START)) -lt "$SECONDS_MAX" ] || break
    p=$RUN
    RUN=$((RUN + 1))
    input=$(sed -n "$((p % NIN + 1))p" "$GOOD")
    rate=$(printf '%s\n' $RATES | sed -n "$(((p / NIN + p) % NRATES + 1))p")
    seed=$((SEED + p))
    # Half the runs leave the first 34 bytes (Ethernet + IPv4 header) alone,
    # so more of the damage lands in TCP.
    offset=0
    [ $((p % 2)) -eq 1 ] && offset=34
    fuzzed=$TE_WORK/fz/fuzzed.pcapng
    rm -f "$fuzzed"
    if ! "$EDITCAP" -E "$rate" --seed "$seed" -o "$offset" "$input" "$fuzzed" >"$TE_WORK/fz/editcap.err" 2>&1; then
        # editcap itself refused (e.g. an unusual file type): not our concern.
        say "skip run $RUN: editcap failed on $(basename -- "$input"): $(head -n 1 "$TE_WORK/fz/editcap.err")"
        continue
    fi
    chmod 644 "$fuzzed"
    te_tshark "$TE_WORK/fz/out" "$TE_WORK/fz/err" -r "$fuzzed" -2 -V
    if grep -q '^Explain' "$TE_WORK/fz/out"; then
        EXPLAINED_RUNS=$((EXPLAINED_RUNS + 1))
    fi
    if te_crashed; then
        sig=$(te_signal_name)
        rc_with=$TE_RC
        if [ "$TE_RC" -eq 137 ]; then
            HANGS=$((HANGS + 1))
            keep_failure "tshark killed: $sig"
        else
            CRASH=$((CRASH + 1))
            # Is it ours? The same file without the plugin.
            te_tshark_plain "$TE_WORK/fz/out.plain" "$TE_WORK/fz/err.plain" -r "$fuzzed" -2 -V
            if [ "$TE_RC" -gt 128 ]; then
                TE_RC=$rc_with
                keep_failure "tshark crashed ($sig), also without the plugin (Wireshark's own bug)"
            else
                CRASH_OURS=$((CRASH_OURS + 1))
                TE_RC=$rc_with
                keep_failure "tshark crashed ($sig) with the plugin, not without it"
            fi
        fi
    fi
    if [ "$SANITIZERS" -eq 1 ] && te_sanitizer_report "$TE_WORK/fz/err"; then
        SAN=$((SAN + 1))
        keep_failure "sanitizer report: $(grep -m 1 -e 'ERROR: AddressSanitizer' -e 'runtime error:' "$TE_WORK/fz/err" | cut -c 1-160)"
    fi
    if te_explain_bug "$TE_WORK/fz/out"; then
        BUGS=$((BUGS + 1))
        keep_failure "explain reports: $(grep -i -m 1 -o -e 'Malformed Packet: explain[^]]*' -e 'Dissector bug, protocol explain[^]]*' "$TE_WORK/fz/out" | cut -c 1-160)"
    fi
done
ELAPSED=$(($(date +%s) - START))

printf 'editcap fuzz: runs %d in %d s (%d captures, rates %s; runs with explained packets %d), crashes %d (with the plugin only %d), hangs %d, explain bugs %d, sanitizer reports %d\n' \
    "$RUN" "$ELAPSED" "$NIN" "$(printf '%s\n' $RATES | paste -s -d, -)" "$EXPLAINED_RUNS" \
    "$CRASH" "$CRASH_OURS" "$HANGS" "$BUGS" "$SAN"
if [ "$FAILED" -ne 0 ]; then
    printf '%s: FAILED (inputs kept in %s)\n' "$PROG" "$KEEP"
    exit 1
fi
if [ "$EXPLAINED_RUNS" -eq 0 ]; then
    printf '%s: FAILED: no run had an explained packet (plugin not loaded?)\n' "$PROG"
    exit 1
fi
printf '%s: passed\n' "$PROG"
