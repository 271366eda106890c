#!/usr/bin/env bash
# install_test.sh - installs a tcp-explain .deb on this machine, checks that
# it works for root and for an unprivileged user, and removes it again.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage (as root): tests/package/install_test.sh DEB
#
#   1. apt-get install -y ./tcp-explain_*.deb  (DEBIAN_FRONTEND=noninteractive)
#   2. as root: tshark -G plugins lists explain.so from the global plugin
#      folder; tshark -r /usr/share/tcp-explain/demo.pcapng -O explain shows
#      an Explain tree on all 9 packets with the SYN-ACK summary
#   3. the same as "nobody" with an empty temporary HOME (the global plugin
#      folder is loaded for users too), and tshark -C Explain finds the
#      globally installed profile
#   4. as nobody: tcp-explain-annotate on the demo into a temporary folder;
#      the copy carries frame.comment on every packet
#   5. apt-get remove -y tcp-explain; every file dpkg -L listed is gone
#
# The package is installed only for the seconds these checks take: an EXIT
# trap removes it whatever happens (a globally installed plugin is loaded
# by every root-run tshark on this machine, so other tests must not see it
# for long). Files the package would overwrite that no package owns (say a
# plugin installed by hand with cmake --install) are moved aside first and
# put back afterwards. Runs one at a time (a lock), and refuses to run when
# tcp-explain is already installed.
#
# Exit status: 0 all checks passed, 1 a check failed, 2 could not run.

set -euo pipefail
umask 022

PROG=install_test.sh
PKG=tcp-explain
DEMO=/usr/share/tcp-explain/demo.pcapng
SYNACK='Handshake 2/3 (SYN-ACK): server ISN 547479085, ack 4126488337 = client ISN + 1'
DEMO_PACKETS=9
LOCK=/run/lock/tcp-explain-install-test.lock

die() { echo "$PROG: $*" >&2; exit 2; }
log() { echo "$PROG: $*"; }

case ${1:-} in
    -h|--help) sed -n '7,26s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
[ $# -eq 1 ] || die "usage: $PROG DEB"
[ "$(id -u)" -eq 0 ] || die "must run as root (it installs a package)"
for tool in apt-get dpkg dpkg-deb dpkg-query setpriv tshark flock; do
    command -v "$tool" >/dev/null || die "needs $tool"
done
deb=$(readlink -f "$1")
[ -f "$deb" ] || die "no such file: $1"
[ "$(dpkg-deb -f "$deb" Package)" = "$PKG" ] || die "$deb is not a $PKG package"

installed() {
    case $(dpkg-query -W -f '${db:Status-Abbrev}' "$PKG" 2>/dev/null || true) in
        ""|un*|pn*|"  "*) return 1 ;;
        *) return 0 ;;
    esac
}

mkdir -p "${LOCK%/*}"
exec 8> "$LOCK"
flock -w 600 8 || die "another install test holds $LOCK"
if installed; then
    die "$PKG is already installed ($(dpkg-query -W -f '${Version}' "$PKG")); remove it first (apt-get remove $PKG)"
fi

work=$(mktemp -d /tmp/tcp-explain-install.XXXXXX)
chmod 755 "$work"
backup="$work/backup"
moved=()          # files moved aside, as paths on this machine
did_install=0
failures=0

# shellcheck disable=SC2317  # reached through the trap
restore_backups() {
    local f
    for f in "${moved[@]+"${moved[@]}"}"; do
        if [ -e "$f" ]; then
            log "warning: $f exists again; its old copy stays in $backup$f"
            continue
        fi
        mkdir -p "${f%/*}"
        mv "$backup$f" "$f" && log "put back $f"
    done
}

remove_package() {
    # apt-get remove; dpkg --purge as the fallback (e.g. apt locked).
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=120 "$PKG" ||
        dpkg --purge "$PKG"
}

# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ "$did_install" -eq 1 ] && installed; then
        log "removing $PKG (cleanup)"
        remove_package >/dev/null 2>&1 || log "warning: could not remove $PKG: run apt-get remove $PKG"
    fi
    restore_backups
    if [ ${#moved[@]} -eq 0 ] || [ -z "$(find "$backup" -type f 2>/dev/null)" ]; then
        rm -rf "$work"
    else
        log "kept $work (files that could not be put back)"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Run as root / as nobody, always with a clean environment: a private HOME,
# no WIRESHARK_PLUGIN_DIR or WIRESHARK_CONFIG_DIR.
mkdir -p "$work/root-home" "$work/user-home" "$work/out"
chown nobody:nogroup "$work/user-home" "$work/out"
as_root() {
    (cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work/root-home" LC_ALL=C.UTF-8 TZ=UTC "$@")
}
as_nobody() {
    (cd "$work" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env -i PATH=/usr/bin:/bin HOME="$work/user-home" LC_ALL=C.UTF-8 TZ=UTC "$@")
}

# ---------------------------------------------------------------------------
# Files the package would overwrite that no package owns: move aside.

while IFS= read -r path; do
    [ -f "$path" ] || [ -L "$path" ] || continue
    if dpkg-query -S "$path" >/dev/null 2>&1; then
        continue   # owned by another package: dpkg refuses, and says so
    fi
    mkdir -p "$backup${path%/*}"
    mv "$path" "$backup$path"
    moved+=("$path")
    log "moved aside $path (no package owns it; put back afterwards)"
done < <(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ { p = $6; sub(/^\./, "", p); print p }')

# ---------------------------------------------------------------------------
# 1. Install.

cp "$deb" "$work/"
name=${deb##*/}
chmod 644 "$work/$name"
log "installing $name"
t0=$(date +%s)
did_install=1
if ! (cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends -o DPkg::Lock::Timeout=120 "./$name") > "$work/apt-install.log" 2>&1; then
    tail -n 20 "$work/apt-install.log" >&2
    die "apt-get install ./$name failed"
fi
pass "apt-get install -y ./$name ($(dpkg-query -W -f '${Version}' "$PKG") installed)"
mapfile -t listed < <(dpkg -L "$PKG")
files=()
for p in "${listed[@]}"; do
    [ -f "$p" ] && files+=("$p")
done
log "dpkg -L $PKG: ${#files[@]} files"

plugin=$(printf '%s\n' "${files[@]}" | grep '/epan/explain\.so$' | head -n1 || true)
[ -n "$plugin" ] || fail "dpkg -L lists no .../epan/explain.so"
[ -f "$DEMO" ] || fail "no $DEMO"

# ---------------------------------------------------------------------------
# 2./3. tshark as root and as nobody.

check_tshark() {
    # check_tshark WHO RUNNER
    local who=$1 run=$2 out n
    if out=$($run tshark -G plugins 2>&1) &&
       printf '%s\n' "$out" | grep -qE "^explain\.so[[:space:]].*[[:space:]]${plugin//./\\.}$"; then
        pass "$who: tshark -G plugins lists $plugin"
    else
        fail "$who: tshark -G plugins does not list ${plugin:-explain.so}"
        printf '%s\n' "$out" | grep -iE 'explain|warn|err' | sed 's/^/    /' || true
    fi
    if ! out=$($run tshark -r "$DEMO" -O explain 2> "$work/stderr"); then
        fail "$who: tshark -r $DEMO -O explain failed: $(head -c 500 "$work/stderr")"
        return
    fi
    n=$(printf '%s\n' "$out" | grep -c '^Explain: ' || true)
    if [ "$n" -eq "$DEMO_PACKETS" ]; then
        pass "$who: tshark -r $DEMO -O explain: an Explain tree on all $n packets"
    else
        fail "$who: $n Explain trees, expected $DEMO_PACKETS"
    fi
    if printf '%s\n' "$out" | grep -qxF "Explain: $SYNACK"; then
        pass "$who: frame 2 says \"$SYNACK\""
    else
        fail "$who: no \"Explain: $SYNACK\" line"
    fi
    if grep -v 'Running as user "root"' "$work/stderr" | grep -q .; then
        fail "$who: tshark wrote to stderr: $(head -c 500 "$work/stderr")"
    fi
}
check_tshark root as_root
check_tshark nobody as_nobody

# The globally installed profile, found by a user who has none of their own.
if as_nobody tshark -C Explain -r "$DEMO" > /dev/null 2> "$work/stderr"; then
    pass "nobody: tshark -C Explain uses the global profile"
else
    fail "nobody: tshark -C Explain failed: $(head -c 500 "$work/stderr")"
fi

# ---------------------------------------------------------------------------
# 4. tcp-explain-annotate as nobody.

if as_nobody tcp-explain-annotate "$DEMO" -o "$work/out" > "$work/annotate.log" 2>&1; then
    copy=$(find "$work/out" -name '*.pcapng' | head -n1)
    if [ -z "$copy" ]; then
        fail "nobody: tcp-explain-annotate wrote no pcapng into $work/out"
    else
        comments=$(as_nobody tshark -r "$copy" -T fields -e frame.comment 2>/dev/null || true)
        n=$(printf '%s\n' "$comments" | grep -c . || true)
        if [ "$n" -eq "$DEMO_PACKETS" ] && printf '%s\n' "$comments" | grep -qF "$SYNACK"; then
            pass "nobody: tcp-explain-annotate wrote ${copy##*/}: frame.comment on all $n packets, frame 2's is the SYN-ACK summary"
        else
            fail "nobody: ${copy##*/} has frame.comment on $n of $DEMO_PACKETS packets (or not the SYN-ACK summary)"
            printf '%s\n' "$comments" | head -n 3 | sed 's/^/    /'
        fi
    fi
else
    fail "nobody: tcp-explain-annotate $DEMO -o $work/out failed: $(head -c 500 "$work/annotate.log")"
fi

# ---------------------------------------------------------------------------
# 5. Remove; nothing may be left.

log "removing $PKG"
if remove_package > "$work/apt-remove.log" 2>&1; then
    pass "apt-get remove -y $PKG"
else
    tail -n 20 "$work/apt-remove.log" >&2
    fail "apt-get remove -y $PKG failed"
fi
log "installed for $(( $(date +%s) - t0 )) s"
if installed; then
    fail "$PKG is still installed: $(dpkg-query -W -f '${db:Status-Abbrev}' "$PKG")"
else
    pass "dpkg no longer knows $PKG as installed"
fi
left=()
for f in "${files[@]}"; do
    [ -e "$f" ] && left+=("$f")
done
if [ ${#left[@]} -eq 0 ]; then
    pass "all ${#files[@]} files of dpkg -L are gone"
else
    fail "left behind: ${left[*]}"
fi
for d in /usr/share/tcp-explain /usr/share/doc/tcp-explain "${plugin:-/nonexistent}"; do
    [ ! -e "$d" ] || fail "$d still exists"
done
if as_root tshark -G plugins 2>/dev/null | grep -q '^explain\.so'; then
    fail "root's tshark still loads explain.so"
else
    pass "root's tshark no longer loads explain.so"
fi

echo
if [ "$failures" -eq 0 ]; then
    echo "$PROG: all checks passed ($name)"
    exit 0
fi
echo "$PROG: $failures check(s) FAILED ($name)"
exit 1
