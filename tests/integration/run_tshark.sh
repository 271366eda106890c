#!/bin/sh
# run_tshark.sh - tcp-explain's integration tests: the real tshark with the
# staged explain plugin, run as an unprivileged user.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Wireshark 4.0 ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder
# when it runs with special privileges (as root), so as root this script
# runs tshark as "nobody" (setpriv). Everything tshark reads is first copied
# into a private, world-readable temporary folder, so the build tree may
# live under a folder nobody cannot enter. tshark always runs with a clean
# environment (env -i): its own empty HOME (no personal preferences or
# plugins), LC_ALL=C.UTF-8, TZ=UTC, and WIRESHARK_PLUGIN_DIR pointing at
# either the staged plugin or an empty folder ("without the plugin", so a
# globally installed explain.so is never picked up by accident).
#
# Exit status: 0 the test passed, 1 it failed, 2 wrong arguments or the
# test could not be set up.

# The field lists ($GOLDEN_FIELDS...) are split into words on purpose:
# shellcheck disable=SC2086,SC2046
set -eu

PROG=run_tshark.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# die, fail, pass; init_user, as_user, make_work, cleanup, stage_plugins,
# stage_input...
# shellcheck source-path=SCRIPTDIR/../lib source=unprivileged.sh
. "$SCRIPT_DIR/../lib/unprivileged.sh"
# shellcheck source=../lib/normalise.sh
. "$SCRIPT_DIR/../lib/normalise.sh"

usage() {
    cat <<EOF
usage: $PROG [OPTIONS] TEST [ARGS...]

Options:
  --build-dir DIR   the CMake build folder; same as
                    --plugins DIR/stage/plugins
  --plugins DIR     the staged plugin folder (WIRESHARK_PLUGIN_DIR value,
                    holding <major.minor>/epan/explain.so)
  --tshark PATH     the tshark to run (default: tshark from PATH)
  --golden DIR      folder of the golden files (default: $SCRIPT_DIR/golden)
  --update          golden: rewrite the golden files instead of comparing
  --keep            keep the temporary folder and say where it is
  -h, --help        show this help

Tests (CAPTURE is a capture file; NAME is its file name without extension):
  loads
      tshark -G plugins lists the staged explain.so; tshark -G fields has
      every explain field, -G defaultprefs every preference; explain.step,
      .phase and .role have their labels
  golden CAPTURE...
      "-O explain" and "-T fields -e explain.*" equal golden/NAME.explain.txt
      and golden/NAME.fields.tsv
  told TAG PREFERENCE CAPTURE
      "-O explain -o PREFERENCE" equals golden/NAME.TAG.explain.txt
      (the same flow in another voice or language)
  two-pass CAPTURE...
      the same outputs with -2 are byte-identical to a single pass
  readers CAPTURE...
      -O explain with -o explain.reader:fields (one pass and -2) equals
      the default tap reader's
  so-far CAPTURE...
      with -2 and the fields reader, explain.stream.so_far is on the last
      packet of each stream that did not close, and nowhere in one pass
      or with -2 and the tap reader
  agrees CAPTURE...
      on every TCP packet, explain's numbers equal Wireshark's own:
      seq.rel/seq.raw/nxtseq/len = tcp.seq/seq_raw/nxtseq/len, and
      ack.rel/ack.raw = tcp.ack/ack_raw when ACK is set (empty otherwise)
  filter CAPTURE FILTER FRAMES
      -Y FILTER selects exactly FRAMES (comma-separated frame numbers, or
      "none": then tshark -Y FILTER must also print nothing at all)
  same-frames CAPTURE FILTER1 FILTER2
      -Y FILTER1 and -Y FILTER2 select the same frames
  disabled CAPTURE...
      with --disable-protocol explain: no explain field has a value, and
      -V prints exactly what tshark without the plugin prints
  spanish CAPTURE|FOLDER...
      "-O explain -o explain.language:es" in each voice shows no English
      label, enum name or sentence in any Explain tree (a FOLDER stands for
      its *.pcapng and *.pcap); the same scan must find English words in
      the English output (so the scan can fail)
  bad [--same-output] [--no-explain] FILE
      tshark -V exits with the same status and stderr as without the
      plugin, is not killed by a signal, reports no malformed explain or
      explain dissector bug, and shows no Explain tree on a non-TCP packet;
      --same-output: stdout is also the same as without the plugin;
      --no-explain: no packet has an Explain tree at all
EOF
}

# ---------------------------------------------------------------------------
# Arguments

