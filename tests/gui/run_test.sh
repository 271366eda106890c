#!/bin/sh
# run_test.sh - tests of the "Explain" configuration profile
# (profile/Explain) with the real tshark and the staged explain plugin.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tshark runs as in tests/integration/run_tshark.sh: as "nobody" when this
# script runs as root (Wireshark 4.0 ignores WIRESHARK_PLUGIN_DIR with
# special privileges), with a clean environment (env -i), LC_ALL=C.UTF-8,
# TZ=UTC, and its own HOME in a private temporary folder that holds a copy
# of the profile as HOME/.config/wireshark/profiles/Explain, so that
# "tshark -C Explain" finds it exactly as it finds a user's profile.
#
# Exit status: 0 passed, 1 failed, 2 wrong arguments or no set-up.

set -eu

PROG=run_test.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# die, fail, pass; init_user, as_user, make_work, cleanup, stage_plugins...
# shellcheck source-path=SCRIPTDIR/../lib source=unprivileged.sh
. "$SCRIPT_DIR/../lib/unprivileged.sh"
PROFILE_NAME=Explain

usage() {
    cat <<EOF
usage: $PROG --tshark PATH --plugins DIR --profile DIR [--keep] TEST ARGS...

  --tshark PATH    the tshark to run
  --plugins DIR    the staged plugin folder (WIRESHARK_PLUGIN_DIR value)
  --profile DIR    the profile folder (profile/Explain)
  --keep           keep the temporary folder

Tests:
  columns CAPTURE
      tshark -C Explain accepts the profile (exit 0, nothing on stderr);
      its columns are Wireshark's defaults plus "Explain"
      (%Cus:explain.summary) before "Info"; on every explained frame the
      column equals explain.summary, as the summary line
      tshark prints contains it
  colorfilters CAPTURE
      every rule in colorfilters has the 4.0 syntax and its filter compiles
      (tshark -Y FILTER exits 0 and says nothing on stderr)
  buttons CAPTURE
      the same for every filter button in dfilter_buttons
  colors CAPTURE EXPECT
      tshark -C Explain --color (in a pseudo-terminal, as the GUI would
      colour the packet list) paints each frame with the colours of the
      rule EXPECT names for it: "FRAMES=RULE|FRAMES=RULE|..." where FRAMES
      is a comma-separated list of frame numbers and RULE a rule's name
  redissect CAPTURE PROGRAM CATALOG_FILE
      runs PROGRAM (explain-redissect, tests/gui/redissect.c: preference
      changes take effect on re-dissection) on CAPTURE with the plugin
EOF
}

