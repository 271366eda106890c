# annotate_test.sh - what the scripts that test tcp-explain-annotate share
# (tests/annotate/run_annotate.sh, run_annotate_big.sh, run_ladder.sh,
# tests/hostile/run_hostile.sh): their command-line options, finding
# tshark, the work folder with the staged tool and plugin, running the
# tool as the test user, and checks on its exit status and messages.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds on unprivileged.sh (sourced here first: die, fail, pass,
# init_user, as_user, make_work, stage_plugins, tshark_as_user...):
#     . "$SCRIPT_DIR/../lib/annotate_test.sh"
# The sourcing script sets PROG and SCRIPT_DIR (its own folder, next to
# tests/lib) before it sources this, and defines usage() before it parses
# its options. Sourcing it defines functions and sets the option variables
# below to their defaults (empty, or 0 for flags).
# POSIX sh.
# shellcheck shell=sh

# shellcheck source-path=SCRIPTDIR source=unprivileged.sh
. "$SCRIPT_DIR/../lib/unprivileged.sh"

TOOL=
PLUGINS=
TSHARK=
TCPGEN=
GEN=
PYTHON=
CHROMIUM=
GOLDEN_DIR=
SOURCE_DIR=
UPDATE=0
KEEP=0
TEST=
ARGS_USED=0

# parse_test_options "VALUE-OPTIONS" "FLAG-OPTIONS" ARGS...: parses the
# options a script accepts (names without "--", space separated) up to
# "--" or the first other word, which is the test's name: TEST. -h and
# --help call usage and exit 0; an unknown option, a missing value or no
# test dies. Sets TOOL, PLUGINS, TSHARK, TCPGEN, GEN, PYTHON, CHROMIUM,
# GOLDEN_DIR, SOURCE_DIR (value options) and UPDATE, KEEP (flags, to 1);
# ARGS_USED is how many words the caller must shift (the test included).
parse_test_options() {
    pto_values=" $1 "
    pto_flags=" $2 "
    shift 2
    ARGS_USED=0
    while [ $# -gt 0 ]; do
        case $1 in
            -h|--help) usage; exit 0 ;;
            --) shift; ARGS_USED=$((ARGS_USED + 1)); break ;;
            --*) pto_name=${1#--} ;;
            -*) die "unknown option '$1' (see --help)" ;;
            *) break ;;
        esac
        case $pto_values in
            *" $pto_name "*)
                [ $# -ge 2 ] || die "option $1 needs a value"
                case $pto_name in
                    tool) TOOL=$2 ;;
                    plugins) PLUGINS=$2 ;;
                    tshark) TSHARK=$2 ;;
                    tcpgen) TCPGEN=$2 ;;
                    gen) GEN=$2 ;;
                    python) PYTHON=$2 ;;
                    chromium) CHROMIUM=$2 ;;
                    golden) GOLDEN_DIR=$2 ;;
                    source) SOURCE_DIR=$2 ;;
                    *) die "internal error: option --$pto_name" ;;
                esac
                shift 2
                ARGS_USED=$((ARGS_USED + 2))
                continue ;;
        esac
        case $pto_flags in
            *" $pto_name "*)
                case $pto_name in
                    keep) KEEP=1 ;;
                    update) UPDATE=1 ;;
                    *) die "internal error: option --$pto_name" ;;
                esac
                shift
                ARGS_USED=$((ARGS_USED + 1))
                continue ;;
        esac
        die "unknown option '$1' (see --help)"
    done
    [ $# -ge 1 ] || die "no test named (see --help)"
    TEST=$1
    ARGS_USED=$((ARGS_USED + 1))
}

# need_tool: dies unless TOOL names an executable tcp-explain-annotate.
need_tool() {
    { [ -n "$TOOL" ] && [ -x "$TOOL" ]; } || die "--tool must name the built tcp-explain-annotate"
}

# need_plugins: dies unless PLUGINS is a folder holding */epan/explain.so.
need_plugins() {
    [ -n "$PLUGINS" ] || die "--plugins DIR is needed"
    find "$PLUGINS" -path '*/epan/explain.so' 2>/dev/null | grep -q . ||
        die "no */epan/explain.so under '$PLUGINS': build the plugin first"
}

