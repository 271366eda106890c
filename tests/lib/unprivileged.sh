# unprivileged.sh - what the tshark-driven test scripts share: messages,
# and running tshark (or a tool) as an unprivileged user from a private,
# world-readable work folder.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Wireshark 4.0 ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder
# when it runs with special privileges (as root), so a test running as root
# runs tshark as "nobody" (setpriv), and everything tshark reads is first
# copied into a folder nobody can enter.
#
# Sourced (not run) by tests/integration/run_tshark.sh,
# tests/lib/annotate_test.sh (for the scripts that test the annotate tool:
# tests/annotate/run_*.sh, tests/hostile/run_hostile.sh), tests/gui/run_test.sh,
# tests/readers/compare.sh and (through tests/sweep/tshark_env.sh) the
# sweep, sanitizer, fuzz and event scripts:
#     . "$SCRIPT_DIR/../lib/unprivileged.sh"
# The sourcing script sets PROG (its name, for messages) before it calls
# anything here, and KEEP (1: keep the work folder) before it exits.
# POSIX sh; sourcing it only defines functions and sets FAILED=0 when unset.
# shellcheck shell=sh

# die MESSAGE...: the test could not be set up or was called wrongly;
# says so on stderr and exits 2.
die() {
    printf '%s: %s\n' "$PROG" "$*" >&2
    exit 2
}

# fail MESSAGE...: prints "FAIL: MESSAGE" and marks the test as failed
# (FAILED=1); the test goes on.
# (Not reset when already set: tests/sweep/sanitize.sh sources this
# after recording failures of its own.)
: "${FAILED:=0}"
# shellcheck disable=SC2034 # FAILED is read by the sourcing script
fail() {
    printf 'FAIL: %s\n' "$*"
    FAILED=1
}

# pass MESSAGE...: prints "ok: MESSAGE".
pass() {
    printf 'ok: %s\n' "$*"
}

# init_user: sets IS_ROOT (1 when running as root, else 0) and, as root,
# RUN_UID and RUN_GID (the user nobody's); dies when running as root
# without setpriv or without the user nobody.
init_user() {
    IS_ROOT=0
    [ "$(id -u)" -eq 0 ] && IS_ROOT=1
    if [ "$IS_ROOT" -eq 1 ]; then
        command -v setpriv >/dev/null 2>&1 ||
            die "running as root needs setpriv (util-linux) to drop privileges"
        RUN_UID=$(id -u nobody 2>/dev/null) || die "running as root needs the user 'nobody'"
        RUN_GID=$(id -g nobody)
    fi
}

# as_user CMD...: runs CMD as nobody (no supplementary groups) when root,
# as is otherwise; returns CMD's status. Needs init_user first.
as_user() {
    if [ "$IS_ROOT" -eq 1 ]; then
        setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --clear-groups -- "$@"
    else
        "$@"
    fi
}

# make_work PREFIX: creates WORK, a new folder PREFIX.XXXXXX (mode 755)
# under the first of $TMPDIR, /tmp, /var/tmp and /dev/shm where that
# works and, as root, where nobody can enter it; dies when none will do.
# Needs init_user first.
make_work() {
    WORK=
    for mw_base in "${TMPDIR:-/tmp}" /tmp /var/tmp /dev/shm; do
        [ -d "$mw_base" ] || continue
        WORK=$(mktemp -d "$mw_base/$1.XXXXXX" 2>/dev/null) || { WORK=; continue; }
        chmod 755 "$WORK"
        if [ "$IS_ROOT" -eq 1 ] && ! as_user test -x "$WORK"; then
            rm -rf "$WORK"
            WORK=
            continue
        fi
        return 0
    done
    die "cannot create a temporary folder that user nobody can read (tried \$TMPDIR, /tmp, /var/tmp, /dev/shm)"
}

# cleanup: removes WORK (made writable first, so read-only folders a test
# left in it go too), or with KEEP=1 keeps it and says where it is.
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    chmod -R u+rwX "$WORK" 2>/dev/null || true
    if [ "$KEEP" -eq 1 ]; then
        printf '%s: kept %s\n' "$PROG" "$WORK"
    else
        rm -rf "$WORK"
    fi
}

# trap_cleanup: runs cleanup on exit; SIGINT exits 130 and SIGTERM 143
# (a script may set other signal traps after it).
trap_cleanup() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# stage_plugins: copies the staged plugin folder PLUGINS into
# WORK/plugins (which must not exist yet), readable by everyone and
# writable by no one but its owner.
stage_plugins() {
    mkdir "$WORK/plugins"
    cp -R "$PLUGINS/." "$WORK/plugins/"
    chmod -R u+rwX,go+rX,go-w "$WORK/plugins"
}

# stage_input FILE: copies FILE into a new folder of its own under
# WORK/in (which must exist), readable by everyone, so that inputs with
# the same name do not clash; the copy's path goes to INPUT. Dies when
# FILE is no regular file.
STAGE_COUNT=0
INPUT=
stage_input() {
    [ -f "$1" ] || die "no such file: $1 (is the build complete?)"
    STAGE_COUNT=$((STAGE_COUNT + 1))
    mkdir "$WORK/in/$STAGE_COUNT"
    chmod 755 "$WORK/in/$STAGE_COUNT"
    cp "$1" "$WORK/in/$STAGE_COUNT/"
    INPUT=$WORK/in/$STAGE_COUNT/$(basename -- "$1")
    chmod 644 "$INPUT"
}

# tshark_as_user with|without OUT ERR ARGS...: TSHARK as the test user,
# with the staged plugins (WORK/plugins) or with none (WORK/noplugins), a
# clean environment (HOME=WORK/home, C.UTF-8, UTC) and no stdin; stdout to
# OUT, stderr to ERR; its exit status goes to RC.
RC=0
# shellcheck disable=SC2034 # RC is read by the sourcing script
tshark_as_user() {
    case $1 in
        with) tau_pdir=$WORK/plugins ;;
        without) tau_pdir=$WORK/noplugins ;;
        *) die "internal error: tshark_as_user $1" ;;
    esac
    tau_out=$2
    tau_err=$3
    shift 3
    RC=0
    as_user env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC \
        WIRESHARK_PLUGIN_DIR="$tau_pdir" "$TSHARK" "$@" </dev/null >"$tau_out" 2>"$tau_err" || RC=$?
}

# user_owns [-R] PATH...: as root, gives each PATH (with -R, and all in
# it) to nobody, so that the tests' tshark can write there; does nothing
# otherwise.
user_owns() {
    [ "$IS_ROOT" -eq 1 ] || return 0
    if [ "$1" = -R ]; then
        shift
        chown -R "$RUN_UID:$RUN_GID" "$@"
    else
        chown "$RUN_UID:$RUN_GID" "$@"
    fi
}
