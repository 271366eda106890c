#!/bin/sh
# compare.sh - the two readers of plugin/epan/explain_read.h agree: the field
# reader (the tree) and the tap reader (no tree) read the same facts.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs tshark with the bench floor plugin (bench/floor) in its compare
# mode over each CAPTURE: on the first pass the floor reads every TCP
# packet both ways and, when the capture closes, reports per member of
# explain_facts_t how many packets differ, then "result: same" or
# "result: differ". The test fails on any "differ", on a capture the floor
# reported nothing for although tshark reads it, and when no TCP packet at
# all was compared. A file tshark itself cannot read (with no plugin) is
# skipped, and said so; so is one on which the readers differ because
# Wireshark's TCP dissector itself failed ("Dissector bug, protocol TCP").
#
# tshark runs as in tests/integration (see tests/lib/unprivileged.sh): as
# an unprivileged user when we are root, from private copies of the plugin
# and the captures, with a clean environment and an empty HOME.
#
# Exit status: 0 the readers agree on every capture, 1 they do not (or a
# capture gave no report), 2 wrong arguments or the test could not be set
# up, 77 skipped (--pref-if-known).

set -eu

PROG=compare.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/../lib source=unprivileged.sh
. "$SCRIPT_DIR/../lib/unprivileged.sh"

usage() {
    cat <<EOF
usage: $PROG --floor DIR [OPTIONS] CAPTURE...

  --floor DIR       the staged floor plugin folder (WIRESHARK_PLUGIN_DIR
                    value, holding <major.minor>/epan/explainfloor.so)
  --tshark PATH     the tshark to run (default: tshark from PATH)
  --pref NAME:VALUE a tshark -o preference for every run (repeatable), e.g.
                    tcp.relative_sequence_numbers:FALSE
  --pref-if-known NAME:VALUE
                    the same, but when this tshark has no preference NAME
                    (an older Wireshark), skip the whole test (exit 77)
  --keep            keep the temporary folder and say where it is
  -h, --help        show this help
EOF
}

TSHARK=
PLUGINS=
PREFS=
PREFS_IF_KNOWN=
KEEP=0

need_value() {
    [ "$2" -ge 2 ] || die "option $1 needs a value (see --help)"
}

