#!/bin/sh
# run_annotate.sh - tests of tcp-explain-annotate, end to end: the tool,
# the real tshark with the staged explain plugin, and tshark *without* the
# plugin to read what the tool wrote (as a student's Wireshark would).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Privileges follow tests/integration/run_tshark.sh: Wireshark 4.0 ignores
# WIRESHARK_PLUGIN_DIR when it runs as root, so as root the tool (and with
# it tshark) runs as "nobody" via setpriv, with env -i, its own HOME,
# LC_ALL=C.UTF-8 and TZ=UTC. Inputs are copied into a private
# world-readable folder first. The "root" test runs the tool itself as
# root, with a --tshark wrapper that drops privileges.
#
# Exit status: 0 passed, 1 failed, 2 wrong arguments or setup, 77 skipped.

# shellcheck disable=SC2086 # word splitting of option lists is wanted
set -eu

PROG=run_annotate.sh

usage() {
    cat <<EOF
usage: $PROG --tool PATH --plugins DIR [OPTIONS] TEST [ARGS...]

Options:
  --tool PATH     the tcp-explain-annotate to test
  --plugins DIR   the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --tshark PATH   the tshark to run (default: tshark from PATH)
  --tcpgen PATH   tools/tcpgen (batch and interrupt tests)
  --golden DIR    folder of the golden worksheets
  --update        worksheet: rewrite the golden file instead of comparing
  --keep          keep the temporary folder and say where it is

Tests:
  roundtrip [--full] CAPTURE   annotate; tshark without the plugin sees our
                               comment on every explained packet, the old
                               comments, and byte-identical frames
  worksheet md|html CAPTURE    the worksheet equals GOLDEN/NAME.worksheet.EXT
  select CAPTURE               --streams and --filter choose the packets
  bad-input GOOD TEXTFILE      missing, text, empty, truncated, unreadable
  clash GOOD                   no overwrite without --force
  unwritable GOOD              output folder not writable
  setup GOOD                   tshark or plugin missing, plugin disabled,
                               bad filter, bad command lines
  batch N                      N generated captures with -j 2 --progress
  interrupt N                  SIGINT during a batch leaves no partial file
  root CAPTURE...              the tool running as root (skipped otherwise)
EOF
}

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=annotate_test.sh
. "$SCRIPT_DIR/../lib/annotate_test.sh"

parse_test_options "tool plugins tshark tcpgen golden" "update keep" "$@"
shift "$ARGS_USED"
need_tool
need_plugins
find_tshark

# ---------------------------------------------------------------------------
# The private folder and the unprivileged user

make_annotate_work tcp-explain-annotate-test
stage_tool

capture_stem() {
    cs=$(basename -- "$1")
    cs=${cs%.gz}
    cs=${cs%.pcapng}
    cs=${cs%.pcap}
    printf '%s\n' "$cs"
}

# ts with|without OUT ARGS...: tshark as the test user, with the staged
# plugin or with none; stdout to OUT, stderr to OUT.err, status to TS_RC.
# (RC is the annotator's status here: kept as it was.)
TS_RC=0
ts() {
    ts_rc=$RC
    ts_which=$1
    ts_out=$2
    shift 2
    tshark_as_user "$ts_which" "$ts_out" "$ts_out.err" "$@"
    TS_RC=$RC
    RC=$ts_rc
}

# same WHAT EXPECTED ACTUAL: passes when the files are equal, else a diff.
same() {
    if cmp -s "$2" "$3"; then
        pass "$1"
        return 0
    fi
    fail "$1 (- expected, + actual)"
    diff -u "$2" "$3" | sed -n '1,40s/^/    /p'
    return 1
}

AGG=$(printf '\036')   # aggregator for fields that occur several times

# check_frames WHAT IN OUT: same frames, time stamps, lengths and bytes.
check_frames() {
    cf_fields="-e frame.number -e frame.time_epoch -e frame.len -e frame.cap_len -e frame.encap_type"
    ts without "$WORK/res/frames.in" -r "$2" -T fields $cf_fields
    ts without "$WORK/res/frames.out" -r "$3" -T fields $cf_fields
    same "$1: frame count, time stamps, lengths and encapsulation unchanged" \
        "$WORK/res/frames.in" "$WORK/res/frames.out" || true
    ts without "$WORK/res/hex.in" -r "$2" -x
    ts without "$WORK/res/hex.out" -r "$3" -x
    same "$1: every frame byte-identical (tshark -x, $(grep -c '^0000 ' "$WORK/res/hex.in") frames)" \
        "$WORK/res/hex.in" "$WORK/res/hex.out" || true
}

