#!/bin/sh
# run_ladder.sh - tests of tcp-explain-annotate's teaching outputs (issue
# 17): ladders (SVG, Mermaid), exercise sheets and answers, the GIFT quiz,
# and the HTML worksheet in a real browser. Everything is checked against
# tshark with the plugin on the same capture (check_ladder.py) and against
# golden files checked by hand (golden/README.md).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Privileges as in run_annotate.sh: as root the tool and tshark run as
# "nobody" (tests/lib/unprivileged.sh). Chromium runs as the caller with
# --no-sandbox and a fresh profile; nothing is fetched.
#
# Exit status: 0 passed, 1 failed, 2 wrong arguments or setup, 77 skipped.

# shellcheck disable=SC2086 # word splitting of option lists is wanted
set -eu

PROG=run_ladder.sh

usage() {
    cat <<EOF
usage: $PROG --tool PATH --plugins DIR --python PATH [OPTIONS] TEST [ARGS...]

Options:
  --tool PATH      the tcp-explain-annotate to test
  --plugins DIR    the staged plugin folder
  --tshark PATH    the tshark to run (default: tshark from PATH)
  --python PATH    python3, for check_ladder.py
  --tcpgen PATH    tools/tcpgen (test long)
  --chromium PATH  the browser (default: chromium from PATH; absent = skip)
  --golden DIR     folder of the golden files
  --update         rewrite the golden files instead of comparing
  --keep           keep the temporary folder

Tests:
  svg CAPTURE [golden] --ladder svg and the HTML worksheet: well-formed SVG,
                       one arrow per packet, directions, labels, colours,
                       links; NAME.stream0.svg equals its golden
  mermaid CAPTURE      --ladder mermaid: NAME.stream0.mmd equals its golden
                       and the Markdown worksheet holds the same diagram
  exercises CAPTURE    --exercises (md): sheet and answers equal their
                       goldens, twice the same; HTML answers checked too
  gift CAPTURE         --quiz gift, default and every kind of blank: GIFT
                       syntax, answers equal the packets' fields
  browser CAPTURE N    headless Chromium: screenshot not blank, PDF N pages
  long N K             a generated stream of N data segments: the ladder
                       (--ladder-packets K) draws the first and last K
                       packets and an elision mark, SVG and Mermaid
  options CAPTURE      bad values of the new options are refused
  voices CAPTURE       --verbosity, --language and --catalog reach the plugin
EOF
}

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=annotate_test.sh
. "$SCRIPT_DIR/../lib/annotate_test.sh"

parse_test_options "tool plugins tshark python chromium golden tcpgen" "update keep" "$@"
shift "$ARGS_USED"
need_tool
[ -n "$PLUGINS" ] || die "--plugins DIR is needed"
[ -n "$PYTHON" ] || PYTHON=$(command -v python3 2>/dev/null) || die "python3 not found"
find_tshark
CHECK="$PYTHON $SCRIPT_DIR/check_ladder.py"

make_annotate_work tcp-explain-ladder-test
stage_tool
ANN_TSHARK=1

# checked WHAT CHECK-ARGS...: runs check_ladder.py.
checked() {
    ck_what=$1
    shift
    if $CHECK "$@" >"$WORK/res/check.out" 2>&1; then
        pass "$ck_what ($(tail -n 1 "$WORK/res/check.out"))"
    else
        fail "$ck_what"
        sed -n '1,30s/^/    /p' "$WORK/res/check.out"
    fi
}

