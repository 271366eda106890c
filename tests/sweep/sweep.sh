#!/bin/sh
# sweep.sh - runs tshark with the explain plugin over every capture in the
# given folders and proves it holds up on real input: no crash, no
# malformed-packet or dissector-bug report from explain, and the per-packet
# invariants of invariants.awk (next seq equals Wireshark's, roles never
# flip without a SYN, byte totals never go down). Prints per-capture counts.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck disable=SC2086 # $FIELD_ARGS and $SAN_ENV are word lists on purpose
set -eu

PROG=sweep.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
    cat <<EOF
usage: $PROG [OPTIONS] [DIR|FILE...]

Runs tshark with the staged explain plugin over every capture (*.pcap,
*.pcapng, *.cap, and the same gzipped) in each DIR (recursively) and each
FILE, twice: "-V" (one pass, every text rendered) and "-2 -T fields" (two
passes; the invariants). Default input: the folder ../shared/captures next
to the repository ($REPO/../shared/captures).

Options:
  --build-dir DIR  CMake build folder (default: \$EXPLAIN_BUILD_DIR, else
                   $REPO/build); the plugin is DIR/stage/plugins
  --plugins DIR    the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --tshark PATH    tshark to run (default: tshark from PATH)
  --sanitizers     the plugin was built with -DEXPLAIN_SANITIZE=ON: preload
                   the ASan runtime into tshark and fail on any ASan/UBSan
                   report (see sanitize.sh)
  --fields-only    skip the -V run (faster; invariants and counts only)
  --quiet          print only the per-capture lines, problems and the total
  -h, --help       show this help

Exit status: 0 clean, 1 a crash, an explain bug report, a sanitizer report
or an invariant violation, 2 bad arguments or nothing to sweep.
EOF
}

die() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit 2
}

# ---------------------------------------------------------------------------
# Arguments

BUILD_DIR=${EXPLAIN_BUILD_DIR:-$REPO/build}
PLUGINS=
TSHARK=
SANITIZERS=0
FIELDS_ONLY=0
QUIET=0
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; BUILD_DIR=$2; shift 2 ;;
        --plugins) [ $# -ge 2 ] || die "--plugins needs a value"; PLUGINS=$2; shift 2 ;;
        --tshark) [ $# -ge 2 ] || die "--tshark needs a value"; TSHARK=$2; shift 2 ;;
        --sanitizers) SANITIZERS=1; shift ;;
        --fields-only) FIELDS_ONLY=1; shift ;;
        --quiet) QUIET=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) break ;;
    esac
done
[ -n "$PLUGINS" ] || PLUGINS=$BUILD_DIR/stage/plugins

if [ $# -eq 0 ]; then
    DEFAULT=$REPO/../shared/captures
    [ -d "$DEFAULT" ] ||
        die "no capture folder given and no default one: $DEFAULT does not exist (give folders or files: $PROG DIR...)"
    set -- "$(CDPATH='' cd -- "$DEFAULT" && pwd)"
fi

# shellcheck source=tests/sweep/tshark_env.sh
. "$SCRIPT_DIR/tshark_env.sh"

# The list of captures: "ROOT<tab>RELATIVE NAME" lines.
LIST=$(mktemp "${TMPDIR:-/tmp}/sweep-list.XXXXXX")
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    rm -f "$LIST"
    te_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for arg in "$@"; do
    if [ -d "$arg" ]; then
        root=$(CDPATH='' cd -- "$arg" && pwd)
        (cd "$root" && find . -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \
                -o -name '*.pcap.gz' -o -name '*.pcapng.gz' \) | LC_ALL=C sort) |
            sed "s|^\./||; s|^|$root	|" >>"$LIST"
    elif [ -f "$arg" ]; then
        root=$(CDPATH='' cd -- "$(dirname -- "$arg")" && pwd)
        printf '%s\t%s\n' "$root" "$(basename -- "$arg")" >>"$LIST"
    else
        die "no such file or folder: $arg"
    fi
done
[ -s "$LIST" ] || die "no capture (*.pcap, *.pcapng, *.cap) found in: $*"

te_init "$PLUGINS" "$TSHARK"

