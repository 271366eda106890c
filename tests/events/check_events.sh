#!/bin/sh
# check_events.sh - runs tshark with the explain plugin on event fixture
# captures and checks that each frame listed in expected.tsv carries the
# expected explain.event. Frames where our verdict and Wireshark's
# tcp.analysis differ (explain.check.disagrees_with_tcp_analysis) are
# printed as information for the teacher, never as failures.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck disable=SC2086 # word lists on purpose
set -eu

PROG=check_events.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)

usage() {
    cat <<EOF
usage: $PROG [OPTIONS] CAPTURE...

CAPTURE is a capture generated from tests/events/NAME.scn; its rows in
expected.tsv are those whose scenario is NAME (the file name without
extension). Each capture needs at least one row.

Options:
  --build-dir DIR  CMake build folder: plugin in DIR/stage/plugins
  --plugins DIR    the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --tshark PATH    tshark to run (default: from PATH)
  --expected FILE  the expectations (default: $SCRIPT_DIR/expected.tsv)
  --header FILE    explain_engine.h with EXPLAIN_EVENT_LIST
                   (default: $REPO/plugin/core/explain_engine.h)
  -h, --help       show this help

Exit status: 0 all "ok" rows hold, 1 one does not, 2 could not run.
EOF
}

die() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit 2
}