# golden WHAT FILE: FILE equals GOLDEN_DIR/basename (or becomes it).
golden() {
    gd_file=$2
    gd_golden=$GOLDEN_DIR/$(basename -- "$gd_file")
    if [ ! -f "$gd_file" ]; then
        fail "$1: no $gd_file"
        return
    fi
    if [ "$UPDATE" -eq 1 ]; then
        cp "$gd_file" "$gd_golden"
        printf 'updated %s: CHECK IT BY HAND before committing\n' "$gd_golden"
        return
    fi
    if [ ! -f "$gd_golden" ]; then
        fail "$1: no golden $gd_golden (create it with --update, check it by hand)"
    elif cmp -s "$gd_golden" "$gd_file"; then
        pass "$1: equals $(basename -- "$gd_golden")"
    else
        fail "$1: differs from $(basename -- "$gd_golden") (- expected, + actual)"
        diff -u "$gd_golden" "$gd_file" | sed -n '1,40s/^/    /p'
    fi
}

# fields: what tshark with the plugin says about INPUT, for check_ladder.py.
fields() {
    tshark_as_user with "$WORK/res/fields.tsv" "$WORK/res/fields.err" -n -r "$INPUT" -T fields \
        -e frame.number -e tcp.stream -e explain.role -e tcp.flags -e explain.seq.rel \
        -e explain.ack.rel -e tcp.len -e explain.nxtseq -e explain.step \
        -e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission \
        -e tcp.analysis.duplicate_ack
    [ "$RC" -eq 0 ] || die "tshark with the plugin failed on $INPUT: $(head -n 3 "$WORK/res/fields.err")"
    FIELDS=$WORK/res/fields.tsv
}

stem() {
    st=$(basename -- "$1")
    st=${st%.pcapng}
    printf '%s\n' "${st%.pcap}"
}

test_svg() {
    stage_input "$1"
    fields
    name=$(stem "$INPUT")
    out=$WORK/out/svg
    ann --worksheet html --ladder svg "$INPUT" -o "$out"
    expect_rc "$name: --worksheet html --ladder svg" 0 || return 0
    found=0
    for svg in "$out/$name".stream*.svg; do
        [ -f "$svg" ] || continue
        found=$((found + 1))
        checked "$(basename -- "$svg"): well-formed, one arrow per packet, directions, labels, colours" \
            svg "$svg" "$FIELDS"
    done
    streams=$(cut -f 2 "$FIELDS" | sort -u | grep -c . || true)
    if [ "$found" -eq "$streams" ]; then
        pass "$name: one ladder file per stream ($found)"
    else
        fail "$name: $found ladder files for $streams streams"
    fi
    checked "$name.worksheet.html: inline ladders well-formed and right, arrows link to rows" \
        html "$out/$name.worksheet.html" "$FIELDS"
    if grep -Eiq '<script|<link|src=|@import|url\(|href="[^#]' "$out/$name.worksheet.html"; then
        fail "$name: the HTML worksheet refers to something outside itself"
    else
        pass "$name: the HTML worksheet is self-contained (in-page links only)"
    fi
    if [ "${2:-}" = golden ]; then
        golden "$name: ladder" "$out/$name.stream0.svg"
    fi
}

test_mermaid() {
    stage_input "$1"
    name=$(stem "$INPUT")
    out=$WORK/out/mmd
    ann --worksheet md --ladder mermaid "$INPUT" -o "$out"
    expect_rc "$name: --worksheet md --ladder mermaid" 0 || return 0
    golden "$name: Mermaid ladder" "$out/$name.stream0.mmd"
    # The worksheet's first ```mermaid block is the same diagram.
    awk '/^```mermaid$/ { on = 1; next } on && /^```$/ { exit } on' \
        "$out/$name.worksheet.md" >"$WORK/res/block.mmd"
    if cmp -s "$out/$name.stream0.mmd" "$WORK/res/block.mmd"; then
        pass "$name: the Markdown worksheet holds the same sequenceDiagram"
    else
        fail "$name: the worksheet's mermaid block differs from $name.stream0.mmd"
        diff -u "$out/$name.stream0.mmd" "$WORK/res/block.mmd" | sed -n '1,20s/^/    /p'
    fi
    if head -n 1 "$out/$name.stream0.mmd" | grep -qx 'sequenceDiagram'; then
        pass "$name: starts with sequenceDiagram"
    else
        fail "$name: the .mmd does not start with sequenceDiagram"
    fi
}