TSHARK=
PLUGINS=
GOLDEN_DIR=$SCRIPT_DIR/golden
UPDATE=0
KEEP=0

need_value() {
    [ "$2" -ge 2 ] || die "option $1 needs a value (see --help)"
}

while [ $# -gt 0 ]; do
    case $1 in
        --build-dir)
            need_value "$1" $#
            PLUGINS=$2/stage/plugins
            shift 2 ;;
        --plugins)
            need_value "$1" $#
            PLUGINS=$2
            shift 2 ;;
        --tshark)
            need_value "$1" $#
            TSHARK=$2
            shift 2 ;;
        --golden)
            need_value "$1" $#
            GOLDEN_DIR=$2
            shift 2 ;;
        --update)
            UPDATE=1
            shift ;;
        --keep)
            KEEP=1
            shift ;;
        -h|--help)
            usage
            exit 0 ;;
        --)
            shift
            break ;;
        -*)
            die "unknown option '$1' (see --help)" ;;
        *)
            break ;;
    esac
done

[ $# -ge 1 ] || die "no test named (see --help)"
TEST=$1
shift

case $TEST in
    loads)
        [ $# -eq 0 ] || die "loads takes no arguments" ;;
    golden|two-pass|readers|disabled|agrees|so-far)
        [ $# -ge 1 ] || die "$TEST needs at least one CAPTURE" ;;
    filter)
        [ $# -eq 3 ] || die "usage: filter CAPTURE FILTER FRAMES" ;;
    same-frames)
        [ $# -eq 3 ] || die "usage: same-frames CAPTURE FILTER1 FILTER2" ;;
    told)
        [ $# -eq 3 ] || die "usage: told TAG PREFERENCE CAPTURE" ;;
    spanish)
        [ $# -ge 1 ] || die "usage: spanish CAPTURE|FOLDER..." ;;
    bad)
        [ $# -ge 1 ] || die "usage: bad [--same-output] [--no-explain] FILE" ;;
    *)
        die "unknown test '$TEST' (see --help)" ;;
esac

if [ -z "$TSHARK" ]; then
    TSHARK=$(command -v tshark 2>/dev/null) ||
        die "tshark not found in PATH (install the tshark package, or use --tshark)"
fi
case $TSHARK in
    /*) ;;
    *) TSHARK=$(CDPATH='' cd -- "$(dirname -- "$TSHARK")" && pwd)/$(basename -- "$TSHARK") ;;
esac
[ -x "$TSHARK" ] || die "tshark '$TSHARK' is not an executable file"

[ -n "$PLUGINS" ] || die "say where the staged plugin is: --build-dir DIR or --plugins DIR"
[ "$PLUGINS" = / ] || PLUGINS=${PLUGINS%/}
STAGED=$(find "$PLUGINS" -path '*/epan/explain.so' 2>/dev/null | head -n 1)
[ -n "$STAGED" ] ||
    die "no */epan/explain.so under '$PLUGINS': build the plugin first (cmake --build BUILD)"

# ---------------------------------------------------------------------------
# The private folder, and running tshark as an unprivileged user

init_user
make_work tcp-explain-it
trap_cleanup

mkdir "$WORK/noplugins" "$WORK/home" "$WORK/in" "$WORK/out"
stage_plugins
chmod -R u+rwX,go+rX,go-w "$WORK/noplugins" "$WORK/in"
user_owns "$WORK/home"
if [ "$IS_ROOT" -eq 1 ]; then
    as_user test -r "$WORK/plugins/${STAGED#"$PLUGINS"/}" ||
        die "user nobody cannot read the copy of the plugin in $WORK"
fi

# ts with|without OUT ERR ARGS...: runs tshark with the staged plugin or
# with none, stdout to OUT, stderr to ERR; its exit status goes to RC.
# (Helpers use variables named after themselves: sh has no local ones.)
ts() {
    tshark_as_user "$@"
}

# ts_ok WHAT with|without OUT ARGS...: like ts, but fails the test unless
# tshark exits 0 with nothing on stderr (kept in OUT.stderr). Returns 1
# when it did not.
ts_ok() {
    ok_what=$1
    ok_mode=$2
    ok_out=$3
    shift 3
    ts "$ok_mode" "$ok_out" "$ok_out.stderr" "$@"
    if [ "$RC" -ne 0 ] || [ -s "$ok_out.stderr" ]; then
        fail "$ok_what: tshark $* exited $RC"
        sed -n '1,20s/^/    stderr: /p' "$ok_out.stderr"
        return 1
    fi
    return 0
}

