#!/bin/sh
# run_annotate_big.sh - tcp-explain-annotate on large inputs, chatty
# tsharks, signals and leftovers (issue 12, issue 19 item 4): the tool must
# never hang, whatever tshark writes where, and must end cleanly on
# SIGINT/SIGTERM. Inputs are generated at test time (bench/gen).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Like run_annotate.sh: as root, the tool (and with it tshark) runs as
# "nobody" via setpriv, with env -i and the staged plugin. Every run of the
# tool has its own timeout (RUN_TIMEOUT), so a hang fails the test with a
# message instead of waiting for ctest's.
#
# Exit status: 0 passed, 1 failed, 2 wrong arguments or setup, 77 skipped.

# shellcheck disable=SC2086 # word splitting of option lists is wanted
set -eu

PROG=run_annotate_big.sh

usage() {
    cat <<EOF
usage: $PROG --tool PATH --plugins DIR --gen PATH [OPTIONS] TEST [ARGS...]

Options:
  --tool PATH     the tcp-explain-annotate to test
  --plugins DIR   the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --gen PATH      bench/gen, the capture generator
  --tshark PATH   the tshark to run (default: tshark from PATH)
  --keep          keep the temporary folder and say where it is

Tests:
  large PACKETS STREAMS   a capture whose tshark output is several MiB:
                          completes, one comment per TCP packet, frames
                          byte-identical; worksheet with index and --max-rows
  standin early|late      a --tshark wrapper that writes lots to stderr
                          before and while writing stdout (early), or only
                          after 1 MiB of stdout (late): completes, reported
  signal INT|TERM JOBS [OPTION...]
                          the signal 1 s into large captures (JOBS of them
                          with -j JOBS, OPTIONs added): exit 130/143 within
                          2 s, no file left in the output folder, inputs
                          untouched, no tshark left running
  stale                   SIGKILL leaves a temporary file; the next run
                          removes it, and only it
  shared DIR              every capture under DIR in one batch with -j 2:
                          each annotated or refused with a message, no hang
                          (skipped when DIR is absent)
EOF
}

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=annotate_test.sh
. "$SCRIPT_DIR/../lib/annotate_test.sh"

RUN_TIMEOUT=300
parse_test_options "tool plugins tshark gen" "keep" "$@"
shift "$ARGS_USED"
need_tool
need_plugins
{ [ -n "$GEN" ] && [ -x "$GEN" ]; } || die "--gen must name the built bench/gen"
find_tshark