while [ $# -gt 0 ]; do
    case $1 in
        --floor)
            need_value "$1" $#
            PLUGINS=$2
            shift 2 ;;
        --tshark)
            need_value "$1" $#
            TSHARK=$2
            shift 2 ;;
        --pref)
            need_value "$1" $#
            case $2 in
                *:*) ;;
                *) die "--pref needs NAME:VALUE, not '$2'" ;;
            esac
            PREFS="$PREFS $2"
            shift 2 ;;
        --pref-if-known)
            need_value "$1" $#
            case $2 in
                *:*) ;;
                *) die "--pref-if-known needs NAME:VALUE, not '$2'" ;;
            esac
            PREFS_IF_KNOWN="$PREFS_IF_KNOWN $2"
            shift 2 ;;
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
[ $# -ge 1 ] || die "no CAPTURE given (see --help)"

if [ -z "$TSHARK" ]; then
    TSHARK=$(command -v tshark 2>/dev/null) ||
        die "tshark not found in PATH (install the tshark package, or use --tshark)"
fi
[ -x "$TSHARK" ] || die "tshark '$TSHARK' is not an executable file"
[ -n "$PLUGINS" ] || die "say where the staged floor is: --floor DIR"
[ "$PLUGINS" = / ] || PLUGINS=${PLUGINS%/}
STAGED=$(find "$PLUGINS" -path '*/epan/explainfloor.so' 2>/dev/null | head -n 1)
[ -n "$STAGED" ] ||
    die "no */epan/explainfloor.so under '$PLUGINS': build it first (cmake --build BUILD)"

init_user
make_work tcp-explain-readers
trap_cleanup

mkdir "$WORK/noplugins" "$WORK/home" "$WORK/in"
stage_plugins
chmod -R u+rwX,go+rX,go-w "$WORK/noplugins" "$WORK/in"
user_owns "$WORK/home"

# ts with|without OUT ERR ARGS...: tshark with the floor or with no plugin;
# its exit status goes to RC.
ts() {
    tshark_as_user "$@"
}

# The floor must load, or every capture would just fail the same way.
ts with "$WORK/plugins.txt" "$WORK/plugins.err" -G plugins
grep -q 'explainfloor\.so' "$WORK/plugins.txt" ||
    die "tshark does not load the staged floor ($STAGED): $(cat "$WORK/plugins.err")"

# --pref-if-known: kept when this tshark has the preference, else skip.
for pk_pref in $PREFS_IF_KNOWN; do
    ts without "$WORK/defaultprefs.txt" "$WORK/defaultprefs.err" -G defaultprefs
    if ! grep -q "^#${pk_pref%%:*}:" "$WORK/defaultprefs.txt"; then
        echo "skipped: this tshark has no preference ${pk_pref%%:*}"
        exit 77
    fi
    PREFS="$PREFS $pk_pref"
done

# -o arguments: the floor's mode, then --pref ones (split on purpose).
set_prefs() {
    PREF_ARGS="-o explainfloor.mode:compare"
    for sp_pref in $PREFS; do
        PREF_ARGS="$PREF_ARGS -o $sp_pref"
    done
}
set_prefs

compared=0
packets=0
for capture in "$@"; do
    stage_input "$capture"
    name=$(basename -- "$capture")
    # shellcheck disable=SC2086 # PREF_ARGS is a list of words
    ts with "$WORK/out" "$WORK/err" -r "$INPUT" $PREF_ARGS
    grep '^explainfloor compare: ' "$WORK/err" | sed 's/^explainfloor compare: //' >"$WORK/report" || true
    results=$(grep -c '^result: ' "$WORK/report" || true)
    if [ "$results" -eq 0 ]; then
        floor_rc=$RC
        ts without "$WORK/out" "$WORK/err.plain" -r "$INPUT"
        if [ "$RC" -ne 0 ]; then
            pass "$name: skipped, tshark cannot read it (status $RC without a plugin)"
        else
            fail "$name: no compare report (tshark status $floor_rc):"
            sed 's/^/    /' "$WORK/err"
        fi
        continue
    fi
    compared=$((compared + 1))
    n=$(sed -n 's/^\([0-9][0-9]*\) TCP packets read both ways.*/\1/p' "$WORK/report" | head -n 1)
    packets=$((packets + ${n:-0}))
    if [ "$results" -eq 1 ] && grep -qx 'result: same' "$WORK/report"; then
        pass "$name: ${n:-0} TCP packets, the same facts both ways"
        # which of TCP's analysis flags both readers saw, and where
        grep ' seen in ' "$WORK/report" | sed 's/^ */    /' || true
    elif grep -q 'Dissector bug, protocol TCP' "$WORK/err"; then
        # TCP itself threw on these packets (e.g. Wireshark 4.4 with
        # conversation deinterlacing on: "Can't get proto from a NULL
        # conversation"), so its tree stops early: nothing to compare.
        pass "$name: skipped, Wireshark's own TCP dissector fails on it with these preferences: $(grep -m1 'Dissector bug' "$WORK/err" | sed 's/.*Dissector bug, //')"
    else
        fail "$name: the readers differ (${n:-0} TCP packets):"
        grep -v ' 0 differ$' "$WORK/report" | sed 's/^/    /'
    fi
done

[ "$compared" -gt 0 ] || fail "no capture gave a compare report"
[ "$packets" -gt 0 ] || fail "not one TCP packet was compared"
printf '%s: %d captures, %d TCP packets compared, preferences:%s\n' \
    "$PROG" "$compared" "$packets" "${PREFS:- (defaults)}"
[ "$FAILED" -eq 0 ] || exit 1
exit 0