# check_comments WHAT IN OUT MODE [FRAMES]: OUT, read without the plugin,
# has IN's comments plus, on each explained packet (only FRAMES, a
# space-separated list, when given), the summary (MODE summary) or the
# narrative (MODE full: followed by the failed checks' messages, if any).
check_comments() {
    cc_what=$1
    cc_in=$2
    cc_out=$3
    cc_mode=$4
    cc_frames=${5:-all}
    ts without "$WORK/res/comments.in" -r "$cc_in" -T fields -E occurrence=a \
        -E "aggregator=$AGG" -e frame.number -e frame.comment
    ts with "$WORK/res/explain.in" -r "$cc_in" -T fields -E occurrence=l \
        -e frame.number -e tcp.stream -e explain.summary -e explain.text -e explain.check.failed
    cc_rc=$TS_RC
    ts without "$WORK/res/comments.out" -r "$cc_out" -T fields -E occurrence=a \
        -E "aggregator=$AGG" -e frame.number -e frame.comment
    if [ "$cc_rc" -ne 0 ]; then
        fail "$cc_what: tshark with the plugin failed on the input"
        sed -n '1,5s/^/    /p' "$WORK/res/explain.in.err"
        return
    fi
    : >"$WORK/res/expected.comments"
    : >"$WORK/res/actual.comments"
    # Expected: the old comments, then ours. In full mode the part after
    # the narrative (failed-check messages) is checked for its start only.
    awk -F '\t' -v agg="$AGG" -v mode="$cc_mode" -v frames=" $cc_frames " \
        -v res="$WORK/res" '
        FILENAME ~ /comments.in$/ { old[$1] = $2; next }
        FILENAME ~ /explain.in$/ {
            n++; num[n] = $1
            want = ""
            if ($3 != "" && (frames == " all " || index(frames, " " $1 " ") > 0)) {
                want = (mode == "full") ? $4 : $3
                if (mode == "full" && $5 != "") failed[$1] = 1
                tcp_commented++
            }
            if ($2 != "") tcp++
            exp_line[$1] = old[$1] ((old[$1] != "" && want != "") ? agg : "") want
            next
        }
        {
            got = $2
            if (failed[$1]) {
                # narrative + " Check failed: ..."
                if (index(got, exp_line[$1] " Check failed: ") == 1) got = exp_line[$1]
            }
            actual[$1] = got
        }
        END {
            for (i = 1; i <= n; i++) {
                print num[i] "\t" exp_line[num[i]] > (res "/expected.comments")
                print num[i] "\t" actual[num[i]] > (res "/actual.comments")
            }
            printf "%d %d\n", tcp + 0, tcp_commented + 0 > (res "/counts")
        }' "$WORK/res/comments.in" "$WORK/res/explain.in" "$WORK/res/comments.out"
    same "$cc_what: frame.comment without the plugin (old comments kept, ours added)" \
        "$WORK/res/expected.comments" "$WORK/res/actual.comments" || true
    read -r cc_tcp cc_commented <"$WORK/res/counts"
    if [ "$cc_frames" = all ] && [ "$cc_tcp" -ne "$cc_commented" ]; then
        fail "$cc_what: only $cc_commented of $cc_tcp TCP packets were explained"
    else
        pass "$cc_what: $cc_commented of $cc_tcp TCP packets carry an explanation"
    fi
}

# commented_frames FILE: the frames of FILE (read without the plugin)
# that carry a comment, one line, space-separated.
commented_frames() {
    ts without "$WORK/res/cf" -r "$1" -T fields -e frame.number -e frame.comment
    awk -F '\t' '$2 != "" { printf "%s%s", sep, $1; sep = " " } END { print "" }' "$WORK/res/cf"
}

# frames_matching with|without FILE FILTER: frames tshark -Y FILTER selects.
frames_matching() {
    ts "$1" "$WORK/res/fm" -r "$2" -Y "$3" -T fields -e frame.number
    awk '{ printf "%s%s", sep, $1; sep = " " } END { print "" }' "$WORK/res/fm"
}