TE_ENV=
SAN_NOTE=
if [ "$SANITIZERS" -eq 1 ]; then
    ASAN_LIB=$(gcc -print-file-name=libasan.so 2>/dev/null) || ASAN_LIB=
    case $ASAN_LIB in
        /*) [ -f "$ASAN_LIB" ] || ASAN_LIB= ;;
        *) ASAN_LIB= ;;
    esac
    [ -n "$ASAN_LIB" ] || die "--sanitizers: gcc -print-file-name=libasan.so finds no ASan runtime (install gcc's libasan)"
    # tshark leaks by design (it exits without freeing): no leak checking.
    TE_ENV="LD_PRELOAD=$ASAN_LIB ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0:exitcode=86:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87"
    SAN_NOTE=" (ASan+UBSan: $ASAN_LIB preloaded)"
fi

# ---------------------------------------------------------------------------
# What the plugin registers: event labels and check ids.

OUT=$TE_WORK/out
mkdir "$OUT"
te_tshark "$OUT/values" "$OUT/values.err" -G values
[ "$TE_RC" -eq 0 ] || die "tshark -G values failed (status $TE_RC): $(head -n 5 "$OUT/values.err")"
EVENTS=$(awk -F '\t' '$1 == "V" && $2 == "explain.event" { printf "%s%s=%s", sep, $3, $4; sep = " " }' "$OUT/values")
te_tshark "$OUT/fields" "$OUT/fields.err" -G fields
[ "$TE_RC" -eq 0 ] || die "tshark -G fields failed (status $TE_RC)"
CHECKS=$(awk -F '\t' '$1 == "F" && $3 ~ /^explain\.check\./ && $3 != "explain.check.failed" {
            sub(/^explain\.check\./, "", $3); printf "%s%s", sep, $3; sep = " " }' "$OUT/fields")
if [ -z "$EVENTS" ] || [ -z "$CHECKS" ]; then
    die "tshark does not know explain.event or explain.check.*: is the plugin in $PLUGINS loaded? (tshark -G plugins)"
fi

# Column order: see invariants.awk.
FIELDS="frame.number tcp.stream tcp.seq tcp.nxtseq tcp.seq_raw explain.seq.raw
    explain.nxtseq.raw explain.role explain.step explain.bytes.seq_consumed
    explain.bytes.payload_total tcp.flags.syn tcp.flags.fin tcp.srcport ip.src
    ipv6.src explain.event explain.check.failed"
for id in $CHECKS; do
    FIELDS="$FIELDS explain.check.$id"
done
FIELDS="$FIELDS tcp.ack explain.seq.rel explain.ack.rel"
FIELD_ARGS=
for f in $FIELDS; do
    FIELD_ARGS="$FIELD_ARGS -e $f"
done

say() {
    [ "$QUIET" -eq 1 ] || printf '%s\n' "$*"
}

# ---------------------------------------------------------------------------
# The sweep

T_CAPTURES=0 T_PACKETS=0 T_TCP=0 T_EXPLAINED=0 T_COMPARED=0
T_CRASHES=0 T_BUGS=0 T_SANITIZER=0 T_VIOLATIONS=0 T_RELDIFF=0
: >"$OUT/all-events"
: >"$OUT/all-checks"

# problem CAPTURE WHAT FILE: reports a problem and the first lines of FILE.
problem() {
    printf 'FAIL %s: %s\n' "$1" "$2"
    if [ -n "${3:-}" ] && [ -s "$3" ]; then
        sed -n '1,15s/^/    /p' "$3"
    fi
}

# check_run CAPTURE WHAT OUTFILE ERRFILE: crash and sanitizer checks of the
# tshark run that just ended.
check_run() {
    if te_crashed; then
        T_CRASHES=$((T_CRASHES + 1))
        C_CRASHES=$((C_CRASHES + 1))
        problem "$1" "tshark $2 killed by $(te_signal_name)" "$4"
    fi
    if [ "$SANITIZERS" -eq 1 ] && te_sanitizer_report "$4"; then
        T_SANITIZER=$((T_SANITIZER + 1))
        C_SANITIZER=$((C_SANITIZER + 1))
        problem "$1" "tshark $2: sanitizer report (status $TE_RC)" "$4"
        grep -n -m 5 -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'SUMMARY:' "$4" | sed 's/^/    /' || true
    fi
    if te_explain_bug "$3"; then
        T_BUGS=$((T_BUGS + 1))
        C_BUGS=$((C_BUGS + 1))
        problem "$1" "tshark $2: explain reports a malformed packet or a dissector bug"
        grep -i -m 5 -e 'Malformed Packet: explain' -e 'Dissector bug, protocol explain' "$3" | sed 's/^/    /'
    fi
}

say "sweep: $(wc -l <"$LIST") captures, tshark $TE_TSHARK, plugin $PLUGINS$SAN_NOTE"
while IFS='	' read -r root name; do
    T_CAPTURES=$((T_CAPTURES + 1))
    C_CRASHES=0 C_BUGS=0 C_SANITIZER=0
    te_unstage
    te_stage "$root/$name"
    in=$TE_INPUT
    notes=

    if [ "$FIELDS_ONLY" -eq 0 ]; then
        te_tshark "$OUT/v" "$OUT/v.err" -r "$in" -V
        check_run "$name" "-V" "$OUT/v" "$OUT/v.err"
        [ "$TE_RC" -eq 0 ] || te_crashed || notes="$notes; -V exit $TE_RC: $(head -n 1 "$OUT/v.err" | cut -c 1-100)"
        rm -f "$OUT/v"
    fi

    te_tshark "$OUT/f" "$OUT/f.err" -r "$in" -2 -T fields $FIELD_ARGS
    check_run "$name" "-2 -T fields" "$OUT/f" "$OUT/f.err"
    [ "$TE_RC" -eq 0 ] || te_crashed || notes="$notes; -T fields exit $TE_RC"

    awk -v capture="$name" -v events="$EVENTS" -v checks="$CHECKS" \
        -f "$SCRIPT_DIR/invariants.awk" "$OUT/f" >"$OUT/inv"
    # shellcheck disable=SC2046 # the STATS line is split into words on purpose
    set -- $(sed -n 's/^STATS //p' "$OUT/inv")
    packets=$2 tcp=$4 explained=$6 compared=$8 rel_differs=${12} rel_first=${14}
    violations=$(grep -c '^VIOLATION ' "$OUT/inv" || true)
    T_PACKETS=$((T_PACKETS + packets))
    T_TCP=$((T_TCP + tcp))
    T_EXPLAINED=$((T_EXPLAINED + explained))
    T_COMPARED=$((T_COMPARED + compared))
    T_VIOLATIONS=$((T_VIOLATIONS + violations))
    if [ "$violations" -gt 0 ]; then
        grep '^VIOLATION ' "$OUT/inv" | sed -n '1,20s/^VIOLATION /FAIL /p'
        [ "$violations" -le 20 ] || printf '    ... and %d more violations in %s\n' $((violations - 20)) "$name"
    fi
    ev=$(sed -n 's/^EVENT //p' "$OUT/inv" | LC_ALL=C sort | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
    ck=$(sed -n 's/^CHECK //p' "$OUT/inv" | LC_ALL=C sort | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
    sed -n 's/^EVENT //p' "$OUT/inv" >>"$OUT/all-events"
    sed -n 's/^CHECK //p' "$OUT/inv" >>"$OUT/all-checks"
    T_RELDIFF=$((T_RELDIFF + rel_differs))
    [ "$rel_differs" -eq 0 ] ||
        notes="$notes; relative seq/ack not Wireshark's on $rel_differs packets (first: frame $rel_first)"
    printf '%s: packets %s, tcp %s, explained %s, nxtseq compared %s; events: %s; failed checks: %s; crashes %s, explain bugs %s, sanitizer reports %s, violations %s%s\n' \
        "$name" "$packets" "$tcp" "$explained" "$compared" "${ev:-none}" "${ck:-none}" \
        "$C_CRASHES" "$C_BUGS" "$C_SANITIZER" "$violations" "$notes"
done <"$LIST"

sum_counts() {
    awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' "$1" | LC_ALL=C sort |
        awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }'
}
T_EVENTS=$(sum_counts "$OUT/all-events")
T_CHECKS=$(sum_counts "$OUT/all-checks")
say "events in all: ${T_EVENTS:-none}"
say "failed checks in all: ${T_CHECKS:-none}"
say "relative seq/ack not Wireshark's (information, not a violation): $T_RELDIFF packets"
printf 'TOTAL: captures %d, packets %d, tcp %d, explained %d, nxtseq compared %d, crashes %d, explain bugs %d, sanitizer reports %d, violations %d\n' \
    "$T_CAPTURES" "$T_PACKETS" "$T_TCP" "$T_EXPLAINED" "$T_COMPARED" \
    "$T_CRASHES" "$T_BUGS" "$T_SANITIZER" "$T_VIOLATIONS"

if [ $((T_CRASHES + T_BUGS + T_SANITIZER + T_VIOLATIONS)) -ne 0 ]; then
    printf '%s: FAILED\n' "$PROG"
    exit 1
fi
printf '%s: passed\n' "$PROG"
exit 0
