#!/bin/sh
# sanitize.sh - the sweep with the plugin built with AddressSanitizer and
# UndefinedBehaviorSanitizer (loaded into tshark by preloading the ASan
# runtime), then Valgrind memcheck on a few captures with a plain debug
# build of the plugin.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck disable=SC2086 # word lists on purpose
set -eu

PROG=sanitize.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
    cat <<EOF
usage: $PROG [OPTIONS] [DIR|FILE...]

1. Configures and builds the plugin with -DEXPLAIN_SANITIZE=ON (ASan +
   UBSan, -fno-sanitize-recover) in BASE-asan, and runs sweep.sh
   --sanitizers over DIR/FILE... (default: ../shared/captures next to the
   repository, when it exists) and over the project's own scenarios
   (tests/fixtures, tests/integration/scn, tests/events; generated with
   tcpgen). Clean = no ASan or UBSan report, no crash, no violation.
2. Configures and builds a plain debug plugin in BASE-debug and runs
   tshark -2 -V under Valgrind memcheck on VG captures (default 3): no
   error with a frame in explain.so. Errors in Wireshark's or GLib's own
   code (no explain.so frame on the stack) are listed, not failed; leaks
   are not checked (tshark does not free at exit).

Options:
  --build-base BASE  build folders BASE-asan and BASE-debug
                     (default: \${TMPDIR:-/tmp}/tcp-explain-build)
  --tshark PATH      tshark to run (default: tshark from PATH)
  --valgrind N       memcheck on N captures (default 3; 0 skips Valgrind)
  --vg-capture FILE  memcheck this capture (repeatable; replaces the
                     default choice)
  -h, --help         show this help

Exit status: 0 clean, 1 a problem found, 2 could not run.
EOF
}

die() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit 2
}

BASE=${TMPDIR:-/tmp}/tcp-explain-build
TSHARK=
VG_COUNT=3
VG_FILES=
while [ $# -gt 0 ]; do
    case $1 in
        --build-base) [ $# -ge 2 ] || die "--build-base needs a value"; BASE=$2; shift 2 ;;
        --tshark) [ $# -ge 2 ] || die "--tshark needs a value"; TSHARK=$2; shift 2 ;;
        --valgrind) [ $# -ge 2 ] || die "--valgrind needs a value"; VG_COUNT=$2; shift 2 ;;
        --vg-capture) [ $# -ge 2 ] || die "--vg-capture needs a value"
                      VG_FILES="$VG_FILES $2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) break ;;
    esac
done
case $VG_COUNT in
    ''|*[!0-9]*) die "--valgrind takes a number" ;;
