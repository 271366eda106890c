#!/bin/sh
# run_timing.sh - the time-and-flow goldens: for each capture, tshark with
# the staged plugin prints "-O explain" (optionally with one preference:
# a voice or a language; several separated by spaces) and the time and flow fields; both must equal
# golden/NAME[.TAG].explain.txt and golden/NAME.timing.tsv.
#
# usage: run_timing.sh --plugins DIR [--tshark PATH] [--update]
#                      CAPTURE [TAG PREFERENCE]
# Exit status: 0 passed, 1 failed, 2 usage or set-up error.
#
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086
set -eu
PROG=run_timing.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
GOLDEN="$SCRIPT_DIR/golden"
PLUGINS=""
TSHARK=tshark
UPDATE=0
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
    --plugins) PLUGINS=$2; shift 2 ;;
    --tshark) TSHARK=$2; shift 2 ;;
    --update) UPDATE=1; shift ;;
    --) shift; break ;;
    -*) echo "$PROG: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -eq 1 ] || [ $# -eq 3 ] || { echo "usage: $PROG --plugins DIR [--update] CAPTURE [TAG PREF]" >&2; exit 2; }
[ -n "$PLUGINS" ] || { echo "$PROG: --plugins is required" >&2; exit 2; }
CAPTURE=$1
TAG=${2:-}
PREF=${3:-}
# shellcheck source-path=SCRIPTDIR/../lib source=unprivileged.sh
. "$SCRIPT_DIR/../lib/unprivileged.sh"
# shellcheck source=../lib/normalise.sh
. "$SCRIPT_DIR/../lib/normalise.sh"
init_user
make_work timing-golden
trap_cleanup
mkdir "$WORK/in" "$WORK/home" "$WORK/noplugins"
user_owns "$WORK/home"
stage_plugins
stage_input "$CAPTURE"
NAME=$(basename -- "$CAPTURE")
NAME=${NAME%.*}

FIELDS="frame.number explain.time.since_start explain.time.since_prev explain.acks.first
        explain.acks.last explain.acks.segments explain.acks.bytes explain.acks.delayed
        explain.rtt explain.in_flight explain.window.peer explain.flow.must_wait
        explain.flow.waited explain.sack.le explain.sack.re explain.sack.missing.first
        explain.sack.missing.last explain.retrans.kind explain.retrans.after
        explain.retrans.prev_frame explain.retrans.try explain.retrans.backoff
        explain.stream.duration explain.stream.client.bytes explain.stream.server.bytes
        explain.stream.client.rtt.min explain.stream.client.rtt.avg
        explain.stream.client.rtt.max explain.stream.client.min_window
        explain.stream.server.min_window explain.stream.client.window_limited
        explain.congestion.hint explain.congestion.round_peak explain.congestion.prev_round_peak"

# compare_or_update OUT GOLDEN_FILE
status=0
compare_or_update() {
    if [ "$UPDATE" -eq 1 ]; then
        cp "$1" "$2"
        echo "$PROG: updated $2: CHECK IT BY HAND before committing"
    elif ! diff -u "$2" "$1"; then
        echo "$PROG: $NAME differs from $2" >&2
        status=1
    fi
}

if [ -z "$TAG" ]; then
    tshark_as_user with "$WORK/explain.txt" "$WORK/err" -r "$INPUT" -O explain
    [ "$RC" -eq 0 ] || { cat "$WORK/err" >&2; exit 1; }
    normalise_tree "$WORK/explain.txt"
    compare_or_update "$WORK/explain.txt" "$GOLDEN/$NAME.explain.txt"
    args=""
    for f in $FIELDS; do args="$args -e $f"; done
    tshark_as_user with "$WORK/fields.tsv" "$WORK/err" -r "$INPUT" -T fields -E header=y $args
    [ "$RC" -eq 0 ] || { cat "$WORK/err" >&2; exit 1; }
    normalise_fields "$WORK/fields.tsv"
    compare_or_update "$WORK/fields.tsv" "$GOLDEN/$NAME.timing.tsv"
else
    # PREF: one preference or several separated by spaces; a TAG starting
    # with so_far reads the capture twice (-2), so the last packets of the
    # streams that did not close show their summary so far.
    prefs=""
    for p in $PREF; do prefs="$prefs -o $p"; done
    case $TAG in so_far*) prefs="-2 $prefs" ;; esac
    tshark_as_user with "$WORK/explain.txt" "$WORK/err" -r "$INPUT" -O explain $prefs
    [ "$RC" -eq 0 ] || { cat "$WORK/err" >&2; exit 1; }
    normalise_tree "$WORK/explain.txt"
    compare_or_update "$WORK/explain.txt" "$GOLDEN/$NAME.$TAG.explain.txt"
    # In another language only the text changes: the fields' values (times
    # as seconds with a point, counts) are the English golden's (one pass:
    # the golden has no summary so far).
    case $TAG:$PREF in
    so_far*) ;;
    *explain.language:*)
        args=""
        for f in $FIELDS; do args="$args -e $f"; done
        tshark_as_user with "$WORK/fields.tsv" "$WORK/err" -r "$INPUT" -T fields -E header=y $args $prefs
        [ "$RC" -eq 0 ] || { cat "$WORK/err" >&2; exit 1; }
        normalise_fields "$WORK/fields.tsv"
        if ! diff -u "$GOLDEN/$NAME.timing.tsv" "$WORK/fields.tsv"; then
            echo "$PROG: $NAME: with $PREF the fields' values differ from English" >&2
            status=1
        fi ;;
    esac
fi
[ "$status" -eq 0 ] && echo "ok: $NAME ${TAG:-teaching}"
exit "$status"