# find_tshark: TSHARK as an absolute path (tshark from PATH when empty);
# dies when there is none.
find_tshark() {
    if [ -z "$TSHARK" ]; then
        TSHARK=$(command -v tshark 2>/dev/null) || die "tshark not found in PATH"
    fi
    case $TSHARK in
        /*) ;;
        *) TSHARK=$(command -v -- "$TSHARK") || die "tshark '$TSHARK' not found" ;;
    esac
}

# make_annotate_work PREFIX: the test user (init_user) and the work folder
# WORK (make_work PREFIX, removed on exit) with home/ and out/ (the test
# user's), in/, bin/, noplugins/ (readable by everyone) and res/; sets
# ANNOTATE (where stage_tool puts the tool), ANN_OUT and ANN_ERR.
make_annotate_work() {
    init_user
    make_work "$1"
    trap_cleanup
    mkdir "$WORK/noplugins" "$WORK/home" "$WORK/in" "$WORK/out" "$WORK/bin" "$WORK/res"
    chmod -R u+rwX,go+rX,go-w "$WORK/noplugins" "$WORK/in" "$WORK/bin"
    user_owns "$WORK/home" "$WORK/out"
    ANNOTATE=$WORK/bin/tcp-explain-annotate
    ANN_OUT=$WORK/res/ann.stdout
    ANN_ERR=$WORK/res/ann.stderr
}

# stage_tool: copies the plugin folder (stage_plugins) and TOOL (as
# ANNOTATE, mode 755) into WORK. Needs make_annotate_work first.
stage_tool() {
    stage_plugins
    cp "$TOOL" "$ANNOTATE"
    chmod 755 "$ANNOTATE"
}

# ann [ENV=VALUE...] [--] ARGS...: runs ANNOTATE as the test user with a
# clean environment (plus the ENV words) and the staged plugin, with
# "--tshark TSHARK" first when ANN_TSHARK is 1; stdout to ANN_OUT, stderr
# to ANN_ERR, exit status to RC.
ANN_TSHARK=0
RC=0
ann() {
    an_env=
    while [ $# -gt 0 ]; do
        case $1 in
            [A-Za-z_]*=*) an_env="$an_env $1"; shift ;;
            *) break ;;
        esac
    done
    [ $# -gt 0 ] && [ "$1" = -- ] && shift
    [ "$ANN_TSHARK" -eq 1 ] && set -- --tshark "$TSHARK" "$@"
    RC=0
    # shellcheck disable=SC2086 # an_env: one word per ENV=VALUE
    as_user env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$WORK/plugins" $an_env \
        "$ANNOTATE" "$@" >"$ANN_OUT" 2>"$ANN_ERR" || RC=$?
}

# show_stderr: the first 30 lines of ANN_ERR, indented.
show_stderr() {
    sed -n '1,30s/^/    stderr: /p' "$ANN_ERR"
}

# expect_rc WHAT N: passes when the last run exited N (RC); else fails,
# shows its stderr and returns 1.
expect_rc() {
    if [ "$RC" -eq "$2" ]; then
        pass "$1: exit status $2"
        return 0
    fi
    fail "$1: exit status $RC, expected $2"
    show_stderr
    return 1
}

# check_rc WHAT N: expect_rc that returns 0 either way (for scripts whose
# checks run under set -e and go on after a failure).
check_rc() {
    expect_rc "$@" || true
}

# expect_said WHAT TEXT / expect_not_said WHAT TEXT: the last run's
# stderr contains (does not contain) TEXT.
expect_said() {
    if grep -qF -- "$2" "$ANN_ERR"; then
        pass "$1: says \"$2\""
    else
        fail "$1: stderr lacks \"$2\""
        show_stderr
    fi
}
expect_not_said() {
    if grep -qF -- "$2" "$ANN_ERR"; then
        fail "$1: stderr still says \"$2\""
        show_stderr
    else
        pass "$1: does not say \"$2\""
    fi
}

# no_leftovers DIR WHAT: no temporary file of the tool's (.*.tmp-*)
# anywhere under DIR.
no_leftovers() {
    nl_found=$(find "$1" -name '.*.tmp-*' 2>/dev/null | head -n 5)
    if [ -n "$nl_found" ]; then
        fail "$2: temporary files left behind: $nl_found"
    else
        pass "$2: no temporary file left behind"
    fi
}

# sum_of FILE: FILE's SHA-256, to tell that a file was not altered.
sum_of() {
    sha256sum <"$1" | cut -d ' ' -f 1
}