esac
if [ $# -eq 0 ] && [ -d "$REPO/../shared/captures" ]; then
    set -- "$(CDPATH='' cd -- "$REPO/../shared/captures" && pwd)"
fi
command -v cmake >/dev/null 2>&1 || die "cmake not found"

FAILED=0
RESULTS=

# ---------------------------------------------------------------------------
# 1. ASan + UBSan

ASAN_BUILD=$BASE-asan
printf '== configuring %s (-DEXPLAIN_SANITIZE=ON)\n' "$ASAN_BUILD"
cmake -S "$REPO" -B "$ASAN_BUILD" -DEXPLAIN_SANITIZE=ON -DEXPLAIN_WERROR=ON \
    -DBUILD_TESTING=OFF >"$BASE-asan.configure.log" 2>&1 ||
    { cat "$BASE-asan.configure.log"; die "cmake configure of $ASAN_BUILD failed"; }
cmake --build "$ASAN_BUILD" --target explain tcpgen -j "$(nproc 2>/dev/null || echo 2)" \
    >"$BASE-asan.build.log" 2>&1 ||
    { tail -n 40 "$BASE-asan.build.log"; die "build of $ASAN_BUILD failed"; }

# The project's own scenarios, as captures (built by the sanitized tcpgen).
SCN_OUT=$ASAN_BUILD/proof-scenarios
rm -rf "$SCN_OUT"
mkdir -p "$SCN_OUT"
scn_count=0
for scn in "$REPO"/tests/fixtures/*.scn "$REPO"/tests/integration/scn/*.scn "$REPO"/tests/events/*.scn; do
    [ -f "$scn" ] || continue
    dir=$(basename -- "$(dirname -- "$scn")")
    out=$SCN_OUT/$dir-$(basename -- "$scn" .scn).pcapng
    if "$ASAN_BUILD/tools/tcpgen" "$scn" "$out" 2>"$SCN_OUT/tcpgen.err"; then
        scn_count=$((scn_count + 1))
    else
        # A scenario may be bad on purpose; say so, and go on.
        printf 'note: tcpgen (sanitized) rejected %s: %s\n' "$scn" "$(head -n 1 "$SCN_OUT/tcpgen.err")"
        rm -f "$out"
    fi
done
printf '== %d scenario captures generated in %s\n' "$scn_count" "$SCN_OUT"

printf '== sweep with ASan+UBSan\n'
SWEEP_LOG=$BASE-asan.sweep.log
set +e
sh "$SCRIPT_DIR/sweep.sh" --plugins "$ASAN_BUILD/stage/plugins" ${TSHARK:+--tshark "$TSHARK"} \
    --sanitizers --quiet "$@" "$SCN_OUT" >"$SWEEP_LOG" 2>&1
rc=$?
set -e
grep -e '^FAIL' -e '^    ' -e '^TOTAL' -e '^sweep.sh' "$SWEEP_LOG" | sed -n '1,80p'
total=$(grep '^TOTAL' "$SWEEP_LOG" || true)
explained=$(printf '%s\n' "$total" | sed -n 's/.*explained \([0-9]*\),.*/\1/p')
if [ "$rc" -ne 0 ]; then
    FAILED=1
    printf 'FAIL: the sanitizer sweep failed (status %d); full log: %s\n' "$rc" "$SWEEP_LOG"
elif [ -z "$explained" ] || [ "$explained" -eq 0 ]; then
    FAILED=1
    printf 'FAIL: the sanitized plugin explained no packet (not loaded?); log: %s\n' "$SWEEP_LOG"
fi
RESULTS="ASan+UBSan sweep: ${total#TOTAL: }"

# ---------------------------------------------------------------------------
# 2. Valgrind memcheck

if [ "$VG_COUNT" -gt 0 ] || [ -n "$VG_FILES" ]; then
    VALGRIND=$(command -v valgrind 2>/dev/null) || die "valgrind not found (install the valgrind package, or --valgrind 0)"
    DEBUG_BUILD=$BASE-debug
    printf '== configuring %s (Debug)\n' "$DEBUG_BUILD"
    cmake -S "$REPO" -B "$DEBUG_BUILD" -DCMAKE_BUILD_TYPE=Debug -DEXPLAIN_WERROR=ON \
        -DBUILD_TESTING=OFF >"$BASE-debug.configure.log" 2>&1 ||
        { cat "$BASE-debug.configure.log"; die "cmake configure of $DEBUG_BUILD failed"; }
    cmake --build "$DEBUG_BUILD" --target explain -j "$(nproc 2>/dev/null || echo 2)" \
        >"$BASE-debug.build.log" 2>&1 ||
        { tail -n 40 "$BASE-debug.build.log"; die "build of $DEBUG_BUILD failed"; }

    if [ -z "$VG_FILES" ]; then
        # Default: three captures with loss, odd options and mixed IPv4/IPv6,
        # when the shared folder has them; else the project's own scenarios.
        for rel in zeek/ctu-64702-888.pcap suricata-verify/tcp-empty-sack__tcp-opt.pcap tcpreplay/test.pcap; do
            for arg in "$@"; do
                [ -f "$arg/$rel" ] && VG_FILES="$VG_FILES $arg/$rel"
            done
        done
        if [ -z "$VG_FILES" ]; then
            for f in fixtures-note_flow events-fast_retransmission events-zero_window fixtures-bidir; do
                [ -f "$SCN_OUT/$f.pcapng" ] && VG_FILES="$VG_FILES $SCN_OUT/$f.pcapng"
            done
        fi
        VG_FILES=$(printf '%s\n' $VG_FILES | head -n "$VG_COUNT" | tr '\n' ' ')
    fi

    # shellcheck source=tests/sweep/tshark_env.sh
    . "$SCRIPT_DIR/tshark_env.sh"
    te_init "$DEBUG_BUILD/stage/plugins" "$TSHARK"
    trap te_cleanup EXIT
    trap 'exit 130' INT TERM
    mkdir "$TE_WORK/vg"
    user_owns "$TE_WORK/vg"
    VG_KEEP=$BASE-debug.valgrind
    rm -rf "$VG_KEEP"
    mkdir -p "$VG_KEEP"
    vg_runs=0 vg_ours=0 vg_theirs=0
    for cap in $VG_FILES; do
        name=$(basename -- "$cap")
        te_stage "$cap"
        xml=$TE_WORK/vg/$name.xml
        # Leaks are not errors here (tshark exits without freeing); every
        # other memcheck error sets status 99.
        TE_WRAPPER="$VALGRIND --tool=memcheck --error-exitcode=99 --leak-check=no
            --errors-for-leak-kinds=none --show-leak-kinds=none --num-callers=40
            --xml=yes --xml-file=$xml"
        TE_TIMEOUT=1800
        te_tshark "$TE_WORK/vg/$name.out" "$TE_WORK/vg/$name.err" -r "$TE_INPUT" -2 -V
        TE_WRAPPER=
        vg_runs=$((vg_runs + 1))
        cp "$xml" "$VG_KEEP/" 2>/dev/null || true
        # Errors with a frame in explain.so are ours; the others Wireshark's.
        counts=$(awk '
            /<error>/ { inerr = 1; ours = 0; kind = "" }
            inerr && /<kind>/ { k = $0; gsub(/.*<kind>|<\/kind>.*/, "", k); kind = k }
            inerr && /<obj>.*explain\.so<\/obj>/ { ours = 1 }
            /<\/error>/ { inerr = 0; if (ours) o++; else t++; kinds[(ours ? "explain.so:" : "other:") kind]++ }
            END { printf "%d %d", o + 0, t + 0; for (k in kinds) printf " %s=%d", k, kinds[k] }' "$xml" 2>/dev/null || echo "0 0")
        set -- $counts
        ours=$1 theirs=$2
        shift 2
        vg_ours=$((vg_ours + ours))
        vg_theirs=$((vg_theirs + theirs))
        explained=$(grep -c '^Explain' "$TE_WORK/vg/$name.out" || true)
        if te_crashed; then
            FAILED=1
            printf 'FAIL valgrind %s: tshark killed by %s\n' "$name" "$(te_signal_name)"
        elif [ ! -s "$xml" ]; then
            FAILED=1
            printf 'FAIL valgrind %s: no Valgrind report (status %s)\n' "$name" "$TE_RC"
            sed -n '1,10s/^/    /p' "$TE_WORK/vg/$name.err"
        elif [ "$ours" -gt 0 ]; then
            FAILED=1
            printf 'FAIL valgrind %s: %d memcheck errors with an explain.so frame (%s); report: %s/%s.xml\n' \
                "$name" "$ours" "$*" "$VG_KEEP" "$name"
        elif [ "$explained" -eq 0 ]; then
            FAILED=1
            printf 'FAIL valgrind %s: no packet explained (plugin not loaded?)\n' "$name"
        else
            printf 'ok valgrind %s: status %s, %d explain trees, 0 errors in explain.so, %d elsewhere%s\n' \
                "$name" "$TE_RC" "$explained" "$theirs" "${*:+ ($*)}"
        fi
    done
    RESULTS="$RESULTS
Valgrind memcheck: $vg_runs captures, errors with an explain.so frame $vg_ours, other errors $vg_theirs (reports in $VG_KEEP)"
fi

printf '%s\n' "$RESULTS"
if [ "$FAILED" -ne 0 ]; then
    printf '%s: FAILED\n' "$PROG"
    exit 1
fi
printf '%s: clean\n' "$PROG"
