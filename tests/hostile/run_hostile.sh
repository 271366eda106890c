#!/bin/sh
# run_hostile.sh - the hostile cases of issue 19, one test each: what a
# careful user or an attacker tried, and what must happen instead of data
# loss, a hang or an unclear message. docs/hostile-inputs.md lists them
# (the "table" test checks that every row names a test that exists).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# As root, the tool and tshark run as "nobody" (tests/lib/unprivileged.sh);
# the full-disk test mounts a small tmpfs, so it needs root and is skipped
# (exit 77) otherwise.
#
# Exit status: 0 passed, 1 failed, 2 wrong arguments or setup, 77 skipped.

# shellcheck disable=SC2086 # word splitting of option lists is wanted
set -eu

PROG=run_hostile.sh

usage() {
    cat <<EOF
usage: $PROG --tool PATH --plugins DIR --tshark PATH --tcpgen PATH [OPTIONS] TEST [ARGS...]

Options:
  --tool PATH      the tcp-explain-annotate to test
  --plugins DIR    the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --tshark PATH    the tshark to run
  --tcpgen PATH    tools/tcpgen
  --source DIR     the project's source folder (tools/, docs/)
  --keep           keep the temporary folder and say where it is

Tests:
  same-inode GOOD OTHER     an output that is an input of the run is skipped
  cut-pcapng GOOD           a pcapng cut to 30 bytes, a PNG named .pcap
  only-tcp-cut GOOD         the only TCP packet cut short; Explain disabled
  dash-file GOOD            a file named -dash.pcapng
  full-disk GOOD            a worksheet on a full disk (root: tmpfs)
  failed-run GOOD           a run that writes nothing removes its folders
  symlinks GOOD OTHER       links to files, folders, loops, dangling links
  catalog-file GOOD         tshark with /dev/zero or a FIFO as the catalog
  plugin-copies             a global and a personal explain.so
  table CTEST BUILD_DIR     docs/hostile-inputs.md names existing tests
EOF
}

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=annotate_test.sh
. "$SCRIPT_DIR/../lib/annotate_test.sh"

SOURCE_DIR=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)
parse_test_options "tool plugins tshark tcpgen source" "keep" "$@"
shift "$ARGS_USED"

make_annotate_work tcp-explain-hostile
ANN_OUT=/dev/null
ANN_TSHARK=1

needs_tools() {
    need_tool
    { [ -n "$TSHARK" ] && [ -x "$TSHARK" ]; } || die "--tshark must name tshark"
    [ -n "$PLUGINS" ] || die "--plugins DIR is needed"
    stage_tool
}

# exists WHAT PATH / absent WHAT PATH
exists() {
    if [ -e "$2" ]; then pass "$1"; else fail "$1: $2 missing"; fi
}
absent() {
    if [ -e "$2" ] || [ -L "$2" ]; then fail "$1: $2 exists"; else pass "$1"; fi
}

# equal WHAT EXPECTED ACTUAL
equal() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

# user_dir PATH: a folder the test user owns.
user_dir() {
    mkdir -p "$1"
    chmod 755 "$1"
    user_owns "$1"
}

# ---------------------------------------------------------------------------