# same WHAT EXPECTED ACTUAL: fails with a diff unless the files are equal.
same() {
    if cmp -s "$2" "$3"; then
        return 0
    fi
    fail "$1"
    diff -u "$2" "$3" | sed -n '1,60s/^/    /p'
    return 1
}

capture_name() {
    cn_name=$(basename -- "$1")
    cn_name=${cn_name%.pcapng}
    cn_name=${cn_name%.pcap}
    printf '%s\n' "$cn_name"
}

# The fields of the -T fields golden files.
GOLDEN_FIELDS="frame.number explain.step explain.phase explain.role
    explain.seq.rel explain.seq.raw explain.ack.rel explain.ack.raw
    explain.nxtseq explain.bytes.payload_total explain.bytes.seq_consumed
    explain.bytes.acked explain.check.failed explain.summary"

# field_args FIELD...: prints -e FIELD for each (word-split by the caller).
field_args() {
    for fa_field in "$@"; do
        printf ' -e %s' "$fa_field"
    done
}

# ---------------------------------------------------------------------------
# Tests

# The fields users and tests depend on (issue 3), and the checks' ids.
REQUIRED_FIELDS="explain explain.step explain.phase explain.role explain.summary
    explain.text explain.seq.rel explain.seq.raw explain.ack.rel explain.ack.raw
    explain.nxtseq explain.bytes.payload_total explain.bytes.seq_consumed
    explain.bytes.acked explain.check.failed
    explain.check.synack_ack explain.check.handshake_ack explain.check.seq_continues
    explain.check.ack_within_sent explain.check.nothing_after_fin
    explain.check.nxtseq_agrees explain.check.disagrees_with_tcp_analysis
    explain.line explain.nxtseq.raw explain.len explain.window.bytes
    explain.event explain.verdict"

# The preferences (docs/preferences.md documents them).
REQUIRED_PREFS="explain.verbosity explain.language explain.catalog_file
    explain.show_relative"

test_loads() {
    _o=$WORK/out/plugins
    if ts_ok "tshark -G plugins" with "$_o" -G plugins; then
        _line=$(awk -F '\t' '{ n = $1; sub(/ +$/, "", n) } n == "explain.so"' "$_o")
        if [ -z "$_line" ]; then
            fail "tshark -G plugins does not list explain.so"
            sed -n '1,20s/^/    /p' "$_o"
        else
            case $(printf '%s\n' "$_line" | cut -f 4) in
                "$WORK/plugins/"*) pass "tshark -G plugins lists the staged explain.so: $_line" ;;
                *) fail "explain.so listed, but not the staged copy: $_line" ;;
            esac
            # Its version names the Wireshark it was built for: this one.
            _ws=$("$TSHARK" --version 2>/dev/null | sed -n '1s/^[^0-9]*\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
            case $(printf '%s\n' "$_line" | cut -f 2) in
                *"(built for Wireshark $_ws)") pass "its version says it was built for Wireshark $_ws" ;;
                *) fail "its version does not say 'built for Wireshark ${_ws:-?}': $_line" ;;
            esac
        fi
    fi
    if ts_ok "tshark -G plugins (without the plugin)" without "$_o.none" -G plugins; then
        if awk -F '\t' '{ n = $1; sub(/ +$/, "", n) } n == "explain.so" { found = 1 } END { exit !found }' \
                "$_o.none"; then
            fail "explain.so is loaded even with an empty WIRESHARK_PLUGIN_DIR: the tests cannot compare with and without it"
        fi
    fi

    _f=$WORK/out/fields
    if ts_ok "tshark -G fields" with "$_f" -G fields; then
        _missing=
        for _name in $REQUIRED_FIELDS; do
            if ! awk -F '\t' -v n="$_name" \
                    '($1 == "F" || $1 == "P") && $3 == n { found = 1 } END { exit !found }' "$_f"; then
                _missing="$_missing $_name"
            fi
        done
        if [ -n "$_missing" ]; then
            fail "tshark -G fields lacks:$_missing"
            grep -F "	explain" "$_f" | sed -n '1,40s/^/    has: /p'
        else
            pass "tshark -G fields has all $(printf '%s\n' $REQUIRED_FIELDS | wc -l) explain fields"
        fi
    fi

    _p=$WORK/out/prefs
    if ts_ok "tshark -G defaultprefs" with "$_p" -G defaultprefs; then
        _missing=
        for _name in $REQUIRED_PREFS; do
            grep -q "^#$_name:" "$_p" || _missing="$_missing $_name"
        done
        if [ -n "$_missing" ]; then
            fail "tshark -G defaultprefs lacks:$_missing"
            grep '^#explain\.' "$_p" | sed -n '1,20s/^/    has: /p'
        else
            pass "tshark -G defaultprefs has the explain preferences"
        fi
    fi

    # Value labels: the names of steps, phases and roles are an interface.
    _v=$WORK/out/values
    if ts_ok "tshark -G values" with "$_v" -G values; then
        awk -F '\t' '$1 == "V" && $2 ~ /^explain\.(step|phase|role)$/ { print $2 " " $3 " " $4 }' \
            "$_v" >"$_v.explain"
        cat >"$_v.expected" <<'EOF'