TSHARK=
PLUGINS=
PROFILE=
KEEP=0
while [ $# -gt 0 ]; do
    case $1 in
        --tshark) [ $# -ge 2 ] || die "$1 needs a value"; TSHARK=$2; shift 2 ;;
        --plugins) [ $# -ge 2 ] || die "$1 needs a value"; PLUGINS=$2; shift 2 ;;
        --profile) [ $# -ge 2 ] || die "$1 needs a value"; PROFILE=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) break ;;
    esac
done
[ $# -ge 2 ] || die "usage: $PROG [OPTIONS] TEST CAPTURE [ARGS...] (see --help)"
TEST=$1
CAPTURE=$2
shift 2
case $TEST in
    columns|colorfilters|buttons) [ $# -eq 0 ] || die "$TEST takes one CAPTURE" ;;
    colors) [ $# -eq 1 ] || die "usage: colors CAPTURE EXPECT" ;;
    redissect) [ $# -eq 2 ] || die "usage: redissect CAPTURE PROGRAM CATALOG_FILE" ;;
    *) die "unknown test '$TEST' (see --help)" ;;
esac

[ -n "$TSHARK" ] || TSHARK=$(command -v tshark 2>/dev/null) || die "tshark not found"
[ -x "$TSHARK" ] || die "tshark '$TSHARK' is not executable"
[ -n "$PLUGINS" ] && [ -d "$PLUGINS" ] || die "--plugins DIR: no such folder '$PLUGINS'"
find "$PLUGINS" -path '*/epan/explain.so' | grep -q . ||
    die "no */epan/explain.so under '$PLUGINS': build the plugin first"
[ -n "$PROFILE" ] && [ -f "$PROFILE/preferences" ] || die "--profile DIR: no profile in '$PROFILE'"
[ -f "$CAPTURE" ] || die "no capture '$CAPTURE'"

# ---------------------------------------------------------------------------
# Private folder; tshark as an unprivileged user.

init_user
make_work tcp-explain-gui
trap_cleanup
trap 'exit 2' HUP INT TERM

mkdir -p "$WORK/home/.config/wireshark/profiles" "$WORK/out"
stage_plugins
cp -R "$PROFILE" "$WORK/home/.config/wireshark/profiles/$PROFILE_NAME"
CAP=$WORK/capture
cp "$CAPTURE" "$CAP"
chmod -R a+rX "$WORK"
user_owns -R "$WORK/home" "$WORK/out"
OUT=$WORK/out
PDIR=$WORK/home/.config/wireshark/profiles/$PROFILE_NAME

# ts ARGS...: tshark with the plugin and the profile's home; stdout and
# stderr to $OUT/stdout and $OUT/stderr; returns tshark's status.
ts() {
    set +e
    as_user env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$WORK/plugins" "$TSHARK" "$@" \
        >"$OUT/stdout" 2>"$OUT/stderr"
    rc=$?
    set -e
    return $rc
}

# ts_ok WHAT ARGS...: ts, and fails WHAT unless tshark exits 0 with an
# empty stderr.
ts_ok() {
    ts_what=$1
    shift
    if ! ts "$@"; then
        fail "$ts_what: tshark exited $rc: $(head -c 600 "$OUT/stderr")"
        return 1
    fi
    if [ -s "$OUT/stderr" ]; then
        fail "$ts_what: tshark said on stderr: $(head -c 600 "$OUT/stderr")"
        return 1
    fi
    return 0
}

# The column list of a "gui.column.format:" preference as printed by
# tshark -G defaultprefs/currentprefs (commented or not), one
# "title", "format" pair per line.
column_list() {
    awk '
        /^#?gui\.column\.format:/ { on = 1; next }
        on && /^#?[ \t]*"/ {
            line = $0
            sub(/^#?[ \t]*/, "", line)
            sub(/,[ \t]*$/, "", line)
            print line
            next
        }
        on { exit }
    ' "$1"
}

# ---------------------------------------------------------------------------

test_columns() {
    ts_ok "tshark -C $PROFILE_NAME -r CAPTURE" -C "$PROFILE_NAME" -r "$CAP" || return 0
    cp "$OUT/stdout" "$WORK/summary.txt"
    pass "tshark -C $PROFILE_NAME accepts the profile"

    # Columns: the defaults, plus Explain before Info.
    ts_ok "-G defaultprefs" -G defaultprefs || return 0
    column_list "$OUT/stdout" >"$WORK/default.cols"
    ts_ok "-G currentprefs -C $PROFILE_NAME" -G currentprefs -C "$PROFILE_NAME" || return 0
    column_list "$OUT/stdout" >"$WORK/profile.cols"
    explain_col='"Explain", "%Cus:explain.summary:0:R"'
    if ! grep -qxF "$explain_col" "$WORK/profile.cols"; then
        fail "no column $explain_col in the profile's columns: $(tr '\n' ' ' <"$WORK/profile.cols")"
    elif ! grep -vxF "$explain_col" "$WORK/profile.cols" | cmp -s - "$WORK/default.cols"; then
        fail "the profile's other columns are not Wireshark's defaults:" \
             "$(tr '\n' ' ' <"$WORK/profile.cols") vs $(tr '\n' ' ' <"$WORK/default.cols")"
    elif [ "$(grep -A1 -xF "$explain_col" "$WORK/profile.cols" | tail -n 1)" != '"Info", "%i"' ]; then
        fail "the Explain column does not come right before Info"
    else
        pass "columns: Wireshark's $(wc -l <"$WORK/default.cols" | tr -d ' ') defaults plus Explain before Info"
    fi

    # The column's text is explain.summary, frame by frame.
    # (Wireshark 4.4 has no _ws.col.<title> field for custom columns, so the
    # column is read from the summary lines, where it is printed.)
    ts_ok "-T fields -e explain.summary" -C "$PROFILE_NAME" -r "$CAP" -T fields \
        -E separator=/t -E occurrence=f -e frame.number -e explain.summary || return 0
    cp "$OUT/stdout" "$WORK/fields.tsv"
    n=0
    bad=0
    while IFS='	' read -r num summary; do
        [ -n "$summary" ] || continue
        n=$((n + 1))
        if ! grep -E "^ *$num " "$WORK/summary.txt" | grep -qF -- "$summary"; then
            fail "frame $num: tshark's summary line lacks '$summary'"
            bad=1
        fi
    done <"$WORK/fields.tsv"
    if [ "$n" -eq 0 ]; then
        fail "no frame of the capture has an explain.summary"
    elif [ "$bad" -eq 0 ]; then
        pass "column Explain = explain.summary on all $n explained frames, in the summary lines too"
    fi
}

# check_filters KIND FILE: each line of FILE is "NAME<TAB>FILTER". All
# filters are compiled at once, "(F1) || (F2) || ...", which compiles only
# when each does; when it does not, one by one, to name the culprits.
check_filters() {
    n=$(grep -c . "$2" || true)
    [ "$n" -gt 0 ] || { fail "no $1 found"; return 0; }
    all=$(awk -F'\t' '{ printf "%s(%s)", (NR > 1 ? " || " : ""), $2 }' "$2")
    if ts -C "$PROFILE_NAME" -r "$CAP" -Y "$all" && [ ! -s "$OUT/stderr" ]; then
        while IFS='	' read -r name filter; do
            pass "$1 '$name' compiles: $filter"
        done <"$2"
        return 0
    fi
    while IFS='	' read -r name filter; do
        if ts_ok "$1 '$name': -Y '$filter'" -C "$PROFILE_NAME" -r "$CAP" -Y "$filter"; then
            pass "$1 '$name' compiles: $filter"
        fi
    done <"$2"
    [ "$FAILED" -ne 0 ] || fail "the $1 filters compile one by one but not together: $all"
}

test_colorfilters() {
    # Every line is a comment or a rule (optionally disabled with "!").
    bad=$(grep -v -e '^#' -e '^[[:space:]]*$' "$PDIR/colorfilters" |
          grep -v -E '^!?@[^@]+@[^@]+@\[[0-9]+,[0-9]+,[0-9]+\]\[[0-9]+,[0-9]+,[0-9]+\]$' || true)
    [ -z "$bad" ] || fail "colorfilters lines not in 4.0 syntax: $bad"
    grep -E '^!?@' "$PDIR/colorfilters" |
        awk -F@ '{ print $2 "\t" $3 }' >"$WORK/rules.tsv"
    first=$(head -n 1 "$WORK/rules.tsv" | cut -f 2)
    case $first in
        explain.check.failed*) pass "the first rule is about failed checks" ;;
        *) fail "the first rule should be about explain.check.failed, is: $first" ;;
    esac
    check_filters "coloring rule" "$WORK/rules.tsv"
}