PLUGINS=
TSHARK=
EXPECTED=$SCRIPT_DIR/expected.tsv
HEADER=$REPO/plugin/core/explain_engine.h
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; PLUGINS=$2/stage/plugins; shift 2 ;;
        --plugins) [ $# -ge 2 ] || die "--plugins needs a value"; PLUGINS=$2; shift 2 ;;
        --tshark) [ $# -ge 2 ] || die "--tshark needs a value"; TSHARK=$2; shift 2 ;;
        --expected) [ $# -ge 2 ] || die "--expected needs a value"; EXPECTED=$2; shift 2 ;;
        --header) [ $# -ge 2 ] || die "--header needs a value"; HEADER=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || die "no capture given (see --help)"
[ -n "$PLUGINS" ] || die "say where the staged plugin is: --build-dir DIR or --plugins DIR"
[ -f "$EXPECTED" ] || die "no expectations file $EXPECTED"
[ -f "$HEADER" ] || die "no header $HEADER"

# "label value" lines of one X-macro list of the header.
x_list() {
    awk -v list="$1" '
        $0 ~ "#define " list "\\(X\\)" { on = 1; next }
        on {
            if (match($0, /X\([A-Z_]+, *"[^"]*"(, *[0-9]+)?/)) {
                item = substr($0, RSTART, RLENGTH)
                split(item, q, "\"")
                value = item; sub(/.*, */, "", value); sub(/[^0-9].*/, "", value)
                print q[2], (item ~ /", *[0-9]+$/ ? value : "")
            }
            if ($0 !~ /\\[ \t]*$/) on = 0
        }' "$HEADER"
}
EVENT_MAP=$(x_list EXPLAIN_EVENT_LIST)
[ -n "$EVENT_MAP" ] || die "no EXPLAIN_EVENT_LIST in $HEADER"
ANALYSIS_FIELDS=$(x_list EXPLAIN_TCP_ANALYSIS_LIST | awk '{ print $1 }')
[ -n "$ANALYSIS_FIELDS" ] || die "no EXPLAIN_TCP_ANALYSIS_LIST in $HEADER"

event_value() {
    printf '%s\n' "$EVENT_MAP" | awk -v l="$1" '$1 == l { print $2; found = 1 } END { exit !found }'
}
event_label() {
    printf '%s\n' "$EVENT_MAP" | awk -v v="$1" '$2 == v { print $1; found = 1 } END { if (!found) print "event " v }'
}

# shellcheck source=tests/sweep/tshark_env.sh
. "$REPO/tests/sweep/tshark_env.sh"
te_init "$PLUGINS" "$TSHARK"
trap te_cleanup EXIT
trap 'exit 130' INT TERM
OUT=$TE_WORK/out
mkdir "$OUT"

FIELD_ARGS="-e frame.number -e explain.event -e explain.check.failed -e explain.check.disagrees_with_tcp_analysis"
for f in $ANALYSIS_FIELDS; do
    FIELD_ARGS="$FIELD_ARGS -e $f"
done

FAILED=0 OKS=0 GAPS=0 FIXED=0 INFOS=0
for cap in "$@"; do
    name=$(basename -- "$cap")
    name=${name%.pcapng}
    name=${name%.pcap}
    awk -F '\t' -v n="$name" '$0 !~ /^#/ && $1 == n' "$EXPECTED" >"$OUT/$name.rows"
    if [ ! -s "$OUT/$name.rows" ]; then
        printf 'FAIL %s: no row for it in %s\n' "$name" "$EXPECTED"
        FAILED=1
        continue
    fi
    te_stage "$cap"
    te_tshark "$OUT/$name.tsv" "$OUT/$name.err" -r "$TE_INPUT" -2 -T fields $FIELD_ARGS
    if [ "$TE_RC" -ne 0 ] || [ -s "$OUT/$name.err" ]; then
        printf 'FAIL %s: tshark -2 exited %s\n' "$name" "$TE_RC"
        sed -n '1,10s/^/    /p' "$OUT/$name.err"
        FAILED=1
        continue
    fi
    # One pass must tell the same events as two.
    te_tshark "$OUT/$name.1.tsv" "$OUT/$name.1.err" -r "$TE_INPUT" -T fields $FIELD_ARGS
    if ! cmp -s "$OUT/$name.tsv" "$OUT/$name.1.tsv"; then
        printf 'FAIL %s: one pass and two passes (-2) give different events or checks\n' "$name"
        diff "$OUT/$name.tsv" "$OUT/$name.1.tsv" | sed -n '1,20s/^/    /p'
        FAILED=1
    fi

    while IFS='	' read -r _scn frame want status reason; do
        line=$(awk -F '\t' -v f="$frame" '$1 == f' "$OUT/$name.tsv")
        if [ -z "$line" ]; then
            printf 'FAIL %s frame %s: no such frame\n' "$name" "$frame"
            FAILED=1
            continue
        fi
        got_event=$(printf '%s\n' "$line" | cut -f 2)
        got_failed=$(printf '%s\n' "$line" | cut -f 3)
        got_label=none
        [ -z "$got_event" ] || got_label=$(event_label "$got_event")
        case $want in
            none) [ -z "$got_event" ] && ok=1 || ok=0; got=$got_label ;;
            no-failed-check) [ -z "$got_failed" ] && ok=1 || ok=0
                             got=$( [ -z "$got_failed" ] && echo "no failed check" || echo "a failed check") ;;
            *)
                # "a|b": either event (Wireshark versions differ in how
                # they split streams, e.g. 4.4 gives a repeated SYN after a
                # RST a new tcp.stream).
                ok=0
                bad_label=
                for one in $(printf '%s\n' "$want" | tr '|' ' '); do
                    if one_value=$(event_value "$one"); then
                        [ "$got_event" = "$one_value" ] && ok=1
                    else
                        bad_label=$one
                    fi
                done
                if [ -n "$bad_label" ]; then
                    printf 'FAIL %s frame %s: "%s" is not an event label of %s\n' "$name" "$frame" "$bad_label" "$HEADER"
                    FAILED=1
                    continue
                fi
                got=$got_label ;;
        esac
        case $status in
            ok)
                if [ "$ok" -eq 1 ]; then
                    OKS=$((OKS + 1))
                    printf 'ok   %s frame %s: %s (%s)\n' "$name" "$frame" "$want" "$reason"
                else
                    FAILED=1
                    printf 'FAIL %s frame %s: expected %s, got %s (%s)\n' "$name" "$frame" "$want" "$got" "$reason"
                fi ;;
            gap)
                if [ "$ok" -eq 1 ]; then
                    FIXED=$((FIXED + 1))
                    printf 'NOW PASSES %s frame %s: %s; mark the row "ok" in expected.tsv (%s)\n' "$name" "$frame" "$want" "$reason"
                else
                    GAPS=$((GAPS + 1))
                    printf 'known gap %s frame %s: expected %s, got %s (%s)\n' "$name" "$frame" "$want" "$got" "$reason"
                fi ;;
            *)
                printf 'FAIL %s frame %s: status "%s" is neither ok nor gap\n' "$name" "$frame" "$status"
                FAILED=1 ;;
        esac
    done <"$OUT/$name.rows"

    # Where Wireshark's tcp.analysis sees it otherwise: information only.
    set -- $ANALYSIS_FIELDS
    awk -F '\t' -v names="$*" '
        BEGIN { n = split(names, fname, " ") }
        $4 != "" {
            ws = ""
            for (i = 1; i <= n; i++)
                if ($(4 + i) != "") ws = ws (ws == "" ? "" : ", ") fname[i]
            print $1 "\t" ($2 == "" ? "-" : $2) "\t" (ws == "" ? "nothing" : ws)
        }' "$OUT/$name.tsv" >"$OUT/$name.disagree"
    while IFS='	' read -r frame ev ws; do
        INFOS=$((INFOS + 1))
        label=none
        [ "$ev" = - ] || label=$(event_label "$ev")
        printf 'info %s frame %s: explain says %s, Wireshark says %s\n' "$name" "$frame" "$label" "$ws"
    done <"$OUT/$name.disagree"
done

printf '%s: %d ok, %d known gaps, %d gaps now passing, %d frames where tcp.analysis disagrees\n' \
    "$PROG" "$OKS" "$GAPS" "$FIXED" "$INFOS"
if [ "$FAILED" -ne 0 ]; then
    printf '%s: FAILED\n' "$PROG"
    exit 1
fi
printf '%s: passed\n' "$PROG"