explain.step 1 syn
explain.step 2 syn-ack
explain.step 3 handshake-ack
explain.step 4 data
explain.step 5 ack
explain.step 6 fin
explain.step 7 ack-of-fin
explain.step 8 second-fin
explain.step 9 last-ack
explain.step 10 rst
explain.phase 1 handshake
explain.phase 2 established
explain.phase 3 teardown
explain.role 1 client
explain.role 2 server
EOF
        _bad=
        while IFS= read -r _want; do
            grep -qxF "$_want" "$_v.explain" || _bad="$_bad
    missing label: $_want"
        done <"$_v.expected"
        if [ -n "$_bad" ]; then
            fail "tshark -G values: labels of explain.step/.phase/.role$_bad"
            sed -n '1,30s/^/    has: /p' "$_v.explain"
        else
            pass "explain.step, explain.phase and explain.role have their labels"
        fi
    fi
}

test_golden() {
    for _cap in "$@"; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        _in=$INPUT
        _tree=$WORK/out/$_name.explain.txt
        _tsv=$WORK/out/$_name.fields.tsv
        ts_ok "$_name: -O explain" with "$_tree" -r "$_in" -O explain || continue
        normalise_tree "$_tree"
        ts_ok "$_name: -T fields" with "$_tsv" -r "$_in" -T fields -E header=y \
            $(field_args $GOLDEN_FIELDS) || continue
        normalise_fields "$_tsv"
        if ! awk -F '\t' 'NR > 1 && $2 != "" { found = 1 } END { exit !found }' "$_tsv"; then
            fail "$_name: no packet has an explain.step value"
        fi
        for _out in "$_tree" "$_tsv"; do
            _golden=$GOLDEN_DIR/$(basename -- "$_out")
            if [ "$UPDATE" -eq 1 ]; then
                mkdir -p "$GOLDEN_DIR"
                cp "$_out" "$_golden"
                printf 'updated %s: CHECK IT BY HAND before committing\n' "$_golden"
            elif [ ! -f "$_golden" ]; then
                fail "$_name: no golden file $_golden (create it with --update, then check it by hand)"
            elif same "$_name: $(basename -- "$_out") differs from the golden file (- golden, + actual)" \
                    "$_golden" "$_out"; then
                pass "$_name: $(basename -- "$_out") equals the golden file"
            fi
        done
    done
}

test_told() {
    _tag=$1
    _pref=$2
    _name=$(capture_name "$3").$_tag
    stage_input "$3"
    _tree=$WORK/out/$_name.explain.txt
    ts_ok "$_name: -O explain -o $_pref" with "$_tree" -r "$INPUT" -O explain -o "$_pref" || return 0
    normalise_tree "$_tree"
    _golden=$GOLDEN_DIR/$_name.explain.txt
    if [ "$UPDATE" -eq 1 ]; then
        mkdir -p "$GOLDEN_DIR"
        cp "$_tree" "$_golden"
        printf 'updated %s: CHECK IT BY HAND before committing\n' "$_golden"
    elif [ ! -f "$_golden" ]; then
        fail "$_name: no golden file $_golden (create it with --update, then check it by hand)"
    elif same "$_name: -O explain -o $_pref differs from the golden file (- golden, + actual)" \
            "$_golden" "$_tree"; then
        pass "$_name: -O explain -o $_pref equals the golden file"
    fi
}

test_two_pass() {
    for _cap in "$@"; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        _in=$INPUT
        _o=$WORK/out/$_name
        ts_ok "$_name: -O explain" with "$_o.1.tree" -r "$_in" -O explain || continue
        ts_ok "$_name: -2 -O explain" with "$_o.2.tree" -2 -r "$_in" -O explain || continue
        if same "$_name: -2 -O explain differs from a single pass (- single, + two-pass)" \
                "$_o.1.tree" "$_o.2.tree"; then
            pass "$_name: -O explain is identical with -2"
        fi
        ts_ok "$_name: -T fields" with "$_o.1.tsv" -r "$_in" -T fields -E header=y \
            $(field_args $GOLDEN_FIELDS explain.text) || continue
        ts_ok "$_name: -2 -T fields" with "$_o.2.tsv" -2 -r "$_in" -T fields -E header=y \
            $(field_args $GOLDEN_FIELDS explain.text) || continue
        if same "$_name: -2 -T fields differs from a single pass (- single, + two-pass)" \
                "$_o.1.tsv" "$_o.2.tsv"; then
            pass "$_name: -T fields (with explain.text) is identical with -2"
        fi
    done
}