# equal WHAT EXPECTED ACTUAL: two strings.
equal() {
    if [ "$2" = "$3" ]; then
        pass "$1: $3"
    else
        fail "$1: expected '$2', got '$3'"
    fi
}

# ---------------------------------------------------------------------------
# Tests

test_roundtrip() {
    rt_mode=summary
    rt_args=
    if [ "${1:-}" = --full ]; then
        rt_mode=full
        rt_args=--full
        shift
    fi
    [ $# -eq 1 ] || die "usage: roundtrip [--full] CAPTURE"
    stage_input "$1"
    rt_name=$(capture_stem "$INPUT")
    rt_before=$(sum_of "$INPUT")
    ann -- --tshark "$TSHARK" $rt_args "$INPUT" -o "$WORK/out/rt"
    expect_rc "$rt_name: annotate" 0 || return 0
    rt_cap=$WORK/out/rt/$rt_name.explained.pcapng
    [ -f "$rt_cap" ] || { fail "$rt_name: no $rt_cap"; return 0; }
    equal "$rt_name: input unchanged (sha256)" "$rt_before" "$(sum_of "$INPUT")"
    ts without "$WORK/res/type" -r "$rt_cap" -T fields -e frame.number -c 1
    if [ "$TS_RC" -ne 0 ]; then
        fail "$rt_name: tshark without the plugin cannot read the output"
        sed -n '1,5s/^/    /p' "$WORK/res/type.err"
    fi
    check_frames "$rt_name" "$INPUT" "$rt_cap"
    check_comments "$rt_name" "$INPUT" "$rt_cap" "$rt_mode"
    no_leftovers "$WORK/out/rt" "$rt_name"
}

test_worksheet() {
    [ $# -eq 2 ] || die "usage: worksheet md|html CAPTURE"
    ws_fmt=$1
    stage_input "$2"
    ws_name=$(capture_stem "$INPUT")
    ann -- --tshark "$TSHARK" --worksheet "$ws_fmt" "$INPUT" -o "$WORK/out/ws"
    expect_rc "$ws_name: annotate --worksheet $ws_fmt" 0 || return 0
    ws_file=$WORK/out/ws/$ws_name.worksheet.$ws_fmt
    ws_golden=$GOLDEN_DIR/$ws_name.worksheet.$ws_fmt
    [ -f "$ws_file" ] || { fail "no $ws_file"; return 0; }
    if [ "$UPDATE" -eq 1 ]; then
        mkdir -p "$GOLDEN_DIR"
        cp "$ws_file" "$ws_golden"
        printf 'updated %s: CHECK IT BY HAND before committing\n' "$ws_golden"
        return 0
    fi
    if [ ! -f "$ws_golden" ]; then
        fail "no golden file $ws_golden (create it with --update, then check it by hand)"
    else
        same "$ws_name: worksheet equals $(basename -- "$ws_golden")" "$ws_golden" "$ws_file" || true
    fi
    if [ "$ws_fmt" = html ]; then
        if grep -Eiq '<script|<link|src=|href="[^#]|@import|url\(' "$ws_file"; then
            fail "$ws_name: the HTML worksheet refers to something outside itself"
        else
            pass "$ws_name: the HTML worksheet is self-contained"
        fi
    fi
}

test_select() {
    [ $# -eq 1 ] || die "usage: select CAPTURE"
    stage_input "$1"
    se_name=$(capture_stem "$INPUT")
    se_cap=$se_name.explained.pcapng

    ann -- --tshark "$TSHARK" --streams 1 --worksheet md "$INPUT" -o "$WORK/out/s1"
    if expect_rc "--streams 1" 0; then
        equal "--streams 1: commented frames are those of stream 1" \
            "$(frames_matching without "$INPUT" 'tcp.stream == 1')" \
            "$(commented_frames "$WORK/out/s1/$se_cap")"
        check_comments "--streams 1" "$INPUT" "$WORK/out/s1/$se_cap" summary \
            "$(frames_matching without "$INPUT" 'tcp.stream == 1')"
        if grep -q '^## Stream 1:' "$WORK/out/s1/$se_name.worksheet.md" &&
                ! grep -q '^## Stream 0:' "$WORK/out/s1/$se_name.worksheet.md" &&
                grep -q 'Only packets of TCP stream 1 are shown' "$WORK/out/s1/$se_name.worksheet.md"; then
            pass "--streams 1: the worksheet has stream 1 only, and says so"
        else
            fail "--streams 1: worksheet sections are wrong"
            grep -n '^## \|Only packets' "$WORK/out/s1/$se_name.worksheet.md" | sed 's/^/    /'
        fi
    fi

    ann -- --tshark "$TSHARK" --filter 'tcp.len > 0' "$INPUT" -o "$WORK/out/f1"
    if expect_rc "--filter 'tcp.len > 0'" 0; then
        equal "--filter 'tcp.len > 0': commented frames are the data segments" \
            "$(frames_matching without "$INPUT" 'tcp.len > 0')" \
            "$(commented_frames "$WORK/out/f1/$se_cap")"
    fi

    ann -- --tshark "$TSHARK" --filter 'explain.check.failed' "$INPUT" -o "$WORK/out/f2"
    if expect_rc "--filter on a plugin field" 0; then
        equal "--filter explain.check.failed: commented frames are those with a failed check" \
            "$(frames_matching with "$INPUT" 'explain.check.failed')" \
            "$(commented_frames "$WORK/out/f2/$se_cap")"
    fi

    ann -- --tshark "$TSHARK" --streams 0 --filter 'tcp.flags.fin == 1' "$INPUT" -o "$WORK/out/f3"
    if expect_rc "--streams 0 --filter FIN" 0; then
        equal "--streams 0 --filter 'tcp.flags.fin == 1': both must hold" \
            "$(frames_matching without "$INPUT" 'tcp.stream == 0 && tcp.flags.fin == 1')" \
            "$(commented_frames "$WORK/out/f3/$se_cap")"
    fi
    no_leftovers "$WORK/out" select
}

test_bad_input() {
    [ $# -eq 2 ] || die "usage: bad-input GOOD TEXTFILE"
    stage_input "$1"
    bi_good=$INPUT
    bi_dir=$(dirname -- "$bi_good")
    cp "$2" "$bi_dir/lecture-notes.pcap"
    bi_text=$bi_dir/lecture-notes.pcap
    bi_size=$(wc -c <"$bi_good")
    head -c $((bi_size - 20)) "$bi_good" >"$bi_dir/cut.pcapng"
    bi_cut=$bi_dir/cut.pcapng
    : >"$bi_dir/zero.pcap"
    bi_zero=$bi_dir/zero.pcap
    cp "$bi_good" "$bi_dir/secret.pcapng"
    bi_secret=$bi_dir/secret.pcapng
    chmod 644 "$bi_text" "$bi_cut" "$bi_zero"
    chmod 000 "$bi_secret"
    bi_missing=$bi_dir/missing.pcapng
    bi_sums=$WORK/res/sums
    for f in "$bi_good" "$bi_text" "$bi_cut" "$bi_zero"; do
        sum_of "$f"
    done >"$bi_sums.before"

    ann -- --tshark "$TSHARK" "$bi_text" "$bi_missing" "$bi_cut" "$bi_good" "$bi_zero" \
        "$bi_secret" -o "$WORK/out/bad"
    expect_rc "bad inputs mixed with a good one" 1 || true
    expect_said "text file" "lecture-notes.pcap: not a capture file"
    expect_said "missing file" "missing.pcapng: no such file or folder"
    expect_said "truncated capture" "cut.pcapng: the capture is cut short in the middle of a packet"
    expect_said "zero-byte file" "zero.pcap: the file is empty (0 bytes), not a capture"
    expect_said "unreadable file" "secret.pcapng: Permission denied"
    expect_said "summary" "1 file annotated"
    expect_said "summary" "5 failed"
    bi_name=$(capture_stem "$bi_good")
    bi_list=$(cd "$WORK/out/bad" && ls -A | tr '\n' ' ')
    equal "only the good input has an output" "$bi_name.explained.pcapng " "$bi_list"
    check_comments "the good input in a bad batch" "$bi_good" \
        "$WORK/out/bad/$bi_name.explained.pcapng" summary
    for f in "$bi_good" "$bi_text" "$bi_cut" "$bi_zero"; do
        sum_of "$f"
    done >"$bi_sums.after"
    same "inputs unchanged (sha256 before and after)" "$bi_sums.before" "$bi_sums.after" || true
    no_leftovers "$WORK/out/bad" "bad inputs"
}

test_clash() {
    [ $# -eq 1 ] || die "usage: clash GOOD"
    stage_input "$1"
    cl_name=$(capture_stem "$INPUT")
    cl_out=$WORK/out/clash
    cl_cap=$cl_out/$cl_name.explained.pcapng
    ann -- --tshark "$TSHARK" "$INPUT" -o "$cl_out"
    expect_rc "first run" 0 || return 0
    cl_sum=$(sum_of "$cl_cap")
    ann -- --tshark "$TSHARK" --full "$INPUT" -o "$cl_out"
    expect_rc "second run without --force" 1 || true
    expect_said "second run without --force" "$cl_cap already exists (use --force to overwrite)"
    equal "the existing output is untouched" "$cl_sum" "$(sum_of "$cl_cap")"
    ann -- --tshark "$TSHARK" --worksheet md "$INPUT" -o "$cl_out"
    expect_rc "worksheet wanted, capture exists" 1 || true
    if [ -e "$cl_out/$cl_name.worksheet.md" ]; then
        fail "a worksheet was written although its capture could not be"
    else
        pass "nothing written for a refused input"
    fi
    ann -- --tshark "$TSHARK" --force --full --worksheet md "$INPUT" -o "$cl_out"
    expect_rc "--force" 0 || true
    if [ "$cl_sum" != "$(sum_of "$cl_cap")" ] && [ -f "$cl_out/$cl_name.worksheet.md" ]; then
        pass "--force replaced the capture (now --full) and wrote the worksheet"
    else
        fail "--force did not replace the outputs"
    fi
    # Two inputs that would write the same output in one batch.
    mkdir "$WORK/in/twin"
    chmod 755 "$WORK/in/twin"
    cp "$INPUT" "$WORK/in/twin/$cl_name.pcap"
    chmod 644 "$WORK/in/twin/$cl_name.pcap"
    ann -- --tshark "$TSHARK" "$INPUT" "$WORK/in/twin/$cl_name.pcap" -o "$WORK/out/twins"
    expect_rc "two inputs, one output name" 1 || true
    expect_said "two inputs, one output name" "would write the same outputs"
    if [ -f "$WORK/out/twins/$cl_name.explained.pcapng" ]; then
        pass "the first of the twins was annotated"
    else
        fail "the first of the twins was not annotated"
    fi
    no_leftovers "$WORK/out" clash
}

test_unwritable() {
    [ $# -eq 1 ] || die "usage: unwritable GOOD"
    stage_input "$1"
    un_before=$(sum_of "$INPUT")
    mkdir "$WORK/readonly"
    chmod 555 "$WORK/readonly"
    ann -- --tshark "$TSHARK" "$INPUT" -o "$WORK/readonly"
    expect_rc "output folder not writable" 3 || true
    expect_said "output folder not writable" "cannot write into the output folder $WORK/readonly"
    ann -- --tshark "$TSHARK" "$INPUT" -o "$WORK/readonly/sub"
    expect_rc "output folder cannot be created" 3 || true
    expect_said "output folder cannot be created" "cannot create folder $WORK/readonly/sub"
    equal "input unchanged" "$un_before" "$(sum_of "$INPUT")"
    un_list=$(ls -A "$WORK/readonly")
    equal "nothing left in the read-only folder" "" "$un_list"
}

test_setup() {
    [ $# -eq 1 ] || die "usage: setup GOOD"
    stage_input "$1"
    se_in=$INPUT

    ann -- --tshark /nonexistent/tshark "$se_in" -o "$WORK/out/s"
    expect_rc "tshark missing" 3 || true
    expect_said "tshark missing" "tshark not found (/nonexistent/tshark)"

    ann WIRESHARK_PLUGIN_DIR="$WORK/noplugins" -- --tshark "$TSHARK" "$se_in" -o "$WORK/out/s"
    expect_rc "plugin not loaded" 3 || true
    expect_said "plugin not loaded" "the explain plugin is not loaded by tshark: install it"
    if [ -e "$WORK/out/s" ]; then fail "plugin not loaded: the output folder was created"; else pass "plugin not loaded: nothing written"; fi

    # The Explain protocol switched off in the user's profile.
    mkdir -p "$WORK/home2/.config/wireshark"
    printf 'explain\n' >"$WORK/home2/.config/wireshark/disabled_protos"
    chmod -R a+rX "$WORK/home2"
    ann HOME="$WORK/home2" -- --tshark "$TSHARK" "$se_in" -o "$WORK/out/s"
    expect_rc "Explain protocol disabled" 1 || true
    expect_said "Explain protocol disabled" "tshark explained none of the 9 TCP packets"

    ann -- --tshark "$TSHARK" --filter 'tcp.port ==' "$se_in" -o "$WORK/out/s"
    expect_rc "bad --filter" 3 || true
    expect_said "bad --filter" "tshark rejects --filter 'tcp.port =='"

    mkdir "$WORK/in/nothing"
    chmod 755 "$WORK/in/nothing"
    ann -- --tshark "$TSHARK" "$WORK/in/nothing" -o "$WORK/out/s"
    expect_rc "a folder without captures" 1 || true
    expect_said "a folder without captures" "no capture files"

    for se_args in "" "$se_in" "-o $WORK/out/s" "--worksheet pdf $se_in -o $WORK/out/s" \
            "-j 0 $se_in -o $WORK/out/s" "--streams x $se_in -o $WORK/out/s" \
            "--bogus $se_in -o $WORK/out/s" "$se_in -o"; do
        ann -- $se_args
        expect_rc "usage error: '$se_args'" 2 || true
    done
    ann -- --help
    expect_rc "--help" 0 || true
    if grep -q '^usage: tcp-explain-annotate' "$ANN_OUT"; then pass "--help prints the usage"; else fail "--help"; fi
    ann -- --version
    expect_rc "--version" 0 || true
    if grep -q '^tcp-explain-annotate [0-9]' "$ANN_OUT"; then pass "--version"; else fail "--version"; fi
}

# generate N DIR: N small captures in four subfolders of DIR (plus a few
# gzip-compressed and classic pcap ones); prints their packet total.
generate() {
    [ -n "$TCPGEN" ] && [ -x "$TCPGEN" ] || die "this test needs --tcpgen"
    ge_n=$1
    ge_dir=$2
    ge_i=0
    ge_packets=0
    while [ "$ge_i" -lt "$ge_n" ]; do
        ge_sub=$ge_dir/lab$((ge_i % 4))
        mkdir -p "$ge_sub"
        ge_format=pcapng
        [ $((ge_i % 10)) -eq 3 ] && ge_format=pcap
        ge_data=$((1 + ge_i % 50))
        ge_isn=$((1000000 + ge_i * 7919))
        ge_sisn=$((3000000000 + ge_i * 104729))
        {
            printf 'format %s\nlinktype ether\ntime %d.000000\n' "$ge_format" $((1700000000 + ge_i))
            printf 'host c 10.9.%d.%d:%d\nhost s 10.9.200.1:8080\n' \
                $((ge_i / 250)) $((1 + ge_i % 250)) $((40000 + ge_i))
            printf 'pkt c>s S  seq=%d win=64240 opts=mss:1460\n' "$ge_isn"
            printf 'pkt s>c SA seq=%d ack=%d win=65160 opts=mss:1460 dt=0.0001\n' "$ge_sisn" $((ge_isn + 1))
            printf 'pkt c>s A  seq=%d ack=%d win=64240 dt=0.0001\n' $((ge_isn + 1)) $((ge_sisn + 1))
            printf 'pkt c>s PA seq=%d ack=%d win=64240 len=%d dt=0.0010\n' $((ge_isn + 1)) $((ge_sisn + 1)) "$ge_data"
            printf 'pkt s>c A  seq=%d ack=%d win=65160 dt=0.0001\n' $((ge_sisn + 1)) $((ge_isn + 1 + ge_data))
            printf 'pkt c>s FA seq=%d ack=%d win=64240 dt=0.0010\n' $((ge_isn + 1 + ge_data)) $((ge_sisn + 1))
            printf 'pkt s>c FA seq=%d ack=%d win=65160 dt=0.0001\n' $((ge_sisn + 1)) $((ge_isn + 2 + ge_data))
            printf 'pkt c>s A  seq=%d ack=%d win=64240 dt=0.0001\n' $((ge_isn + 2 + ge_data)) $((ge_sisn + 2))
        } >"$ge_sub/cap$ge_i.scn"
        "$TCPGEN" "$ge_sub/cap$ge_i.scn" "$ge_sub/cap$ge_i.$ge_format" >/dev/null ||
            die "tcpgen failed on $ge_sub/cap$ge_i.scn"
        rm "$ge_sub/cap$ge_i.scn"
        if [ $((ge_i % 20)) -eq 7 ]; then
            gzip -n "$ge_sub/cap$ge_i.$ge_format"
        fi
        ge_packets=$((ge_packets + 8))
        ge_i=$((ge_i + 1))
    done
    chmod -R a+rX "$ge_dir"
    GENERATED_PACKETS=$ge_packets
}

test_batch() {
    [ $# -eq 1 ] || die "usage: batch N"
    ba_n=$1
    generate "$ba_n" "$WORK/in/batch"
    ba_start=$(date +%s)
    ann -- --tshark "$TSHARK" -j 2 --progress "$WORK/in/batch" -o "$WORK/out/batch"
    ba_secs=$(( $(date +%s) - ba_start ))
    expect_rc "batch of $ba_n captures with -j 2 (${ba_secs} s)" 0 || true
    ba_count=$(find "$WORK/out/batch" -name '*.explained.pcapng' | wc -l)
    equal "every capture has its output" "$ba_n" "$ba_count"
    ba_missing=0
    for ba_in in $(cd "$WORK/in/batch" && find . -type f | sort); do
        ba_rel=${ba_in#./}
        ba_expect=$WORK/out/batch/$(dirname -- "$ba_rel")/$(capture_stem "$ba_rel").explained.pcapng
        if [ ! -s "$ba_expect" ]; then
            ba_missing=$((ba_missing + 1))
            [ "$ba_missing" -le 5 ] && fail "missing output $ba_expect"
        fi
    done
    equal "outputs missing (subfolders mirrored, .gz and pcap included)" 0 "$ba_missing"
    if grep -Eq "tcp-explain-annotate: [0-9]+/$ba_n files, [0-9]+ packets, [0-9]+ packets/s" "$ANN_ERR"; then
        pass "progress lines shown ($(grep -c 'packets/s' "$ANN_ERR"))"
    else
        fail "no progress line with --progress"
        show_stderr
    fi
    expect_said "final progress" "$ba_n/$ba_n files, $GENERATED_PACKETS packets"
    expect_said "summary" "$ba_n files annotated into $WORK/out/batch ($GENERATED_PACKETS packets, $GENERATED_PACKETS comments)"
    # Spot checks: a pcapng, a pcap and a gzip-compressed one.
    for ba_i in 0 3 7; do
        ba_file=$(find "$WORK/in/batch" -name "cap$ba_i.*")
        check_comments "batch cap$ba_i" "$ba_file" \
            "$WORK/out/batch/lab$((ba_i % 4))/cap$ba_i.explained.pcapng" summary
    done
    no_leftovers "$WORK/out/batch" batch
}

test_interrupt() {
    [ $# -eq 1 ] || die "usage: interrupt N"
    generate "$1" "$WORK/in/many"
    in_out=$WORK/out/many
    # Not through as_user: a function would run in a subshell, and $! must
    # be the tool itself (setpriv and env exec it).
    in_priv=
    [ "$IS_ROOT" -eq 1 ] && in_priv="setpriv --reuid=$RUN_UID --regid=$RUN_GID --clear-groups --"
    $in_priv env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
        "$ANNOTATE" --tshark "$TSHARK" -j 2 "$WORK/in/many" -o "$in_out" \
        >"$ANN_OUT" 2>"$ANN_ERR" &
    in_pid=$!
    in_wait=0
    while [ "$(find "$in_out" -name '*.explained.pcapng' 2>/dev/null | wc -l)" -lt 3 ] &&
            [ "$in_wait" -lt 600 ] && kill -0 "$in_pid" 2>/dev/null; do
        sleep 0.1
        in_wait=$((in_wait + 1))
    done
    kill -INT "$in_pid" 2>/dev/null || true
    RC=0
    wait "$in_pid" || RC=$?
    expect_rc "SIGINT during a batch" 130 || true
    expect_said "SIGINT during a batch" "interrupted: finished outputs are complete"
    in_done=$(find "$in_out" -name '*.explained.pcapng' | wc -l)
    if [ "$in_done" -ge "$1" ]; then
        fail "the batch finished before the signal: nothing was tested"
    fi
    no_leftovers "$in_out" "after SIGINT"
    in_bad=0
    for in_f in $(find "$in_out" -name '*.explained.pcapng'); do
        ts without "$WORK/res/int" -r "$in_f" -T fields -e frame.comment
        if [ "$TS_RC" -ne 0 ] || [ "$(grep -c . "$WORK/res/int")" -ne 8 ]; then
            in_bad=$((in_bad + 1))
            fail "incomplete output after SIGINT: $in_f"
        fi
    done
    equal "outputs present after SIGINT ($in_done) that are incomplete" 0 "$in_bad"
}

test_root() {
    if [ "$IS_ROOT" -ne 1 ]; then
        printf 'skipped: not running as root\n'
        exit 77
    fi
    # A tshark that drops privileges, as an admin could set up with --tshark.
    ro_wrapper=$WORK/bin/tshark-as-nobody
    cat >"$ro_wrapper" <<EOF
#!/bin/sh
exec setpriv --reuid=$RUN_UID --regid=$RUN_GID --clear-groups -- env -i PATH=/usr/bin:/bin \
    HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC WIRESHARK_PLUGIN_DIR="$WORK/plugins" "$TSHARK" "\$@"
EOF
    chmod 755 "$ro_wrapper"
    ro_inputs=
    for ro_f in "$@"; do
        stage_input "$ro_f"
        ro_inputs="$ro_inputs $INPUT"
    done
    mkdir "$WORK/rootout"
    chmod 700 "$WORK/rootout"
    RC=0
    env -i PATH=/usr/bin:/bin HOME="$WORK" LC_ALL=C.UTF-8 TZ=UTC \
        "$ANNOTATE" --tshark "$ro_wrapper" --worksheet md $ro_inputs -o "$WORK/rootout" \
        >"$ANN_OUT" 2>"$ANN_ERR" || RC=$?
    expect_rc "as root, tshark through a privilege-dropping wrapper" 0 || true
    for ro_in in $ro_inputs; do
        ro_cap=$WORK/rootout/$(capture_stem "$ro_in").explained.pcapng
        equal "$(basename -- "$ro_cap") owned by root" 0 "$(stat -c %u "$ro_cap" 2>/dev/null || echo missing)"
        # Readable by the test user for the checks.
        chmod 755 "$WORK/rootout"
        check_comments "as root: $(basename -- "$ro_in")" "$ro_in" "$ro_cap" summary
    done
    # tshark itself as root ignores WIRESHARK_PLUGIN_DIR: a clear message.
    ro_global=$(find /usr/lib /usr/local/lib -path '*/wireshark/plugins/*/epan/explain.so' 2>/dev/null | head -n 1)
    if [ -n "$ro_global" ]; then
        pass "plain tshark as root: skipped, the plugin is installed globally ($ro_global)"
        return 0
    fi
    RC=0
    env -i PATH=/usr/bin:/bin HOME="$WORK" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
        "$ANNOTATE" --tshark "$TSHARK" $ro_inputs -o "$WORK/rootout2" \
        >"$ANN_OUT" 2>"$ANN_ERR" || RC=$?
    expect_rc "plain tshark as root (plugin only staged)" 3 || true
    expect_said "plain tshark as root" "the explain plugin is not loaded by tshark"
    expect_said "plain tshark as root" "running as root, tshark loads plugins only from its global plugin folder"
}

case $TEST in
    roundtrip) test_roundtrip "$@" ;;
    worksheet) test_worksheet "$@" ;;
    select) test_select "$@" ;;
    bad-input) test_bad_input "$@" ;;
    clash) test_clash "$@" ;;
    unwritable) test_unwritable "$@" ;;
    setup) test_setup "$@" ;;
    batch) test_batch "$@" ;;
    interrupt) test_interrupt "$@" ;;
    root) test_root "$@" ;;
    *) die "unknown test '$TEST' (see --help)" ;;
esac

exit "$FAILED"
