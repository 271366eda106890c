# tshark_env.sh - sourced (not run) by the sweep, sanitizer, fuzz and event
# scripts: runs the real tshark with a staged explain plugin, as an
# unprivileged user when we are root.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Why: Wireshark 4.0 ignores WIRESHARK_PLUGIN_DIR when it runs with special
# privileges (as root), so as root tshark runs as "nobody" (setpriv), from a
# private world-readable folder holding a copy of the plugin, an empty HOME
# and the inputs. tests/integration/run_tshark.sh does the same for its own
# tests; this is the small part of it the proof scripts need, as functions.
#
# Use:
#   . tests/sweep/tshark_env.sh
#   te_init PLUGIN_DIR [TSHARK]  private folder in $TE_WORK (removed by
#                                te_cleanup; set an EXIT trap for it)
#   te_stage FILE                copy of FILE nobody can read -> $TE_INPUT
#   te_tshark OUT ERR ARGS...    tshark ARGS with the plugin; status -> $TE_RC
#   te_tshark_plain OUT ERR ARGS...  the same without any plugin
# Variables read by te_tshark:
#   TE_ENV      extra NAME=VALUE words for tshark's environment
#               (e.g. LD_PRELOAD=... ASAN_OPTIONS=...)
#   TE_WRAPPER  a command prefix (e.g. "valgrind --tool=memcheck ...")
#   TE_TIMEOUT  seconds before tshark is killed (default 600; 0 = none)
# Values are split on blanks: they must not contain spaces.

# shellcheck shell=sh
# shellcheck disable=SC2086 # TE_ENV and TE_WRAPPER are word lists on purpose

# The unprivileged user, the work folder and staging are those of
# tests/lib/unprivileged.sh; this file keeps the te_* names the proof
# scripts use, plus what only they need (a time limit, a wrapper such as
# Valgrind, crash and sanitizer detection). The sourcing script sets PROG
# and REPO first.
# shellcheck source=tests/lib/unprivileged.sh
. "$REPO/tests/lib/unprivileged.sh"

# te_init PLUGIN_DIR [TSHARK]
te_init() {
    PLUGINS=${1%/}
    TE_TSHARK=${2:-}
    if [ -z "$TE_TSHARK" ]; then
        TE_TSHARK=$(command -v tshark 2>/dev/null) ||
            die "tshark not found in PATH (install the tshark package, or use --tshark)"
    fi
    case $TE_TSHARK in
        /*) ;;
        */*) TE_TSHARK=$(CDPATH='' cd -- "$(dirname -- "$TE_TSHARK")" && pwd)/$(basename -- "$TE_TSHARK") ;;
        *) TE_TSHARK=$(command -v "$TE_TSHARK") || die "no tshark '$2'" ;;
    esac
    [ -x "$TE_TSHARK" ] || die "tshark '$TE_TSHARK' is not an executable file"
    [ -d "$PLUGINS" ] || die "no plugin folder '$PLUGINS': build the plugin first (cmake --build BUILD)"
    te_so=$(find "$PLUGINS" -path '*/epan/explain.so' 2>/dev/null | head -n 1)
    [ -n "$te_so" ] ||
        die "no */epan/explain.so under '$PLUGINS': build the plugin first (cmake --build BUILD)"

    init_user
    make_work tcp-explain-proof
    TE_WORK=$WORK
    mkdir "$WORK/home" "$WORK/in" "$WORK/noplugins"
    stage_plugins
    chmod -R a+rX "$WORK/noplugins" "$WORK/in"
    user_owns "$WORK/home"
    TE_RC=0
    return 0
}

te_cleanup() {
    if [ -n "${TE_WORK:-}" ] && [ -d "$TE_WORK" ]; then
        rm -rf "$TE_WORK"
    fi
    TE_WORK=
}

# te_stage FILE: a copy of FILE that tshark (as nobody) can read -> TE_INPUT.
te_stage() {
    stage_input "$1"
    # shellcheck disable=SC2034 # read by the sourcing script
    TE_INPUT=$INPUT
}

# te_unstage: removes the staged copies (keeps the folder small).
te_unstage() {
    rm -rf "$TE_WORK/in"
    mkdir "$TE_WORK/in"
    chmod 755 "$TE_WORK/in"
}

te_run() {
    te_pdir=$1
    te_out=$2
    te_err=$3
    shift 3
    te_timeout=
    if [ "${TE_TIMEOUT:-600}" != 0 ] && command -v timeout >/dev/null 2>&1; then
        te_timeout="timeout -s KILL ${TE_TIMEOUT:-600}"
    fi
    TE_RC=0
    as_user $te_timeout env -i PATH=/usr/bin:/bin HOME="$TE_WORK/home" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$te_pdir" ${TE_ENV:-} ${TE_WRAPPER:-} "$TE_TSHARK" "$@" \
        <"${TE_STDIN:-/dev/null}" >"$te_out" 2>"$te_err" || TE_RC=$?
}

# te_tshark OUT ERR ARGS...: tshark with the staged plugin.
te_tshark() {
    te_run "$TE_WORK/plugins" "$@"
}

# te_tshark_plain OUT ERR ARGS...: tshark without any plugin.
te_tshark_plain() {
    te_run "$TE_WORK/noplugins" "$@"
}

# te_crashed: true when the last tshark was killed by a signal (status
# above 128; 137 is also what the time limit gives: see te_signal_name).
te_crashed() {
    [ "$TE_RC" -gt 128 ]
}

# te_signal_name: the signal that ended the last tshark ("SIGSEGV").
te_signal_name() {
    te_sig=$((TE_RC - 128))
    te_sig_name=$(kill -l "$te_sig" 2>/dev/null) || te_sig_name=$te_sig
    te_sig_name=SIG${te_sig_name#SIG}
    if [ "$te_sig" -eq 9 ] && [ -n "${te_timeout:-}" ]; then
        te_sig_name="$te_sig_name (time limit of ${TE_TIMEOUT:-600} s, or out of memory)"
    fi
    printf '%s\n' "$te_sig_name"
}

# te_explain_bug FILE: true when FILE (tshark's output) reports a malformed
# packet or a dissector bug in explain.
te_explain_bug() {
    grep -q -i -e 'Malformed Packet: explain' -e 'Dissector bug, protocol explain' "$1"
}

# te_sanitizer_report FILE: true when FILE (tshark's stderr) holds an
# AddressSanitizer or UndefinedBehaviorSanitizer report.
te_sanitizer_report() {
    grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' \
        -e 'runtime error:' -e 'UndefinedBehaviorSanitizer' -e 'SUMMARY: AddressSanitizer' "$1"
}