# so_far_frames TREE: the frames of a -O explain output whose Explain tree
# has the end-of-stream summary so far (explain.stream.so_far's label), one
# per line.
so_far_frames() {
    awk '/^Frame [0-9]+:/ { frame = $2; sub(/:$/, "", frame) }
         /\[Not closed: the capture has no later packet of this stream/ { print frame }' "$1"
}

# drop_frames TREE FRAMES OUT: TREE without the blocks (from "Frame N:" to
# the next one) of the frames listed in the file FRAMES.
drop_frames() {
    awk 'NR == FNR { drop[$1] = 1; next }
         /^Frame [0-9]+:/ { frame = $2; sub(/:$/, "", frame) }
         !(frame in drop)' "$2" "$1" >"$3"
}

# The fields reader (-o explain.reader:fields) explains exactly as the
# default tap reader, in one pass and in two; with -2 its second pass also
# has the summary so far on the last packet of each stream that did not
# close (the store holds every frame then): those frames are compared
# without, and test so-far checks where they are.
test_readers() {
    for _cap in "$@"; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        _in=$INPUT
        _o=$WORK/out/$_name.readers
        ts_ok "$_name: -O explain" with "$_o.tap.tree" -r "$_in" -O explain || continue
        ts_ok "$_name: -O explain, fields reader" with "$_o.fields.tree" -r "$_in" -O explain \
            -o explain.reader:fields || continue
        ts_ok "$_name: -2 -O explain, fields reader" with "$_o.fields2.tree" -2 -r "$_in" -O explain \
            -o explain.reader:fields || continue
        so_far_frames "$_o.fields2.tree" >"$_o.so_far"
        drop_frames "$_o.tap.tree" "$_o.so_far" "$_o.tap.cut"
        drop_frames "$_o.fields2.tree" "$_o.so_far" "$_o.fields2.cut"
        if same "$_name: the fields reader explains otherwise (- tap, + fields)" \
                "$_o.tap.tree" "$_o.fields.tree" &&
           same "$_name: the fields reader with -2 explains otherwise (- tap, + fields -2)" \
                "$_o.tap.cut" "$_o.fields2.cut"; then
            pass "$_name: tap and fields readers explain identically, one pass and two"
        fi
    done
}

# The summary so far: with -2 and the fields reader, explain.stream.so_far
# is on exactly the last explained packet of each stream that did not close
# (no explain.stream.duration before it), and nowhere in a single pass or
# with -2 and the tap reader (whose store fills during the second pass).
test_so_far() {
    for _cap in "$@"; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        _in=$INPUT
        _o=$WORK/out/$_name.so_far
        _f="-T fields -e frame.number -e tcp.stream -e explain.phase -e explain.stream.duration -e explain.stream.so_far"
        # shellcheck disable=SC2086
        ts_ok "$_name: -2 fields reader" with "$_o.2f.tsv" -2 -r "$_in" -o explain.reader:fields $_f \
            || continue
        # shellcheck disable=SC2086
        ts_ok "$_name: one pass" with "$_o.1.tsv" -r "$_in" $_f || continue
        # shellcheck disable=SC2086
        ts_ok "$_name: -2 tap reader" with "$_o.2t.tsv" -2 -r "$_in" $_f || continue
        # Expected: per stream, the last explained frame when no frame before
        # it had the closing summary.
        awk -F '\t' '$3 != "" {
                if ($4 != "" && $5 == "") closed[$2] = 1
                last[$2] = $1
            }
            END { for (s in last) if (!(s in closed)) print last[s] }' "$_o.2f.tsv" | sort -n >"$_o.want"
        awk -F '\t' '$5 != "" { print $1 }' "$_o.2f.tsv" | sort -n >"$_o.got"
        awk -F '\t' '$5 != "" { print $1 }' "$_o.1.tsv" "$_o.2t.tsv" >"$_o.none"
        if [ ! -s "$_o.want" ]; then
            fail "$_name: every stream closes: a capture with a cut stream is needed here"
        elif same "$_name: explain.stream.so_far is not on the last packet of each stream that did not close (- want, + got)" \
                "$_o.want" "$_o.got" &&
             same "$_name: explain.stream.so_far in a single pass or with -2 and the tap reader" \
                /dev/null "$_o.none"; then
            pass "$_name: the summary so far is on the last packet of the $(wc -l <"$_o.want") stream(s) that did not close, with -2 and the fields reader only"
        fi
    done
}