if [ "$TEST" = shared ]; then
    [ $# -eq 1 ] || die "usage: shared DIR"
    if [ ! -d "$1" ]; then
        printf 'skipped: %s is absent\n' "$1"
        exit 77
    fi
fi

make_annotate_work tcp-explain-annotate-big
stage_tool
chmod 777 "$WORK/res"

# USER_CMD: the prefix that runs a command as the test user in a clean
# environment with the staged plugin (exec'ing it: $! is the command).
USER_CMD="env -i PATH=/usr/bin:/bin HOME=$WORK/home LC_ALL=C.UTF-8 TZ=UTC WIRESHARK_PLUGIN_DIR=$WORK/plugins"
[ "$IS_ROOT" -eq 1 ] &&
    USER_CMD="setpriv --reuid=$RUN_UID --regid=$RUN_GID --clear-groups -- $USER_CMD"

# ann ARGS...: runs the tool as the test user, at most RUN_TIMEOUT seconds;
# stdout and stderr to ANN_OUT and ANN_ERR, exit status to RC (124: hung).
# (Instead of annotate_test.sh's ann: every run here has a timeout.)
ann() {
    RC=0
    timeout -k 5 "$RUN_TIMEOUT" $USER_CMD "$ANNOTATE" "$@" >"$ANN_OUT" 2>"$ANN_ERR" || RC=$?
    if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
        fail "the tool did not finish within $RUN_TIMEOUT s (hung?)"
        show_stderr
    fi
}

equal() {
    if [ "$2" = "$3" ]; then
        pass "$1: $3"
    else
        fail "$1: expected '$2', got '$3'"
    fi
}

# ts_sum with|without ARGS...: sha256 of what tshark (as the test user)
# prints; TS_RC its status.
ts_sum() {
    ts_which=$1
    shift
    tshark_as_user "$ts_which" "$WORK/res/ts.out" "$WORK/res/ts.err" "$@"
    if [ "$RC" -ne 0 ]; then
        # Into the caller's comparison, which then fails: the arguments
        # (the file read) differ between the two sides compared.
        printf 'tshark %s failed (%s): %s\n' "$*" "$RC" "$(head -c 200 "$WORK/res/ts.err")"
    fi
    sum_of "$WORK/res/ts.out"
    rm -f "$WORK/res/ts.out"
}

# gen_capture PACKETS STREAMS FILE: a capture from bench/gen (seed 7).
gen_capture() {
    "$GEN" --packets "$1" --streams "$2" --seed 7 --format pcapng -o "$3" --quiet ||
        die "bench/gen failed"
    chmod 644 "$3"
}

# check_output WHAT IN OUT: OUT (read without the plugin) has one comment
# on every TCP packet and none elsewhere, and IN's frames byte for byte.
check_output() {
    tshark_as_user without "$WORK/res/c.out" "$WORK/res/c.err" -r "$3" -T fields \
        -e frame.number -e tcp.stream -e frame.comment
    co_rc=$RC
    if [ "$co_rc" -ne 0 ]; then
        fail "$1: tshark cannot read the output"
        sed -n '1,5s/^/    /p' "$WORK/res/c.err"
        return
    fi
    co_counts=$(awk -F '\t' '{ n++ } $2 != "" { tcp++ } $2 != "" && $3 != "" { both++ }
        $2 == "" && $3 != "" { stray++ }
        END { printf "%d %d %d %d\n", n, tcp, both, stray }' "$WORK/res/c.out")
    rm -f "$WORK/res/c.out"
    set -- "$@" $co_counts
    # $4 frames, $5 TCP packets, $6 commented TCP packets, $7 other comments
    if [ "$5" -gt 0 ] && [ "$5" -eq "$6" ] && [ "$7" -eq 0 ]; then
        pass "$1: $6 comments on $5 TCP packets ($4 frames), none elsewhere"
    else
        fail "$1: $6 comments on $5 TCP packets ($4 frames), $7 elsewhere"
    fi
    co_in=$(ts_sum without -r "$2" -x)
    co_out=$(ts_sum without -r "$3" -x)
    equal "$1: every frame byte-identical (sha256 of tshark -x)" "$co_in" "$co_out"
    co_in=$(ts_sum without -r "$2" -T fields -e frame.time_epoch -e frame.len -e frame.cap_len)
    co_out=$(ts_sum without -r "$3" -T fields -e frame.time_epoch -e frame.len -e frame.cap_len)
    equal "$1: time stamps and lengths unchanged (sha256)" "$co_in" "$co_out"
}

no_files_in() {
    nf_found=$(find "$1" -type f 2>/dev/null | head -n 5)
    if [ -n "$nf_found" ]; then
        fail "$2: files left in the output folder: $nf_found"
    else
        pass "$2: no file in the output folder"
    fi
}

# ---------------------------------------------------------------------------

test_large() {
    [ $# -eq 2 ] || die "usage: large PACKETS STREAMS"
    RUN_TIMEOUT=400
    la_in=$WORK/in/large.pcapng
    gen_capture "$1" "$2" "$la_in"
    la_before=$(sum_of "$la_in")
    # How much tshark writes for the tool: the summaries alone.
    tshark_as_user with "$WORK/res/sizes" "$WORK/res/sizes.err" -r "$la_in" -T fields \
        -e frame.number -e explain.summary
    la_bytes=$(wc -c <"$WORK/res/sizes")
    rm -f "$WORK/res/sizes"
    if [ "$la_bytes" -gt 2097152 ]; then
        pass "tshark's summaries alone are $la_bytes bytes (many pipe buffers)"
    else
        fail "the capture is too small to test: tshark writes only $la_bytes bytes of summaries"
    fi
    ann --tshark "$TSHARK" --worksheet md --max-rows 20 --progress "$la_in" -o "$WORK/out/l"
    expect_rc "$1 packets in $2 streams" 0 || return 0
    check_output "large" "$la_in" "$WORK/out/l/large.explained.pcapng"
    equal "input unchanged (sha256)" "$la_before" "$(sum_of "$la_in")"
    if grep -Eq 'large\.pcapng [0-9]+% \([0-9]+ packets, [0-9]+/s\)' "$ANN_ERR"; then
        pass "progress within the file: $(grep -Eo 'large\.pcapng [0-9]+% \([0-9]+ packets, [0-9]+/s\)' "$ANN_ERR" | tail -n 1)"
    else
        fail "no progress within the file (NAME PERCENT (N packets, R/s))"
        show_stderr
    fi
    la_ws=$WORK/out/l/large.worksheet.md
    # The index lists every stream that has a section; no table is longer
    # than --max-rows; each cut stream says so.
    la_sections=$(grep -c '^## Stream ' "$la_ws" || true)
    la_index=$(awk '/^## Index of streams/ { on = 1; next } /^## / { on = 0 }
        on && /^\| [0-9]+ \|/ { n++ } END { print n + 0 }' "$la_ws")
    equal "index rows = stream sections" "$la_sections" "$la_index"
    la_longest=$(awk '/^## Stream / { n = 0; on = 1; next } on && /^\| `/ { n++; if (n > max) max = n }
        END { print max + 0 }' "$la_ws")
    equal "longest stream table (--max-rows 20)" 20 "$la_longest"
    la_cut=$(awk '/^## Stream / { n = 0; on = 1; next } on && /^\| `/ { n++ }
        /^\*\*Verdict\*\*/ { if (n == 20) c++; on = 0 } END { print c + 0 }' "$la_ws")
    la_notes=$(grep -c '^Only the first 20 of this stream' "$la_ws" || true)
    # Streams of exactly 20 rows may be whole: notes <= full tables, and
    # some streams were cut.
    if [ "$la_notes" -gt 0 ] && [ "$la_notes" -le "$la_cut" ]; then
        pass "$la_notes streams cut at 20 rows say so ($la_cut tables of 20 rows)"
    else
        fail "cut notes: $la_notes, tables of 20 rows: $la_cut"
    fi
    no_leftovers "$WORK/out/l" large
}

test_standin() {
    [ $# -eq 1 ] || die "usage: standin early|late"
    st_in=$WORK/in/chatty.pcapng
    gen_capture 20000 400 "$st_in"
    RUN_TIMEOUT=120
    st_fake=$WORK/bin/tshark-$1
    case $1 in
        early)
            # 256 KiB of stderr before any stdout, then a stderr line for
            # every line of stdout.
            cat >"$st_fake" <<EOF
#!/bin/sh
i=0
while [ \$i -lt 4096 ]; do
    echo "early noise \$i: a tshark stand-in writing to its standard error" >&2
    i=\$((i + 1))
done
"$TSHARK" "\$@" | awk '{ print; print "noise while writing line " NR | "cat 1>&2" }'
EOF
            st_said="noise while writing line" ;;
        late)
            # Nothing on stderr until 1 MiB of stdout, then 512 KiB at once.
            cat >"$st_fake" <<EOF
#!/bin/sh
"$TSHARK" "\$@" | awk '{ print; n += length(\$0) + 1 }
    n > 1048576 && !late { late = 1; for (i = 0; i < 8192; i++) print "late noise " i ", after 1 MiB of stdout, from a stand-in" | "cat 1>&2" }'
EOF
            st_said="late noise 8191" ;;
        *) die "usage: standin early|late" ;;
    esac
    chmod 755 "$st_fake"
    ann --tshark "$st_fake" "$st_in" -o "$WORK/out/s"
    expect_rc "stand-in writing stderr $1" 0 || return 0
    expect_said "stderr reported" "chatty.pcapng: annotated; tshark wrote to its standard error"
    expect_said "stderr reported" "$st_said"
    check_output "stand-in $1" "$st_in" "$WORK/out/s/chatty.explained.pcapng"
    no_leftovers "$WORK/out/s" "stand-in $1"
}

# now_ms: milliseconds since the epoch.
now_ms() {
    echo $(( $(date +%s%N) / 1000000 ))
}

test_signal() {
    [ $# -ge 2 ] || die "usage: signal INT|TERM JOBS [OPTION...]"
    si_sig=$1
    si_jobs=$2
    shift 2   # the rest: more options for the tool (the teaching outputs)
    case $si_sig in
        INT) si_want=130 ;;
        TERM) si_want=143 ;;
        *) die "usage: signal INT|TERM JOBS [OPTION...]" ;;
    esac
    mkdir "$WORK/in/sig"
    gen_capture 100000 2000 "$WORK/in/sig/big0.pcapng"
    si_i=1
    while [ "$si_i" -lt "$si_jobs" ]; do
        cp "$WORK/in/sig/big0.pcapng" "$WORK/in/sig/big$si_i.pcapng"
        si_i=$((si_i + 1))
    done
    chmod -R a+rX "$WORK/in/sig"
    si_before=$(cat "$WORK/in/sig"/*.pcapng | sum_of /dev/stdin)
    si_out=$WORK/out/sig
    $USER_CMD "$ANNOTATE" --tshark "$TSHARK" -j "$si_jobs" --worksheet html "$@" "$WORK/in/sig" \
        -o "$si_out" >"$ANN_OUT" 2>"$ANN_ERR" &
    si_pid=$!
    # 1 s into the files: from when a tshark reads each of them (on a busy
    # machine the tool's start-up, which checks tshark once, takes a while).
    si_wait=0
    while [ "$(pgrep -f -- "-r $WORK/in/sig/" | wc -l)" -lt "$si_jobs" ] &&
            [ "$si_wait" -lt 600 ] && kill -0 "$si_pid" 2>/dev/null; do
        sleep 0.1
        si_wait=$((si_wait + 1))
    done
    sleep 1
    if ! kill -0 "$si_pid" 2>/dev/null; then
        fail "the tool ended within 1 s: nothing was tested"
        show_stderr
        return 0
    fi
    si_tsharks=$(pgrep -f -- "-r $WORK/in/sig/" | wc -l)
    if [ "$si_tsharks" -ge "$si_jobs" ]; then
        pass "1 s in: $si_tsharks tshark running"
    else
        fail "1 s in: $si_tsharks tshark running, expected $si_jobs (not mid-capture?)"
    fi
    si_partial=$(find "$si_out" -name '.*.tmp-*' | wc -l)
    kill -s "$si_sig" "$si_pid"
    si_start=$(now_ms)
    while kill -0 "$si_pid" 2>/dev/null && [ $(( $(now_ms) - si_start )) -lt 10000 ]; do
        # Reaped by wait below; a zombie is ended already.
        [ "$(ps -o stat= -p "$si_pid" 2>/dev/null | cut -c1)" = Z ] && break
        sleep 0.05
    done
    si_ms=$(( $(now_ms) - si_start ))
    if kill -0 "$si_pid" 2>/dev/null && [ "$(ps -o stat= -p "$si_pid" | cut -c1)" != Z ]; then
        fail "still running 10 s after SIG$si_sig"
        kill -KILL "$si_pid" 2>/dev/null || true
    fi
    RC=0
    wait "$si_pid" || RC=$?
    if [ "$si_ms" -le 2000 ]; then
        pass "SIG$si_sig with -j $si_jobs: ended $si_ms ms after the signal"
    else
        fail "SIG$si_sig with -j $si_jobs: ended $si_ms ms after the signal (more than 2 s)"
    fi
    expect_rc "SIG$si_sig with -j $si_jobs" "$si_want" || true
    expect_said "SIG$si_sig" "interrupted: finished outputs are complete, unfinished ones were removed"
    [ "$si_partial" -gt 0 ] && pass "temporary outputs existed when the signal came ($si_partial)"
    no_files_in "$si_out" "after SIG$si_sig"
    equal "inputs unchanged (sha256)" "$si_before" "$(cat "$WORK/in/sig"/*.pcapng | sum_of /dev/stdin)"
    sleep 0.2
    si_left=$(pgrep -f -- "-r $WORK/in/sig/" | wc -l)
    equal "tshark processes left running" 0 "$si_left"
}

test_stale() {
    [ $# -eq 0 ] || die "usage: stale"
    mkdir "$WORK/in/st"
    gen_capture 100000 2000 "$WORK/in/st/big.pcapng"
    chmod -R a+rX "$WORK/in/st"
    st_out=$WORK/out/st
    $USER_CMD "$ANNOTATE" --tshark "$TSHARK" "$WORK/in/st/big.pcapng" -o "$st_out" \
        >"$ANN_OUT" 2>"$ANN_ERR" &
    st_pid=$!
    st_wait=0
    while [ -z "$(find "$st_out" -name '.*.tmp-*' 2>/dev/null)" ] && [ "$st_wait" -lt 100 ]; do
        sleep 0.1
        st_wait=$((st_wait + 1))
    done
    sleep 0.5
    kill -KILL "$st_pid"
    wait "$st_pid" || true
    # Its tshark ends on the broken pipe; wait for it.
    st_wait=0
    while pgrep -f -- "-r $WORK/in/st/" >/dev/null && [ "$st_wait" -lt 100 ]; do
        sleep 0.1
        st_wait=$((st_wait + 1))
    done
    st_dead=$(find "$st_out" -maxdepth 1 -name '.*.tmp-*' -exec basename {} \;)
    case $st_dead in
        .big.explained.pcapng.tmp-"$st_pid"@*-??????) pass "SIGKILL left $st_dead (pid $st_pid)" ;;
        *) fail "SIGKILL left '$st_dead', expected .big.explained.pcapng.tmp-$st_pid@HOST-XXXXXX"; return 0 ;;
    esac
    st_tail=${st_dead#*@}
    st_host=${st_tail%-??????}
    # Not provably dead runs' files: a live process (this script), another
    # machine, another user's file, the name of an older version.
    st_live=".x.explained.pcapng.tmp-$$@$st_host-AbC123"
    st_other=".y.explained.pcapng.tmp-$st_pid@not-$st_host-AbC123"
    st_old=".z.explained.pcapng.tmp-AbC123"
    for f in "$st_live" "$st_other" "$st_old"; do
        # shellcheck disable=SC2016 # $1 is the inner shell's
        as_user sh -c ': >"$1"' sh "$st_out/$f"
    done
    st_foreign=".w.explained.pcapng.tmp-$st_pid@$st_host-XyZ789"
    if [ "$IS_ROOT" -eq 1 ]; then
        : >"$st_out/$st_foreign"
    else
        st_foreign=
    fi
    RUN_TIMEOUT=200
    ann --tshark "$TSHARK" "$WORK/in/st/big.pcapng" -o "$st_out" --max-rows 5
    expect_rc "the next run into the same folder" 0 || true
    expect_said "the next run" "removed 1 temporary file left in $st_out by a run that was killed"
    if [ -e "$st_out/$st_dead" ]; then
        fail "the dead run's temporary file is still there"
    else
        pass "the dead run's temporary file was removed"
    fi
    for f in "$st_live" "$st_other" "$st_old" $st_foreign; do
        if [ -e "$st_out/$f" ]; then pass "kept $f"; else fail "removed $f (not provably a dead run's)"; fi
    done
    if [ -s "$st_out/big.explained.pcapng" ]; then pass "the output was written"; else fail "no output"; fi
}

test_shared() {
    sh_src=$1
    mkdir "$WORK/in/shared"
    cp -R "$sh_src/." "$WORK/in/shared/"
    chmod -R a+rX,go-w "$WORK/in/shared"
    RUN_TIMEOUT=900
    ann --tshark "$TSHARK" -j 2 "$WORK/in/shared" -o "$WORK/out/shared"
    case $RC in
        0|1) pass "batch of $sh_src with -j 2: exit status $RC" ;;
        *) fail "batch of $sh_src with -j 2: exit status $RC"; show_stderr ;;
    esac
    sh_files=0
    sh_done=0
    sh_refused=0
    for sh_f in $(cd "$WORK/in/shared" && find . -type f \( -name '*.pcap' -o -name '*.pcapng' \
            -o -name '*.cap' -o -name '*.pcap.gz' -o -name '*.pcapng.gz' -o -name '*.cap.gz' \) | sort); do
        sh_rel=${sh_f#./}
        sh_files=$((sh_files + 1))
        sh_stem=$(basename -- "$sh_rel")
        sh_stem=${sh_stem%.gz}
        sh_stem=${sh_stem%.pcapng}
        sh_stem=${sh_stem%.pcap}
        sh_stem=${sh_stem%.cap}
        sh_cap=$WORK/out/shared/$(dirname -- "$sh_rel")/$sh_stem.explained.pcapng
        if [ -s "$sh_cap" ]; then
            sh_done=$((sh_done + 1))
        elif grep -qF -- "tcp-explain-annotate: $WORK/in/shared/$sh_rel: " "$ANN_ERR"; then
            sh_refused=$((sh_refused + 1))
            printf '  refused: %s\n' "$(grep -F -- "$WORK/in/shared/$sh_rel: " "$ANN_ERR" | head -n 1 | sed "s|$WORK/in/shared/||")"
        else
            fail "$sh_rel: neither annotated nor refused with a message"
        fi
    done
    pass "$sh_files captures: $sh_done annotated, $sh_refused refused with a message"
    no_leftovers "$WORK/out/shared" shared
}

case $TEST in
    large) test_large "$@" ;;
    standin) test_standin "$@" ;;
    signal) test_signal "$@" ;;
    stale) test_stale "$@" ;;
    shared) test_shared "$@" ;;
    *) die "unknown test '$TEST' (see --help)" ;;
esac

exit "$FAILED"