test_buttons() {
    # "TRUE","label","expression","comment", \xNN escapes as in every UAT.
    grep -v -e '^#' -e '^[[:space:]]*$' "$PDIR/dfilter_buttons" >"$WORK/buttons.uat" || true
    bad=$(grep -v -E '^"(TRUE|FALSE)","[^"]*","[^"]*","[^"]*"$' "$WORK/buttons.uat" || true)
    [ -z "$bad" ] || fail "dfilter_buttons lines not in UAT syntax: $bad"
    awk -F'","' '{ print $2 "\t" $3 }' "$WORK/buttons.uat" |
        sed 's/\\x22/"/g; s/\\x5c/\\/g' >"$WORK/buttons.tsv"
    check_filters "filter button" "$WORK/buttons.tsv"
}

# The colours (8-bit "r;g;b" background, then text) of rule NAME.
rule_colors() {
    awk -F@ -v name="$1" '
        $2 == name {
            split($4, c, /[][,]+/)
            printf "%d;%d;%d %d;%d;%d\n", c[2] / 256, c[3] / 256, c[4] / 256,
                                          c[5] / 256, c[6] / 256, c[7] / 256
            exit
        }' "$PDIR/colorfilters"
}

test_colors() {
    command -v script >/dev/null 2>&1 || { fail "script (util-linux) is needed for --color"; return 0; }
    # tshark colours only a terminal that says it has 24-bit colour: give it
    # one.
    set +e
    # SHELL: script(1) runs its command with $SHELL, else (util-linux 2.41,
    # Debian 14) the user's login shell, which for nobody is nologin.
    as_user env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color COLORTERM=truecolor \
        SHELL=/bin/sh WIRESHARK_PLUGIN_DIR="$WORK/plugins" script -qec \
        "'$TSHARK' -C '$PROFILE_NAME' --color -r '$CAP' 2>'$OUT/stderr'" /dev/null \
        >"$OUT/stdout" </dev/null
    rc=$?
    set -e
    if [ "$rc" -ne 0 ] || [ -s "$OUT/stderr" ]; then
        fail "tshark --color exited $rc: $(head -c 600 "$OUT/stderr")"
        return 0
    fi
    # "ESC[38;2;R;G;Bm ESC[48;2;R;G;Bm   N ..." -> "N BG FG"
    tr -d '\r' <"$OUT/stdout" | sed -n \
        's/^.*\[38;2;\([0-9;]*\)m.*\[48;2;\([0-9;]*\)m *\([0-9][0-9]*\) .*$/\3 \2 \1/p' \
        >"$WORK/painted.txt"
    [ -s "$WORK/painted.txt" ] || { fail "tshark --color painted no line: $(head -c 300 "$OUT/stdout")"; return 0; }

    echo "$1" | tr "|" "\n" | while IFS='=' read -r frames name; do
        [ -n "$frames" ] || continue
        want=$(rule_colors "$name")
        if [ -z "$want" ]; then
            fail "no coloring rule named '$name'"
            continue
        fi
        for f in $(echo "$frames" | tr ',' ' '); do
            got=$(awk -v f="$f" '$1 == f { print $2 " " $3; exit }' "$WORK/painted.txt")
            if [ "$got" = "$want" ]; then
                pass "frame $f painted as '$name' ($want)"
            else
                fail "frame $f painted '${got:-nothing}', '$name' is '$want'"
            fi
        done
    done | tee "$WORK/colors.log"
    ! grep -q '^FAIL' "$WORK/colors.log" || FAILED=1
}

test_redissect() {
    cp "$1" "$WORK/explain-redissect"
    cp "$2" "$WORK/catalog.keyfile"
    chmod a+rx "$WORK/explain-redissect"
    chmod a+r "$WORK/catalog.keyfile"
    set +e
    as_user env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
        "$WORK/explain-redissect" "$CAP" "$WORK/catalog.keyfile"
    rc=$?
    set -e
    [ "$rc" -eq 0 ] || fail "explain-redissect exited $rc"
}

case $TEST in
    columns) test_columns ;;
    colorfilters) test_colorfilters ;;
    buttons) test_buttons ;;
    colors) test_colors "$1" ;;
    redissect) test_redissect "$1" "$2" ;;
esac

if [ "$FAILED" -ne 0 ]; then
    echo "$PROG $TEST: FAILED"
    exit 1
fi
echo "$PROG $TEST: passed"
exit 0