test_agrees() {
    for _cap in "$@"; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        _in=$INPUT
        _o=$WORK/out/$_name.agrees
        ts_ok "$_name: -T fields" with "$_o.tsv" -r "$_in" -T fields -e frame.number \
            -e tcp.seq -e explain.seq.rel -e tcp.seq_raw -e explain.seq.raw \
            -e tcp.nxtseq -e explain.nxtseq -e tcp.len -e explain.len \
            -e tcp.flags.ack -e tcp.ack -e explain.ack.rel -e tcp.ack_raw -e explain.ack.raw \
            || continue
        # Columns: 1 frame, 2-3 seq, 4-5 raw seq, 6-7 nxtseq, 8-9 len,
        # 10 ACK flag, 11-12 ack, 13-14 raw ack.
        awk -F '\t' '
            $2 == "" { next }   # not TCP
            { n++ }
            $3 == "" { print "frame " $1 ": a TCP packet without explain numbers"; next }
            $2 != $3 { print "frame " $1 ": explain.seq.rel " $3 ", tcp.seq " $2 }
            $4 != $5 { print "frame " $1 ": explain.seq.raw " $5 ", tcp.seq_raw " $4 }
            $6 != "" && $6 != $7 { print "frame " $1 ": explain.nxtseq " $7 ", tcp.nxtseq " $6 }
            $8 != $9 { print "frame " $1 ": explain.len " $9 ", tcp.len " $8 }
            ($10 == "1" || $10 == "True") && ($11 != $12 || $13 != $14) {
                print "frame " $1 ": explain.ack.rel/raw " $12 "/" $14 ", tcp.ack/ack_raw " $11 "/" $13
            }
            ($10 == "0" || $10 == "False") && ($12 != "" || $14 != "") {
                print "frame " $1 ": explain.ack.rel/raw " $12 "/" $14 " although ACK is not set"
            }
            END { if (n == 0) print "no TCP packet at all" }
        ' "$_o.tsv" >"$_o.diff"
        if [ -s "$_o.diff" ]; then
            fail "$_name: explain disagrees with Wireshark's tcp fields"
            sed -n '1,20s/^/    /p' "$_o.diff"
        else
            pass "$_name: explain's seq, raw seq, next seq, len and ack equal Wireshark's on $(awk -F '\t' '$2 != ""' "$_o.tsv" | wc -l) TCP packets"
        fi
    done
}

# frames_of IN FILTER OUT [-2]: the frame numbers -Y FILTER selects, one
# line, comma-separated ("none" when empty). Returns 1 when tshark failed.
frames_of() {
    fo_in=$1
    fo_filter=$2
    fo_out=$3
    shift 3
    ts_ok "-Y '$fo_filter'" with "$fo_out.raw" "$@" -r "$fo_in" -Y "$fo_filter" \
        -T fields -e frame.number || return 1
    fo_list=$(paste -s -d, "$fo_out.raw")
    printf '%s\n' "${fo_list:-none}" >"$fo_out"
}

test_filter() {
    _cap=$1
    _filter=$2
    _want=$3
    _name=$(capture_name "$_cap")
    stage_input "$_cap"
    _in=$INPUT
    _o=$WORK/out/$_name.filter
    for _pass in 1 2; do
        if [ "$_pass" -eq 2 ]; then set -- -2; else set --; fi
        frames_of "$_in" "$_filter" "$_o.$_pass" "$@" || continue
        _got=$(cat "$_o.$_pass")
        if [ "$_got" = "$_want" ]; then
            pass "$_name: -Y '$_filter' ($_pass pass) selects frames $_got"
        else
            fail "$_name: -Y '$_filter' ($_pass pass) selects frames $_got, expected $_want"
        fi
    done
    if [ "$_want" = none ]; then
        ts_ok "$_name: -Y '$_filter'" with "$_o.print" -r "$_in" -Y "$_filter" || return 0
        if [ -s "$_o.print" ]; then
            fail "$_name: tshark -Y '$_filter' printed something"
            sed -n '1,10s/^/    /p' "$_o.print"
        else
            pass "$_name: tshark -Y '$_filter' prints nothing"
        fi
    fi
}