# Item 1: "a.pcapng a.explained.pcapng -o SAME --force" wrote a's output
# over the second input. Same device and inode, whatever the name.
test_same_inode() {
    [ $# -eq 2 ] || die "usage: same-inode GOOD OTHER"
    needs_tools
    c=$WORK/out/clash
    user_dir "$c"
    cp "$1" "$c/lab.pcapng"
    cp "$2" "$c/lab.explained.pcapng"
    chmod 644 "$c"/*
    before=$(sum_of "$c/lab.explained.pcapng")
    for force in --force ""; do
        ann -- $force "$c/lab.pcapng" "$c/lab.explained.pcapng" -o "$c"
        check_rc "same name ${force:-without --force}" 1
        expect_said "same name ${force:-without --force}" \
            "$c/lab.pcapng: skipped: its output $c/lab.explained.pcapng is an input of this run"
        expect_not_said "same name ${force:-without --force}" \
            "$c/lab.explained.pcapng already exists (use --force"
        equal "same name ${force:-without --force}: the input is unchanged" \
            "$before" "$(sum_of "$c/lab.explained.pcapng")"
    done
    exists "the other input was annotated" "$c/lab.explained.explained.pcapng"

    # A hard link: another name for the same file.
    h=$WORK/out/hard
    user_dir "$h"
    cp "$1" "$h/lab.pcapng"
    cp "$2" "$h/other.pcapng"
    ln "$h/other.pcapng" "$h/lab.explained.pcapng"
    chmod 644 "$h"/*
    before=$(sum_of "$h/other.pcapng")
    ann -- --force "$h/lab.pcapng" "$h/other.pcapng" -o "$h"
    check_rc "hard link" 1
    expect_said "hard link" "is an input of this run (the same file as $h/other.pcapng)"
    equal "hard link: the input is unchanged" "$before" "$(sum_of "$h/other.pcapng")"

    # The output folder named through a symbolic link to the inputs' folder.
    ln -s "$c" "$WORK/out/clashlink"
    before=$(sum_of "$c/lab.explained.pcapng")
    ann -- --force "$c/lab.pcapng" "$c/lab.explained.pcapng" -o "$WORK/out/clashlink"
    check_rc "output folder through a link" 1
    expect_said "output folder through a link" "skipped: its output $WORK/out/clashlink/lab.explained.pcapng is an input"
    equal "output folder through a link: the input is unchanged" "$before" "$(sum_of "$c/lab.explained.pcapng")"

    # A worksheet output that is an input (an odd name, but a capture).
    w=$WORK/out/ws
    user_dir "$w"
    cp "$1" "$w/lab.pcapng"
    cp "$2" "$w/lab.worksheet.md"
    chmod 644 "$w"/*
    before=$(sum_of "$w/lab.worksheet.md")
    ann -- --force --worksheet md "$w/lab.pcapng" "$w/lab.worksheet.md" -o "$w"
    check_rc "worksheet over an input" 1
    expect_said "worksheet over an input" "its output $w/lab.worksheet.md is an input of this run"
    equal "worksheet over an input: the input is unchanged" "$before" "$(sum_of "$w/lab.worksheet.md")"

    # The teaching outputs (issue 17): a quiz and a stream's ladder, named
    # after the stream, that are inputs.
    for extra in lab.quiz.gift:"--quiz gift" lab.stream0.mmd:"--ladder mermaid"; do
        name=${extra%%:*}
        option=${extra#*:}
        x=$WORK/out/extra-$name
        user_dir "$x"
        cp "$1" "$x/lab.pcapng"
        cp "$2" "$x/$name"
        chmod 644 "$x"/*
        before=$(sum_of "$x/$name")
        # shellcheck disable=SC2086 # the option and its value, two words
        ann -- --force $option "$x/lab.pcapng" "$x/$name" -o "$x"
        check_rc "$name over an input" 1
        expect_said "$name over an input" "its output $x/$name is an input of this run"
        equal "$name over an input: the input is unchanged" "$before" "$(sum_of "$x/$name")"
    done
}

# Item 2a: a pcapng cut to 30 bytes said "pcapng cannot hold packets of
# type MIME".
test_cut_pcapng() {
    [ $# -eq 1 ] || die "usage: cut-pcapng GOOD"
    needs_tools
    d=$WORK/in/cut
    mkdir "$d"
    head -c 30 "$1" >"$d/cut30.pcapng"
    # A PNG file named .pcap: Wireshark reads it as a MIME file.
    printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\000\001\000\000\000\001\010\002\000\000\000' \
        >"$d/image.pcap"
    chmod -R a+rX "$d"
    ann -- "$d/cut30.pcapng" -o "$WORK/out/cut"
    check_rc "pcapng cut to 30 bytes" 1
    expect_said "pcapng cut to 30 bytes" \
        "cut30.pcapng: the capture is cut short: only 30 bytes, inside its pcapng file header ("
    expect_not_said "pcapng cut to 30 bytes" "MIME"
    head -c 6 "$1" >"$d/cut6.pcapng"
    chmod a+r "$d/cut6.pcapng"
    ann -- "$d/cut6.pcapng" -o "$WORK/out/cut"
    check_rc "pcapng cut to 6 bytes" 1
    expect_said "pcapng cut to 6 bytes" \
        "cut6.pcapng: the capture is cut short: only 6 bytes, inside its pcapng file header (at least 28 bytes)"
    png_size=$(wc -c <"$d/image.pcap" | tr -d ' ')
    ann -- "$d/image.pcap" -o "$WORK/out/cut"
    check_rc "a PNG named .pcap" 1
    expect_said "a PNG named .pcap" "image.pcap: not a capture file ($png_size bytes; Wireshark reads it as"
    expect_not_said "a PNG named .pcap" "cannot hold packets"
}

# Item 2b: the only TCP packet cut short said "is the Explain protocol
# disabled ...?". Now tshark is asked; both answers are tried.
# The capture: its only TCP packet cut short when captured (snapshot
# length 60: inside the TCP options), as in tcpdump's
# tcp-auth-heapoverflow.pcap: TCP gives it a stream, then runs out of
# bytes. (Not a *.scn file of its own: tests/readers compares the two
# readers on every one of those, and they differ on this packet; see
# docs/hostile-inputs.md.)
test_only_tcp_cut() {
    [ $# -eq 1 ] || die "usage: only-tcp-cut GOOD"
    needs_tools
    [ -x "$TCPGEN" ] || die "--tcpgen must name tools/tcpgen"
    mkdir "$WORK/in/cut"
    # Cut inside the TCP header's fixed 20 bytes (snap=50: 14 + 20 + 16), so
    # that no Wireshark version can explain it: cut inside the options
    # instead, 4.0's TCP gives up on the header but 4.6's taps it, and
    # tcp-explain then explains it (truly) from the fixed header.
    cat >"$WORK/res/only_tcp_cut.scn" <<'SCN'
format pcap
linktype ether
time 1700001900.000000
host c 192.168.19.10:41900
host s 192.168.19.20:8019
pkt c>s A seq=1900000 ack=2900000 win=502 len=40 opts=mss:1460,nop,ws:7,nop,nop,sackok snap=50
SCN
    "$TCPGEN" "$WORK/res/only_tcp_cut.scn" "$WORK/in/cut/only_tcp_cut.pcap" >/dev/null ||
        die "tcpgen failed"
    stage_input "$1"
    good=$INPUT
    chmod -R a+rX "$WORK/in/cut"
    ann -- "$WORK/in/cut/only_tcp_cut.pcap" -o "$WORK/out/o"
    check_rc "only TCP packet cut short" 1
    expect_said "only TCP packet cut short" \
        "tshark did not explain the capture's only TCP packet; the Explain protocol is enabled, and that packet is cut short or malformed"
    expect_said "only TCP packet cut short" "frame 1 (cut short when captured)"
    expect_not_said "only TCP packet cut short" "disabled"

    # The same capture with the protocol disabled: the other answer.
    mkdir -p "$WORK/home2/.config/wireshark"
    printf 'explain\n' >"$WORK/home2/.config/wireshark/disabled_protos"
    chmod -R a+rX "$WORK/home2"
    ann HOME="$WORK/home2" -- "$WORK/in/cut/only_tcp_cut.pcap" -o "$WORK/out/o"
    check_rc "Explain disabled" 1
    expect_said "Explain disabled" \
        "the Explain protocol is disabled ($WORK/home2/.config/wireshark/disabled_protos names it"
    ann HOME="$WORK/home2" -- "$good" -o "$WORK/out/o"
    expect_said "Explain disabled, good capture" "tshark explained none of the 9 TCP packets: the Explain protocol is disabled"
}

# Item 2c: "-dash.pcapng" said "unknown option 'tcp-explain-annotate'".
test_dash_file() {
    [ $# -eq 1 ] || die "usage: dash-file GOOD"
    needs_tools
    d=$WORK/in/dash
    mkdir "$d"
    cp "$1" "$d/-dash.pcapng"
    chmod -R a+rX "$d"
    o=$WORK/out/dash
    RC=0
    (cd "$d" && ann -- -dash.pcapng -o "$o" && exit "$RC") || RC=$?
    check_rc "-dash.pcapng" 2
    expect_said "-dash.pcapng" "unknown option '-d' (in '-dash.pcapng')"
    expect_said "-dash.pcapng" "put -- before the inputs"
    expect_not_said "-dash.pcapng" "unknown option 'tcp-explain-annotate'"
    RC=0
    (cd "$d" && ann -- -o "$o" -- -dash.pcapng && exit "$RC") || RC=$?
    check_rc "-- -dash.pcapng" 0
    exists "-- -dash.pcapng: annotated" "$o/-dash.explained.pcapng"
    ann -- --bogus "$d/-dash.pcapng" -o "$o"
    expect_said "--bogus" "unknown option '--bogus'"
    ann -- -qj
    expect_said "-qj" "option -j needs a value"
}

# Item 2d: a worksheet on a full disk said "cannot write F" without why.
MNT=
test_full_disk() {
    [ $# -eq 1 ] || die "usage: full-disk GOOD"
    [ "$IS_ROOT" -eq 1 ] || { echo "$PROG: full-disk needs root (to mount a small tmpfs): skipped"; exit 77; }
    needs_tools
    stage_input "$1"
    # Sizes of the outputs, written where there is room.
    ann -- --full --worksheet html "$INPUT" -o "$WORK/out/roomy"
    [ "$RC" -eq 0 ] || { show_stderr; die "the run with room failed"; }
    stem=$(basename -- "$INPUT" | sed 's/\.pcap\(ng\)\{0,1\}$//')
    cap_size=$(wc -c <"$WORK/out/roomy/$stem.explained.pcapng")
    ws_size=$(wc -c <"$WORK/out/roomy/$stem.worksheet.html")
    [ "$ws_size" -gt 4096 ] || die "the worksheet ($ws_size bytes) fits in one page: no full disk to see"
    # Room for the capture and one page more: the worksheet cannot fit.
    pages=$(( (cap_size + 4095) / 4096 + 1 ))
    MNT=$WORK/full
    mkdir "$MNT"
    if ! mount -t tmpfs -o "size=$((pages * 4))k,mode=0777" tmpfs "$MNT" 2>/dev/null; then
        echo "$PROG: cannot mount a tmpfs here: skipped"
        rmdir "$MNT"
        exit 77
    fi
    trap 'umount "$MNT" 2>/dev/null || true; cleanup' EXIT
    ann -- --full --worksheet html "$INPUT" -o "$MNT/f1"
    check_rc "full disk" 1
    expect_said "full disk" "cannot write $MNT/f1/$stem.worksheet.html: No space left on device"
    left=$(find "$MNT" -mindepth 1 | head -n 5)
    equal "full disk: nothing left behind (no temporary file, no folder)" "" "$left"
}

# Item 2e: a run that failed entirely left an empty output folder.
test_failed_run() {
    [ $# -eq 1 ] || die "usage: failed-run GOOD"
    needs_tools
    d=$WORK/in/bad
    mkdir -p "$d/sub"
    printf 'not a capture\n' >"$d/sub/text.pcap"
    chmod -R a+rX "$d"
    stage_input "$1"
    ann -- "$d/sub/text.pcap" -o "$WORK/out/new/deeper"
    check_rc "nothing annotated" 1
    absent "nothing annotated: the folders it made are gone" "$WORK/out/new"
    ann -- "$d" -o "$WORK/out/new2"
    check_rc "a folder of failures" 1
    absent "a folder of failures: the folders it made are gone" "$WORK/out/new2"
    user_dir "$WORK/out/existing"
    ann -- "$d" -o "$WORK/out/existing"
    exists "an output folder that existed stays" "$WORK/out/existing"
    absent "a subfolder it made goes" "$WORK/out/existing/sub"
    ann -- "$d/sub/text.pcap" "$INPUT" -o "$WORK/out/half"
    check_rc "one failed, one annotated" 1
    exists "one failed, one annotated: the folder stays" "$WORK/out/half"
}

# Item 3: symbolic links in a searched folder were skipped silently.
test_symlinks() {
    [ $# -eq 2 ] || die "usage: symlinks GOOD OTHER"
    needs_tools
    t=$WORK/in/tree
    mkdir -p "$t/real" "$WORK/in/elsewhere/deep"
    cp "$1" "$t/real/good.pcapng"
    cp "$2" "$WORK/in/elsewhere/target.pcapng"
    cp "$1" "$WORK/in/elsewhere/deep/deeper.pcapng"
    ln -s ../../elsewhere/target.pcapng "$t/real/linked.pcapng"
    ln -s ../elsewhere/deep "$t/deeplink"
    ln -s does-not-exist.pcapng "$t/real/dangling.pcapng"
    ln -s .. "$t/real/up"
    ln -s selfie.pcap "$t/selfie.pcap"
    ln -s real "$t/again"
    chmod -R a+rX "$WORK/in"
    o=$WORK/out/tree
    ann -- "$t" -o "$o"
    check_rc "links: warnings only" 0
    exists "a link to a file is followed" "$o/real/linked.explained.pcapng"
    exists "a link to a folder is followed" "$o/deeplink/deeper.explained.pcapng"
    exists "a plain file still annotated" "$o/real/good.explained.pcapng"
    expect_said "dangling link" "warning: $t/real/dangling.pcapng: skipped: dangling symbolic link (to does-not-exist.pcapng"
    expect_said "loop" "warning: $t/real/up: skipped: symbolic link loop (it leads back to $t)"
    expect_said "self loop" "warning: $t/selfie.pcap: skipped: symbolic link loop"
    expect_said "link to a folder searched already" "warning: $t/again: skipped: symbolic link to $t/real, searched already"
    absent "no second copy through the link" "$o/again"
    equal "the target is unchanged" "$(sum_of "$2")" "$(sum_of "$WORK/in/elsewhere/target.pcapng")"
}

# Item 5, through tshark: the catalog preference naming /dev/zero, a FIFO
# without a writer or a folder. The unit test (catalog_file) checks the
# reader; this one the plugin's message and that tshark goes on.
test_catalog_file() {
    [ $# -eq 1 ] || die "usage: catalog-file GOOD"
    needs_tools
    stage_input "$1"
    mkfifo "$WORK/in/fifo.keyfile"
    chmod 666 "$WORK/in/fifo.keyfile"
    for cf in /dev/zero /dev/urandom "$WORK/in/fifo.keyfile" "$WORK/in"; do
        [ -e "$cf" ] || continue
        case $cf in
            /dev/*) kind="a character device" ;;
            *.keyfile) kind="a FIFO (named pipe)" ;;
            *) kind="a folder" ;;
        esac
        tshark_as_user with "$WORK/res/cf.out" "$WORK/res/cf.err" \
            -o "explain.catalog_file:$cf" -r "$INPUT" -O explain
        equal "catalog $cf: tshark exits 0" 0 "$RC"
        if grep -qF "catalog file not used, keeping the built-in texts: $cf: not a regular file but $kind" \
                "$WORK/res/cf.err"; then
            pass "catalog $cf: says it is $kind"
        else
            fail "catalog $cf: no clear message"
            sed -n '1,5s/^/    stderr: /p' "$WORK/res/cf.err"
        fi
        if grep -q '^Explain' "$WORK/res/cf.out"; then
            pass "catalog $cf: packets still explained (built-in texts)"
        else
            fail "catalog $cf: no Explain tree"
        fi
    done
}

# Item 7: a global and a personal explain.so; tools/plugin-copies.sh
# (run by tools/demo.sh after a personal install) says which one loads.
test_plugin_copies() {
    [ $# -eq 0 ] || die "usage: plugin-copies"
    { [ -n "$TSHARK" ] && [ -x "$TSHARK" ]; } || die "--tshark must name tshark"
    [ -n "$PLUGINS" ] || die "--plugins DIR is needed"
    so=$(find "$PLUGINS" -path '*/epan/explain.so' | head -n 1)
    [ -n "$so" ] || die "no */epan/explain.so under $PLUGINS"
    script=$SOURCE_DIR/tools/plugin-copies.sh
    [ -f "$script" ] || die "no $script"
    # WIRESHARK_PLUGIN_DIR stands for the global folder (Wireshark 4.0
    # uses it instead of the installed one when not running as root).
    mkdir "$WORK/global"
    chmod 755 "$WORK/global"
    pc() {
        RC=0
        as_user env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 \
            WIRESHARK_PLUGIN_DIR="$WORK/global" "$@" >"$WORK/res/pc.out" 2>"$WORK/res/pc.err" || RC=$?
    }
    pc "$TSHARK" -G folders
    gdir=$(sed -n 's/^Global Plugins:[[:space:]]*//p' "$WORK/res/pc.out")
    pdir=$(sed -n 's/^Personal Plugins:[[:space:]]*//p' "$WORK/res/pc.out")
    case $gdir in "$WORK/global"/*) ;; *) die "tshark's global plugin folder is '$gdir', not under $WORK/global" ;; esac
    case $pdir in "$WORK/home"/*) ;; *) die "tshark's personal plugin folder is '$pdir', not under $WORK/home" ;; esac
    mkdir -p "$gdir/epan" "$pdir/epan"
    cp "$so" "$gdir/epan/explain.so"
    chmod -R a+rX "$WORK/global"
    user_owns -R "$WORK/home"

    pc sh "$script" "$TSHARK"
    equal "one copy: exit status" 0 "$RC"
    equal "one copy: nothing said" "" "$(cat "$WORK/res/pc.out")"

    as_user mkdir -p "$pdir/epan"
    as_user cp "$so" "$pdir/epan/explain.so"
    # The rule the docs state: Wireshark loads the global copy.
    pc "$TSHARK" -G plugins
    loaded=$(awk -F '\t' '$1 ~ /^explain\.so/ { print $4 }' "$WORK/res/pc.out")
    equal "two copies: tshark loads the global one" "$gdir/epan/explain.so" "$loaded"
    if grep -qF "found in multiple directories" "$WORK/res/pc.err"; then
        pass "two copies: tshark warns"
    else
        fail "two copies: tshark does not warn (has the rule changed? see docs/install.md)"
    fi
    pc sh "$script" "$TSHARK"
    equal "two copies: exit status" 1 "$RC"
    for want in "Wireshark loads the GLOBAL copy" "global:   $gdir/epan/explain.so" \
            "personal: $pdir/epan/explain.so" "rm '$pdir/epan/explain.so'" \
            "sudo rm '$gdir/epan/explain.so'"; do
        if grep -qF -- "$want" "$WORK/res/pc.out"; then
            pass "two copies: says \"$want\""
        else
            fail "two copies: lacks \"$want\""
            sed -n '1,12s/^/    /p' "$WORK/res/pc.out"
        fi
    done
    if grep -q 'plugin-copies.sh' "$SOURCE_DIR/tools/demo.sh"; then
        pass "tools/demo.sh runs plugin-copies.sh"
    else
        fail "tools/demo.sh does not run plugin-copies.sh"
    fi
}

# The table: every test named in docs/hostile-inputs.md exists, and every
# hostile.* test is in the table.
test_table() {
    [ $# -eq 2 ] || die "usage: table CTEST BUILD_DIR"
    doc=$SOURCE_DIR/docs/hostile-inputs.md
    [ -f "$doc" ] || die "no $doc"
    (cd "$2" && "$1" -N) >"$WORK/res/tests" || die "ctest -N failed in $2"
    sed -n 's/^ *Test *#[0-9]*: *//p' "$WORK/res/tests" | sort >"$WORK/res/names"
    [ -s "$WORK/res/names" ] || die "ctest -N listed no tests"
    # Rows: | case | what happens | test(s) |, tests in backquotes in the
    # last cell; "see issue N work" marks a row another branch fills.
    rows=0
    grep '^| ' "$doc" | grep -v '^| Case |' | grep -v '^| ---' >"$WORK/res/rows" || true
    while IFS= read -r row; do
        rows=$((rows + 1))
        cell=$(printf '%s\n' "$row" | awk -F '|' '{ print $(NF-1) }')
        # shellcheck disable=SC2016 # backquotes are Markdown here
        names=$(printf '%s\n' "$cell" | grep -o '`[^`]*`' | tr -d '`' || true)
        if [ -z "$names" ]; then
            case $cell in
                *"see issue"*) pass "row $rows: pending ($(printf '%s' "$cell" | sed 's/^ *//;s/ *$//'))" ;;
                *) fail "row $rows names no test: $row" ;;
            esac
            continue
        fi
        for n in $names; do
            if grep -qxF -- "$n" "$WORK/res/names"; then
                pass "row $rows: test $n exists"
            else
                fail "row $rows: no test named $n"
            fi
        done
    done <"$WORK/res/rows"
    [ "$rows" -gt 0 ] || fail "no rows in $doc"
    grep '^hostile\.' "$WORK/res/names" >"$WORK/res/hostile" || true
    while IFS= read -r n; do
        if grep -qF "\`$n\`" "$doc"; then
            pass "$n is in the table"
        else
            fail "$n is not in $doc"
        fi
    done <"$WORK/res/hostile"
}

case $TEST in
    same-inode) test_same_inode "$@" ;;
    cut-pcapng) test_cut_pcapng "$@" ;;
    only-tcp-cut) test_only_tcp_cut "$@" ;;
    dash-file) test_dash_file "$@" ;;
    full-disk) test_full_disk "$@" ;;
    failed-run) test_failed_run "$@" ;;
    symlinks) test_symlinks "$@" ;;
    catalog-file) test_catalog_file "$@" ;;
    plugin-copies) test_plugin_copies "$@" ;;
    table) test_table "$@" ;;
    *) die "unknown test '$TEST' (see --help)" ;;
esac

if [ "$FAILED" -ne 0 ]; then
    echo "$PROG $TEST: FAILED"
    exit 1
fi
echo "$PROG $TEST: passed"
exit 0