test_exercises() {
    stage_input "$1"
    fields
    name=$(stem "$INPUT")
    ann --worksheet md --exercises "$INPUT" -o "$WORK/out/ex1"
    expect_rc "$name: --exercises (md)" 0 || return 0
    golden "$name: exercise sheet" "$WORK/out/ex1/$name.exercises.md"
    golden "$name: answers" "$WORK/out/ex1/$name.answers.md"
    ann --worksheet md --exercises "$INPUT" -o "$WORK/out/ex2"
    expect_rc "$name: --exercises again" 0 || return 0
    if cmp -s "$WORK/out/ex1/$name.exercises.md" "$WORK/out/ex2/$name.exercises.md" &&
            cmp -s "$WORK/out/ex1/$name.answers.md" "$WORK/out/ex2/$name.answers.md"; then
        pass "$name: the same input and options give the same sheets"
    else
        fail "$name: two runs gave different sheets"
    fi
    ann --exercises --blank seq,len "$INPUT" -o "$WORK/out/ex3"
    expect_rc "$name: --exercises --blank seq,len (html)" 0 || return 0
    checked "$name.answers.html: ladders right, arrows link to rows" \
        html "$WORK/out/ex3/$name.answers.html" "$FIELDS"
    # seq and len blank for every packet: 3 blank cells per row (Seq, Seq
    # (raw), Len), and one question per packet and kind.
    rows=$(grep -c . "$FIELDS")
    cells=$(grep -o 'class="num blank">____<' "$WORK/out/ex3/$name.exercises.html" | grep -c . || true)
    questions=$(grep -o '<li>Frame ' "$WORK/out/ex3/$name.exercises.html" | grep -c . || true)
    if [ "$cells" -eq $((3 * rows)) ] && [ "$questions" -eq $((2 * rows)) ]; then
        pass "$name: --blank seq,len blanks $cells cells and asks $questions questions for $rows packets"
    else
        fail "$name: --blank seq,len: $cells blank cells, $questions questions for $rows packets"
    fi
    if grep -q 'ack=____' "$WORK/out/ex3/$name.exercises.html"; then
        fail "$name: --blank seq,len still blanks an ack"
    else
        pass "$name: --blank seq,len leaves the acks alone"
    fi
}

test_gift() {
    stage_input "$1"
    fields
    name=$(stem "$INPUT")
    ann --quiz gift "$INPUT" -o "$WORK/out/q1"
    expect_rc "$name: --quiz gift" 0 || return 0
    checked "$name.quiz.gift (default blanks): syntax, answers = packet fields" \
        gift "$WORK/out/q1/$name.quiz.gift" "$FIELDS"
    ann --quiz gift --blank seq,ack,len,next_seq,acked,step "$INPUT" -o "$WORK/out/q2"
    expect_rc "$name: --quiz gift, every kind of blank" 0 || return 0
    checked "$name.quiz.gift (every kind): syntax, answers = packet fields" \
        gift "$WORK/out/q2/$name.quiz.gift" "$FIELDS"
    n=$(grep -c '^::' "$WORK/out/q2/$name.quiz.gift" || true)
    rows=$(grep -c . "$FIELDS")
    if [ "$n" -ge $((4 * rows)) ]; then
        pass "$name: $n questions for $rows packets"
    else
        fail "$name: only $n questions for $rows packets with every kind of blank"
    fi
}