test_same_frames() {
    _cap=$1
    _name=$(capture_name "$_cap")
    stage_input "$_cap"
    _in=$INPUT
    _o=$WORK/out/$_name.same
    frames_of "$_in" "$2" "$_o.1" || return 0
    frames_of "$_in" "$3" "$_o.2" || return 0
    if same "$_name: -Y '$2' and -Y '$3' select different frames" "$_o.1" "$_o.2"; then
        pass "$_name: -Y '$2' and -Y '$3' both select frames $(cat "$_o.1")"
    fi
}

test_disabled() {
    for _cap in "$@"; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        _in=$INPUT
        _o=$WORK/out/$_name.disabled
        ts_ok "$_name: --disable-protocol explain -T fields" with "$_o.tsv" \
            --disable-protocol explain -r "$_in" -T fields \
            $(field_args $GOLDEN_FIELDS explain.text) || continue
        # frame.number is the first column; every other one must be empty.
        if [ ! -s "$_o.tsv" ]; then
            fail "$_name: --disable-protocol explain -T fields printed no line at all"
        elif cut -f 2- "$_o.tsv" | grep -q '[^[:space:]]'; then
            fail "$_name: explain fields have values although explain is disabled"
            grep -v "$(printf '^[0-9]*\t*$')" "$_o.tsv" | sed -n '1,10s/^/    /p'
        else
            pass "$_name: no explain field has a value with --disable-protocol explain"
        fi
        ts with "$_o.with.V" "$_o.with.err" --disable-protocol explain -r "$_in" -V
        _rc_with=$RC
        ts without "$_o.without.V" "$_o.without.err" -r "$_in" -V
        _rc_without=$RC
        if [ "$_rc_with" -ne 0 ] || [ "$_rc_with" -ne "$_rc_without" ]; then
            fail "$_name: tshark -V exited $_rc_with (explain disabled) and $_rc_without (no plugin)"
        fi
        same "$_name: -V stderr with explain disabled differs from no plugin" \
            "$_o.without.err" "$_o.with.err" || true
        if same "$_name: -V with explain disabled differs from tshark without the plugin (- without, + disabled)" \
                "$_o.without.V" "$_o.with.V"; then
            pass "$_name: -V with explain disabled is identical to tshark without the plugin"
        fi
    done
}

test_bad() {
    _same_output=0
    _no_explain=0
    while [ $# -gt 1 ]; do
        case $1 in
            --same-output) _same_output=1 ;;
            --no-explain) _no_explain=1 ;;
            *) die "bad: unknown option '$1'" ;;
        esac
        shift
    done
    [ $# -eq 1 ] || die "usage: bad [--same-output] [--no-explain] FILE"
    _name=$(basename -- "$1")
    stage_input "$1"
    _in=$INPUT
    _o=$WORK/out/$_name
    for _pass in 1 2; do
        if [ "$_pass" -eq 2 ]; then set -- -2; else set --; fi
        ts with "$_o.$_pass.with" "$_o.$_pass.with.err" "$@" -r "$_in" -V
        _rc_with=$RC
        ts without "$_o.$_pass.without" "$_o.$_pass.without.err" "$@" -r "$_in" -V
        _rc_without=$RC
        _what="$_name: tshark${1:+ $1} -r FILE -V"
        if [ "$_rc_with" -ge 128 ]; then
            fail "$_what: killed by signal $((_rc_with - 128)) with the plugin"
            sed -n '1,20s/^/    stderr: /p' "$_o.$_pass.with.err"
        fi
        if [ "$_rc_with" -eq "$_rc_without" ]; then
            pass "$_what: exit status $_rc_with, as without the plugin"
        else
            fail "$_what: exit status $_rc_with with the plugin, $_rc_without without"
        fi
        if same "$_what: stderr differs from tshark without the plugin (- without, + with)" \
                "$_o.$_pass.without.err" "$_o.$_pass.with.err"; then
            pass "$_what: stderr as without the plugin"
        fi
        if grep -i -e 'Malformed Packet: explain' -e 'Dissector bug, protocol explain' \
                "$_o.$_pass.with" >"$_o.$_pass.malformed"; then
            fail "$_what: explain reports a malformed packet or a dissector bug"
            sed -n '1,10s/^/    /p' "$_o.$_pass.malformed"
        fi
        if [ "$_same_output" -eq 1 ]; then
            if same "$_what: stdout differs from tshark without the plugin (- without, + with)" \
                    "$_o.$_pass.without" "$_o.$_pass.with"; then
                pass "$_what: stdout as without the plugin"
            fi
        fi
    done
    # An Explain tree only where there is TCP (or nowhere at all).
    _where='explain && !tcp'
    [ "$_no_explain" -eq 1 ] && _where=explain
    ts with "$_o.explain" "$_o.explain.err" -r "$_in" -Y "$_where" -T fields -e frame.number
    if [ "$RC" -ge 128 ]; then
        fail "$_name: tshark -Y '$_where' killed by signal $((RC - 128))"
    elif [ -s "$_o.explain" ]; then
        fail "$_name: an Explain tree where it must not be (-Y '$_where'): frames $(paste -s -d, "$_o.explain")"
    else
        pass "$_name: no frame matches -Y '$_where'"
    fi
}