test_browser() {
    [ $# -eq 2 ] || die "usage: browser CAPTURE PAGES"
    if [ -z "$CHROMIUM" ]; then
        CHROMIUM=$(command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || true)
    fi
    if [ -z "$CHROMIUM" ] || [ ! -x "$CHROMIUM" ]; then
        printf 'SKIP: no chromium (Debian package chromium)\n'
        exit 77
    fi
    pages=$2
    stage_input "$1"
    name=$(stem "$INPUT")
    out=$WORK/out/web
    ann --worksheet html "$INPUT" -o "$out"
    expect_rc "$name: --worksheet html" 0 || return 0
    mkdir "$WORK/profile"
    page=file://$out/$name.worksheet.html
    set -- --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/profile" --hide-scrollbars
    timeout 90 "$CHROMIUM" "$@" --window-size=1100,1000 --screenshot="$WORK/res/page.png" "$page" \
        >"$WORK/res/chromium.out" 2>&1 || true
    timeout 90 "$CHROMIUM" "$@" --no-pdf-header-footer --print-to-pdf="$WORK/res/page.pdf" "$page" \
        >>"$WORK/res/chromium.out" 2>&1 || true
    if [ ! -s "$WORK/res/page.png" ] || [ ! -s "$WORK/res/page.pdf" ]; then
        fail "$name: chromium wrote no screenshot or no PDF"
        sed -n '1,20s/^/    /p' "$WORK/res/chromium.out"
        return 0
    fi
    checked "$name: the screenshot is not blank" png "$WORK/res/page.png"
    checked "$name: the printed worksheet has $pages pages" pdfpages "$WORK/res/page.pdf" "$pages"
}

test_long() {
    [ $# -eq 2 ] || die "usage: long N K"
    [ -n "$TCPGEN" ] && [ -x "$TCPGEN" ] || die "--tcpgen must name tools/tcpgen"
    # Handshake, N segments of 10 bytes each acked, close: 2N + 7 packets.
    {
        printf 'format pcapng\nlinktype ether\ntime 1700001000.000000\n'
        printf 'host c 10.9.0.1:41000\nhost s 10.9.0.2:7\n'
        printf 'pkt c>s S seq=0 ack=0 win=64240\n'
        printf 'pkt s>c SA seq=0 ack=1 win=64240 dt=0.001\n'
        printf 'pkt c>s A seq=1 ack=1 win=64240 dt=0.001\n'
        i=0
        while [ "$i" -lt "$1" ]; do
            printf 'pkt c>s PA seq=%d ack=1 win=64240 len=10 dt=0.001\n' $((1 + 10 * i))
            printf 'pkt s>c A seq=1 ack=%d win=64240 dt=0.001\n' $((11 + 10 * i))
            i=$((i + 1))
        done
        printf 'pkt c>s FA seq=%d ack=1 win=64240 dt=0.001\n' $((1 + 10 * $1))
        printf 'pkt s>c FA seq=1 ack=%d win=64240 dt=0.001\n' $((2 + 10 * $1))
        printf 'pkt c>s A seq=%d ack=2 win=64240 dt=0.001\n' $((2 + 10 * $1))
    } >"$WORK/res/long.scn"
    "$TCPGEN" "$WORK/res/long.scn" "$WORK/res/long.pcapng" >"$WORK/res/tcpgen.out" 2>&1 ||
        die "tcpgen failed: $(head -n 3 "$WORK/res/tcpgen.out")"
    stage_input "$WORK/res/long.pcapng"
    fields
    ann --ladder svg --ladder-packets "$2" "$INPUT" -o "$WORK/out/long"
    expect_rc "long: --ladder svg --ladder-packets $2" 0 || return 0
    checked "long: $(grep -c . "$FIELDS") packets, the ladder draws the first and last $2" \
        svg "$WORK/out/long/long.stream0.svg" "$FIELDS" "$2"
    ann --ladder mermaid --ladder-packets "$2" "$INPUT" -o "$WORK/out/longm"
    expect_rc "long: --ladder mermaid --ladder-packets $2" 0 || return 0
    arrows=$(grep -c -- '->>' "$WORK/out/longm/long.stream0.mmd" || true)
    hidden=$(($(grep -c . "$FIELDS") - 2 * $2))
    if [ "$arrows" -eq $((2 * $2)) ] &&
            grep -q "Note over C,S: .* $hidden packets not drawn" "$WORK/out/longm/long.stream0.mmd"; then
        pass "long: Mermaid draws $arrows arrows and says $hidden are not drawn"
    else
        fail "long: Mermaid has $arrows arrows, expected $((2 * $2)) and a note about $hidden"
    fi
    # --max-rows cuts the worksheet's table, not the ladder: with more rows
    # than K the ladders are the same; with fewer, the head is the rows
    # listed and the tail still the stream's last K packets.
    more=$(($2 + 2))
    ann --ladder svg --ladder-packets "$2" --max-rows "$more" "$INPUT" -o "$WORK/out/longc"
    expect_rc "long: --ladder svg --max-rows $more" 0 || return 0
    ann --ladder mermaid --ladder-packets "$2" --max-rows "$more" "$INPUT" -o "$WORK/out/longcm"
    expect_rc "long: --ladder mermaid --max-rows $more" 0 || return 0
    if cmp -s "$WORK/out/long/long.stream0.svg" "$WORK/out/longc/long.stream0.svg" &&
            cmp -s "$WORK/out/longm/long.stream0.mmd" "$WORK/out/longcm/long.stream0.mmd"; then
        pass "long: --max-rows $more leaves both ladders as they were"
    else
        fail "long: --max-rows $more changed a ladder"
    fi
    ann --ladder mermaid --ladder-packets "$2" --max-rows 3 "$INPUT" -o "$WORK/out/longc3"
    expect_rc "long: --ladder mermaid --max-rows 3" 0 || return 0
    mmd3=$WORK/out/longc3/long.stream0.mmd
    arrows=$(grep -c -- '->>' "$mmd3" || true)
    hidden=$(($(grep -c . "$FIELDS") - 3 - $2))
    grep -- '->>' "$WORK/out/longm/long.stream0.mmd" | tail -n "$2" >"$WORK/res/tail.full"
    grep -- '->>' "$mmd3" | tail -n "$2" >"$WORK/res/tail.capped"
    if [ "$arrows" -eq $((3 + $2)) ] && cmp -s "$WORK/res/tail.full" "$WORK/res/tail.capped" &&
            grep -q "Note over C,S: .* $hidden packets not drawn" "$mmd3"; then
        pass "long: --max-rows 3: 3 + $2 arrows, the last $2 the stream's last, $hidden not drawn"
    else
        fail "long: --max-rows 3: $arrows arrows (expected $((3 + $2))), or not the stream's last $2, or no note about $hidden"
    fi
}

test_options() {
    stage_input "$1"
    for bad in "--ladder png" "--ladder-packets 0" "--blank nextseq" "--blank ," \
               "--quiz moodle" "--verbosity loud" "--language e;s" \
               "--catalog $WORK/no-such-catalog.keyfile"; do
        ann $bad "$INPUT" -o "$WORK/out/bad"
        expect_rc "$bad" 2 || true
    done
    if [ -e "$WORK/out/bad" ]; then
        fail "a refused command line created the output folder"
    else
        pass "refused command lines wrote nothing"
    fi
    # All or none: an existing quiz stops the run before anything new stays.
    name=$(stem "$INPUT")
    mkdir -p "$WORK/out/clash"
    user_owns "$WORK/out/clash"
    echo "the teacher's own quiz" >"$WORK/out/clash/$name.quiz.gift"
    ann --worksheet html --exercises --quiz gift "$INPUT" -o "$WORK/out/clash"
    expect_rc "an existing NAME.quiz.gift without --force" 1 || true
    left=$(cd "$WORK/out/clash" && ls -A | tr '\n' ' ')
    if [ "$left" = "$name.quiz.gift " ] &&
            grep -qx "the teacher's own quiz" "$WORK/out/clash/$name.quiz.gift"; then
        pass "the existing quiz is kept and nothing else was left"
    else
        fail "after the refused run the folder holds: $left"
    fi
}

test_voices() {
    stage_input "$1"
    name=$(stem "$INPUT")
    for v in brief story; do
        ann --full --worksheet md --verbosity "$v" "$INPUT" -o "$WORK/out/$v"
        expect_rc "--verbosity $v" 0 || return 0
    done
    ann --full --worksheet md --language es "$INPUT" -o "$WORK/out/es"
    expect_rc "--language es" 0 || return 0
    ann --full --worksheet md "$INPUT" -o "$WORK/out/default"
    expect_rc "no --language" 0 || return 0
    # The explanations are the plugin's: compare with tshark given the
    # same preference, frame 1's narrative.
    for v in brief story; do
        tshark_as_user with "$WORK/res/v.txt" "$WORK/res/v.err" -n -r "$INPUT" \
            -o "explain.verbosity:$v" -Y frame.number==1 -T fields -e explain.text
        first=$(head -n 1 "$WORK/res/v.txt")
        if [ -n "$first" ] && grep -qF -- "$(printf '%s' "$first" | cut -c 1-40)" \
                "$WORK/out/$v/$name.worksheet.md"; then
            pass "--verbosity $v: the worksheet has the $v narrative of frame 1"
        else
            fail "--verbosity $v: frame 1's $v narrative is not in the worksheet"
        fi
    done
    if cmp -s "$WORK/out/brief/$name.worksheet.md" "$WORK/out/story/$name.worksheet.md"; then
        fail "--verbosity brief and story gave the same worksheet"
    else
        pass "--verbosity brief and story give different worksheets"
    fi
    if cmp -s "$WORK/out/es/$name.worksheet.md" "$WORK/out/default/$name.worksheet.md"; then
        fail "--language es changed nothing"
    else
        pass "--language es changes the explanations"
    fi
    # A catalog the plugin refuses (it drops a placeholder): said, not ignored.
    printf '[summary.syn]\nteaching=Opening move\n' >"$WORK/res/bad.keyfile"
    chmod 644 "$WORK/res/bad.keyfile"
    ann --worksheet md --catalog "$WORK/res/bad.keyfile" "$INPUT" -o "$WORK/out/badcatalog"
    expect_rc "--catalog with a placeholder dropped" 3 || true
    if grep -q 'does not use --catalog .*drops placeholder' "$ANN_ERR"; then
        pass "--catalog: the plugin's reason is reported"
    else
        fail "--catalog: the refused catalog is not reported"
        sed -n '1,5s/^/    /p' "$ANN_ERR"
    fi
    # A teacher's catalog: its summary of the SYN reaches the worksheet.
    printf '[summary.syn]\nteaching=Opening move: {sender} picks ISN {seq_raw}, next {nxtseq_rel}\n' \
        >"$WORK/res/teacher.keyfile"
    chmod 644 "$WORK/res/teacher.keyfile"
    ann --worksheet md --catalog "$WORK/res/teacher.keyfile" "$INPUT" -o "$WORK/out/catalog"
    expect_rc "--catalog" 0 || return 0
    if grep -q '| 1 | .*Opening move: client picks ISN [0-9]*, next 1 |' "$WORK/out/catalog/$name.worksheet.md"; then
        pass "--catalog: the teacher's SYN summary is in the worksheet"
    else
        fail "--catalog: the teacher's SYN summary is not in the worksheet"
        grep -n '| 1 |' "$WORK/out/catalog/$name.worksheet.md" | sed 's/^/    /'
    fi
}

case $TEST in
    svg) [ $# -ge 1 ] || die "usage: svg CAPTURE [golden]"
        test_svg "$@" ;;
    mermaid|exercises|gift|options|voices)
        [ $# -eq 1 ] || die "usage: $TEST CAPTURE"
        "test_$TEST" "$1" ;;
    browser) test_browser "$@" ;;
    long) test_long "$@" ;;
    *) die "unknown test '$TEST' (see --help)" ;;
esac

if [ "$FAILED" -ne 0 ]; then
    exit 1
fi
exit 0