# English that must not show in a Spanish Explain tree: the item labels,
# "raw", enum names (word_word: explain.event labels), step labels, the
# English role words and common English words. Field names (tcp.*,
# explain.*) are taken out first: they stay English on purpose.
ENGLISH_WORDS='Step:|Phase:|Sender role|Event:|Summary:|Explanation|Sequence number|Acknowledgment number|Payload|Newly acknowledged|Window:|Checks:|Stream so far|A check failed|\(raw |relative|[Kk]eep-alive|[Rr]eset|[Cc]heck (passed|failed)|no window scaling|syn-ack|handshake-ack|ack-of-fin|second-fin|last-ack|[a-z]+_[a-z_]+|\b(the|and|with|from|client|server|Client|Server|data|unknown|established|teardown|closed)\b'

# explain_lines FILE: the lines of every Explain tree in tshark -O output,
# without Wireshark's own expert-info labels and without field names.
explain_lines() {
    awk '/^Explain: / { on = 1; print; next }
         /^[^ ]/ { on = 0 }
         on && !/Expert Info \(|Severity level: |Group: / { print }' "$1" |
        sed -E 's/(tcp|explain)\.[a-z_.]+//g'
}

test_spanish() {
    _caps=
    for _arg in "$@"; do
        if [ -d "$_arg" ]; then
            for _f in "$_arg"/*.pcapng "$_arg"/*.pcap; do
                [ -f "$_f" ] && _caps="$_caps $_f"
            done
        else
            _caps="$_caps $_arg"
        fi
    done
    [ -n "$_caps" ] || { fail "spanish: no capture found in $*"; return 0; }
    _scanned=0
    for _cap in $_caps; do
        _name=$(capture_name "$_cap")
        stage_input "$_cap"
        for _voice in brief teaching story; do
            _o=$WORK/out/$_name.$_voice
            ts_ok "$_name: -O explain, Spanish, $_voice" with "$_o.es" -r "$INPUT" -O explain \
                -o explain.language:es -o "explain.verbosity:$_voice" || continue
            explain_lines "$_o.es" >"$_o.es.lines"
            [ -s "$_o.es.lines" ] || continue
            _scanned=$((_scanned + 1))
            if grep -n -E "$ENGLISH_WORDS" "$_o.es.lines" >"$_o.es.english"; then
                fail "$_name ($_voice): English in the Spanish Explain tree:"
                sed -n '1,12s/^/    /p' "$_o.es.english"
            else
                pass "$_name ($_voice): no English in the Spanish Explain tree"
            fi
        done
        # The scan finds English where there is some.
        _o=$WORK/out/$_name.en
        ts_ok "$_name: -O explain, English" with "$_o" -r "$INPUT" -O explain \
            -o explain.language:C || continue
        explain_lines "$_o" >"$_o.lines"
        if [ -s "$_o.lines" ] && ! grep -q -E "$ENGLISH_WORDS" "$_o.lines"; then
            fail "$_name: the English scan finds nothing in the English output: it cannot fail"
        fi
    done
    [ "$_scanned" -gt 0 ] || fail "spanish: no Explain tree in $*"
}

case $TEST in
    loads) test_loads ;;
    golden) test_golden "$@" ;;
    agrees) test_agrees "$@" ;;
    so-far) test_so_far "$@" ;;
    told) test_told "$@" ;;
    spanish) test_spanish "$@" ;;
    two-pass) test_two_pass "$@" ;;
    readers) test_readers "$@" ;;
    filter) test_filter "$@" ;;
    same-frames) test_same_frames "$@" ;;
    disabled) test_disabled "$@" ;;
    bad) test_bad "$@" ;;
esac

if [ "$FAILED" -ne 0 ]; then
    printf '%s %s: FAILED\n' "$PROG" "$TEST"
    exit 1
fi
printf '%s %s: passed\n' "$PROG" "$TEST"
exit 0
