#!/usr/bin/env bash
# compat-chroot.sh - build tcp-explain and run its tests against another
# Wireshark in a Debian chroot made from this machine's Debian mirror.
#
#   tools/compat-chroot.sh SUITE [--fresh] [--keep] [--jobs N]
#                          [--cache-dir DIR] [--mirror URL] [--source DIR]
#                          [--package DIR | --gui FILE]
#
# SUITE is one of
#   trixie   Debian 13, Wireshark 4.4
#   forky    Debian 14 (testing), Wireshark 4.6; bookworm's debootstrap has
#            no forky script, so the sid one is used, and apt in the root
#            accepts a Release file past its Valid-Until date
#
# The first run creates a root with `debootstrap --variant=minbase SUITE`,
# installs the packages listed in tools/compat/SUITE-packages.txt and keeps
# it as a tarball in the cache directory; later runs unpack that tarball
# (seconds) instead. Each run copies the working tree (tracked and untracked
# files that git does not ignore, as they are on disk) into a fresh copy of
# the root, configures with -DEXPLAIN_WERROR=ON, builds, runs
# `ctest --output-on-failure` there and checks that that suite's tshark
# lists the staged plugin as a dissector. Whatever happens, everything it
# mounted is unmounted and the copy removed.
#
# Packages come from the Debian mirror this machine's apt uses (read from
# /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list).
#
# Options:
#   --fresh           rebuild the cached root even if a valid one exists
#   --keep            keep the unpacked root after the run (for debugging);
#                     mounts are still removed
#   --jobs N          parallel build jobs (default: number of CPUs)
#   --cache-dir DIR   where the root tarballs live
#                     (default ${XDG_CACHE_HOME:-$HOME/.cache}/tcp-explain)
#   --mirror URL      Debian mirror (default: the one apt uses here)
#   --source DIR      project tree to test (default: this script's project)
#   --package DIR     instead of the build and tests: make that suite's .deb
#                     there (tools/package.sh), copy it into DIR, then
#                     install it in the root and check it for root and nobody
#                     (tests/package/install_test.sh)
#   --gui FILE        instead of the build and tests: install the GUI's
#                     packages in this run's copy of the root, run
#                     tools/gui-check.sh there (the real Wireshark under
#                     Xvfb) and copy its screenshot to FILE
# Environment: COMPAT_MAX_AGE_DAYS (default 30; COMPAT_TRIXIE_MAX_AGE_DAYS
# is still read) rebuilds an older root.
#
# Exit status: 0 build and tests passed; 1 tests failed; 2 the build failed;
# (with --package: 0 the .deb built and passed; 1 its checks or the install
# test failed; 2 it could not be built; with --gui: gui-check.sh's status);
# 3 the chroot could not be set up; 64 bad usage.
#
# Needs root (debootstrap, chroot, mount).
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -euo pipefail
umask 022   # the tests read the build tree as an unprivileged user

readonly CACHE_FORMAT=1   # bump to invalidate every cached root

usage() {
    sed -n '2,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

SUITE=${1:-}
case "$SUITE" in
    trixie)
        DISTRO="Debian 13 trixie"
        WS_SERIES=4.4
        BOOTSTRAP_SCRIPT=""          # bookworm's debootstrap knows trixie
        IGNORE_VALID_UNTIL=0         # unless this machine's apt does
        STABLE_POCKETS=1             # -updates and -security, as the host has
        ;;
    forky)
        DISTRO="Debian 14 forky (testing)"
        WS_SERIES=4.6
        BOOTSTRAP_SCRIPT=/usr/share/debootstrap/scripts/forky
        [ -e "$BOOTSTRAP_SCRIPT" ] || BOOTSTRAP_SCRIPT=/usr/share/debootstrap/scripts/sid
        IGNORE_VALID_UNTIL=1         # a testing snapshot outlives its Release
        STABLE_POCKETS=0             # testing: the suite alone
        ;;
    -h|--help) usage; exit 0 ;;
    "") printf 'compat-chroot: which suite? (trixie or forky)\n' >&2; usage >&2; exit 64 ;;
    *) printf 'compat-chroot: unknown suite %s (trixie or forky)\n' "$SUITE" >&2; exit 64 ;;
esac
readonly SUITE DISTRO WS_SERIES BOOTSTRAP_SCRIPT IGNORE_VALID_UNTIL STABLE_POCKETS
shift

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$script_dir/.." && pwd)
cache_dir="${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/tcp-explain"
mirror=""
fresh=0
package_dir=""
gui_out=""
keep=0
jobs=$(nproc 2>/dev/null || echo 2)
max_age_days="${COMPAT_MAX_AGE_DAYS:-${COMPAT_TRIXIE_MAX_AGE_DAYS:-30}}"

log() { printf 'compat-%s: %s\n' "$SUITE" "$*" >&2; }
die() { log "error: $*"; exit 3; }

while [ $# -gt 0 ]; do
    case "$1" in
        --fresh) fresh=1 ;;
        --keep) keep=1 ;;
        --jobs) [ $# -ge 2 ] || { usage >&2; exit 64; }; jobs=$2; shift ;;
        --jobs=*) jobs=${1#*=} ;;
        --cache-dir) [ $# -ge 2 ] || { usage >&2; exit 64; }; cache_dir=$2; shift ;;
        --cache-dir=*) cache_dir=${1#*=} ;;
        --mirror) [ $# -ge 2 ] || { usage >&2; exit 64; }; mirror=$2; shift ;;
        --mirror=*) mirror=${1#*=} ;;
        --source) [ $# -ge 2 ] || { usage >&2; exit 64; }; source_dir=$(cd "$2" && pwd); shift ;;
        --source=*) source_dir=$(cd "${1#*=}" && pwd) ;;
        --package) [ $# -ge 2 ] || { usage >&2; exit 64; }; package_dir=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
        --package=*) package_dir=$(mkdir -p "${1#*=}" && cd "${1#*=}" && pwd) ;;
        --gui) [ $# -ge 2 ] || { usage >&2; exit 64; }; gui_out=$2; shift ;;
        --gui=*) gui_out=${1#*=} ;;
        -h|--help) usage; exit 0 ;;
        *) log "unknown argument: $1"; usage >&2; exit 64 ;;
    esac
    shift
done

[ -z "$package_dir" ] || [ -z "$gui_out" ] || { log "--package and --gui are separate runs"; exit 64; }
if [ -n "$gui_out" ]; then
    mkdir -p "$(dirname "$gui_out")"
    gui_out="$(cd "$(dirname "$gui_out")" && pwd)/$(basename "$gui_out")"
fi
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot and mount need it)"
[ -f "$source_dir/CMakeLists.txt" ] || die "no CMakeLists.txt in $source_dir"

packages_file="$script_dir/compat/$SUITE-packages.txt"
[ -f "$packages_file" ] || die "missing $packages_file"
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$packages_file")

t_start=$(date +%s)
elapsed() { echo $(( $(date +%s) - $1 )); }

# ---------------------------------------------------------------------------
# Mounts and cleanup. Every root this script creates lives under
# $cache_dir/run/ and is registered in live_roots; the EXIT trap unmounts
# whatever is mounted below each of them and deletes them. rm never crosses
# into a mounted file system (--one-file-system), and is skipped if anything
# could not be unmounted.

live_roots=()
keep_roots=()

mounts_below() {
    # Mount points at or below $1, deepest first. /proc/self/mountinfo
    # escapes blanks as \040; our paths are compared in that form.
    local dir
    dir=$(printf '%s' "$1" | sed 's/ /\\040/g')
    awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
        awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2- |
        sed 's/\\040/ /g'
}

unmount_below() {
    local m
    while IFS= read -r m; do
        [ -n "$m" ] || continue
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
            log "warning: could not unmount $m"
    done < <(mounts_below "$1")
}

remove_root() {
    local root=$1
    [ -d "$root" ] || return 0
    unmount_below "$root"
    if [ -n "$(mounts_below "$root")" ]; then
        log "warning: $root still has mounts; not removing it"
        return 0
    fi
    rm -rf --one-file-system -- "$root"
}

# shellcheck disable=SC2317  # reached through the trap
cleanup() {
    local rc=$? root
    trap - EXIT INT TERM HUP
    for root in "${live_roots[@]+"${live_roots[@]}"}"; do
        if [[ " ${keep_roots[*]+"${keep_roots[*]}"} " == *" $root "* ]]; then
            unmount_below "$root"
            log "kept $root (remove it with: rm -rf --one-file-system $root)"
        else
            remove_root "$root"
            [ -d "$root" ] || rm -f "$root.pid" "$root.log"
        fi
    done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

new_root() {
    # Sets $new_root to a fresh directory under $cache_dir/run, removed on
    # exit. Its pid file lets a later run clean up after a run that was
    # killed (SIGKILL skips traps).
    mkdir -p "$cache_dir/run"
    new_root=$(mktemp -d "$cache_dir/run/$1.XXXXXX")
    chmod 755 "$new_root"   # it becomes /, which tshark runs through as nobody
    echo $$ > "$new_root.pid"
    live_roots+=("$new_root")
}

reap_stale_roots() {
    local pidfile root pid
    for pidfile in "$cache_dir"/run/*.pid; do
        [ -e "$pidfile" ] || continue
        root=${pidfile%.pid}
        pid=$(cat "$pidfile" 2>/dev/null || echo)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        log "removing $root left by an earlier run"
        remove_root "$root"
        [ -d "$root" ] || rm -f "$pidfile"
    done
}

mount_fs() {
    # The minimal set for apt, dpkg, cmake, ctest and tshark: /proc, and a
    # private /dev/shm and /dev/pts. The device nodes themselves are plain
    # files in the root (debootstrap makes them); the host's /dev is never
    # bind-mounted, so deleting the root can't touch it.
    local root=$1 node
    mount -t proc proc "$root/proc"
    for node in "null c 1 3" "zero c 1 5" "full c 1 7" "random c 1 8" \
                "urandom c 1 9" "tty c 5 0"; do
        # shellcheck disable=SC2086  # split "name type major minor"
        set -- $node
        if [ ! -c "$root/dev/$1" ]; then
            rm -f "$root/dev/$1"
            mknod -m 666 "$root/dev/$1" "$2" "$3" "$4"
        fi
    done
    mkdir -p "$root/dev/shm" "$root/dev/pts"
    mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts" 2>/dev/null || true
    [ -e "$root/dev/ptmx" ] || ln -s pts/ptmx "$root/dev/ptmx"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

in_root() {
    # Run a shell command in the root with a clean environment.
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
        ${CI:+CI="$CI"} \
        ${http_proxy:+http_proxy="$http_proxy"} \
        ${https_proxy:+https_proxy="$https_proxy"} \
        /bin/bash -c "$*"
}

# ---------------------------------------------------------------------------
# The Debian mirror apt uses here.

# shellcheck disable=SC1091
host_codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")

apt_uri_for_suite() {
    # The first URI that apt here uses for suite $1 (deb822 .sources files,
    # then one-line sources.list files).
    local want=$1 f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v want="$want" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") && uris != "") {
                    split(uris, u, " "); print u[1]; found = 1; exit
                }
                types = ""; suites = ""; uris = ""
            }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            tolower($1) == "types:"  { $1 = ""; types = $0 }
            tolower($1) == "uris:"   { $1 = ""; uris = $0; sub(/^ +/, "", uris) }
            tolower($1) == "suites:" { $1 = ""; suites = $0 }
            END { if (!found) flush() }
        ' "$f" | head -n1 | grep . && return 0
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
            awk -v want="$want" '$1 == "deb" && $3 == want { print $2; exit }' | grep . && return 0
    done
    return 1
}

if [ -z "$mirror" ]; then
    [ -n "$host_codename" ] || die "can't tell this machine's Debian release; pass --mirror URL"
    mirror=$(apt_uri_for_suite "$host_codename") ||
        die "no apt source for '$host_codename' found; pass --mirror URL"
fi
mirror=${mirror%/}
security_mirror=""
updates=0
if [ -n "$host_codename" ] && [ "$STABLE_POCKETS" -eq 1 ]; then
    security_mirror=$(apt_uri_for_suite "$host_codename-security" || true)
    security_mirror=${security_mirror%/}
    if apt_uri_for_suite "$host_codename-updates" >/dev/null; then updates=1; fi
fi

# ---------------------------------------------------------------------------
# The cached root.

mkdir -p "$cache_dir"
cache_tar="$cache_dir/$SUITE-root.tar.zst"
cache_key_file="$cache_dir/$SUITE-root.key"
cache_key=$(printf '%s\n' "format=$CACHE_FORMAT" "suite=$SUITE" "mirror=$mirror" \
                "security=$security_mirror" "updates=$updates" "${packages[@]}" |
            sha256sum | cut -c1-16)

command -v zstd >/dev/null || {
    log "installing zstd"
    apt-get install -y -q zstd >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null && apt-get install -y -q zstd >/dev/null; } ||
        die "could not install zstd"
}

cache_valid() {
    [ "$fresh" -eq 0 ] && [ -s "$cache_tar" ] && [ -f "$cache_key_file" ] &&
        [ "$(cat "$cache_key_file")" = "$cache_key" ] &&
        [ -z "$(find "$cache_tar" -mtime +"$max_age_days" 2>/dev/null)" ]
}

build_cache() {
    local root t0
    if ! command -v debootstrap >/dev/null; then
        log "installing debootstrap"
        { apt-get update -q && apt-get install -y -q debootstrap; } >/dev/null ||
            die "could not install debootstrap"
    fi

    new_root bootstrap
    root=$new_root
    t0=$(date +%s)
    log "debootstrap --variant=minbase $SUITE from $mirror${BOOTSTRAP_SCRIPT:+ (script ${BOOTSTRAP_SCRIPT##*/})}"
    debootstrap --variant=minbase "$SUITE" "$root" "$mirror" ${BOOTSTRAP_SCRIPT:+"$BOOTSTRAP_SCRIPT"} \
        > "$root.log" 2>&1 || {
        tail -n 30 "$root.log" >&2
        die "debootstrap failed (log above)"
    }
    log "debootstrap took $(elapsed "$t0") s"

    # apt in the root: the same mirror, no recommends, no documentation.
    {
        echo "deb $mirror $SUITE main"
        [ "$updates" -eq 0 ] || echo "deb $mirror $SUITE-updates main"
        [ -z "$security_mirror" ] || echo "deb $security_mirror $SUITE-security main"
    } > "$root/etc/apt/sources.list"
    cat > "$root/etc/apt/apt.conf.d/90tcp-explain" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Dpkg::Use-Pty "false";
EOF
    # Mirror this machine's apt if it accepts Release files past Valid-Until
    # (as it does for a snapshot mirror).
    if [ "$IGNORE_VALID_UNTIL" -eq 1 ] ||
       apt-config dump 2>/dev/null | grep -q '^Acquire::Check-Valid-Until "false"'; then
        echo 'Acquire::Check-Valid-Until "false";' >> "$root/etc/apt/apt.conf.d/90tcp-explain"
    fi
    cat > "$root/etc/dpkg/dpkg.cfg.d/90tcp-explain" <<'EOF'
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"

    mount_fs "$root"
    t0=$(date +%s)
    log "installing ${packages[*]}"
    in_root "$root" "
        set -e
        echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
        apt-get update -q
        apt-get install -y -q ${packages[*]}
        apt-get clean
        rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/log/apt/* /tmp/* /root/.cache
    " > "$root.log" 2>&1 || {
        tail -n 30 "$root.log" >&2
        die "installing packages in the root failed (log above)"
    }
    log "package installation took $(elapsed "$t0") s"
    unmount_below "$root"
    rm -f "$root/etc/resolv.conf"

    t0=$(date +%s)
    tar -C "$root" --numeric-owner -cf - . | zstd -q -T0 -3 -o "$cache_tar.tmp" -f
    mv -f "$cache_tar.tmp" "$cache_tar"
    echo "$cache_key" > "$cache_key_file"
    log "cached root in $cache_tar ($(du -h "$cache_tar" | cut -f1), $(elapsed "$t0") s to pack)"
    remove_root "$root"
    rm -f "$root.pid" "$root.log"
}

reap_stale_roots
exec 9> "$cache_dir/$SUITE-root.lock"
flock 9
if cache_valid; then
    log "using cached root $cache_tar"
else
    t_cache=$(date +%s)
    build_cache
    log "created the $SUITE root in $(elapsed "$t_cache") s"
fi

# ---------------------------------------------------------------------------
# This run's root, with the working tree copied in.

new_root build
root=$new_root
[ "$keep" -eq 0 ] || keep_roots+=("$root")
t0=$(date +%s)
zstd -q -dc "$cache_tar" | tar -C "$root" --numeric-owner -xpf -
chmod 755 "$root"   # tar gives "." the mode it was packed with
flock -u 9
exec 9>&-
log "unpacked root in $(elapsed "$t0") s"
mount_fs "$root"

mkdir -p "$root/src"
if git -C "$source_dir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and untracked files that git does not ignore, as they are on
    # disk now (deleted files skipped), minus in-tree build directories.
    (cd "$source_dir" &&
        git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do
            case "$f" in
                build/*|build-*/*|_build/*|cmake-build-*/*|*/CMakeFiles/*|CMakeCache.txt|*/CMakeCache.txt) continue ;;
            esac
            [ -f "$f" ] || [ -L "$f" ] || continue
            printf '%s\0' "$f"
        done |
        tar --null --no-recursion -T - -cf -) | tar -C "$root/src" -xf -
else
    tar -C "$source_dir" --exclude=.git --exclude='./build*' --exclude='./_build' \
        --exclude='./cmake-build-*' -cf - . | tar -C "$root/src" -xf -
fi
log "copied $(find "$root/src" -type f | wc -l) files from $source_dir"

ws_version=$(in_root "$root" "dpkg-query -W -f '\${Version}' wireshark-dev" 2>/dev/null || echo unknown)
log "building against wireshark-dev $ws_version ($SUITE)"

# ---------------------------------------------------------------------------
# --package: the .deb instead of the build and tests.

if [ -n "$package_dir" ]; then
    t0=$(date +%s)
    pkg_rc=0
    deb=$(in_root "$root" "cd /src && tools/package.sh --no-deps --build-dir /build-pkg") || pkg_rc=$?
    deb=$(printf '%s\n' "$deb" | tail -n1)
    install_rc=0
    if [ -n "$deb" ] && [ -f "$root$deb" ]; then
        cp "$root$deb" "$package_dir/"
        log "packaged in $(elapsed "$t0") s: $package_dir/${deb##*/}"
        in_root "$root" "/src/tests/package/install_test.sh '$deb'" || install_rc=$?
    else
        [ "$pkg_rc" -ne 0 ] || pkg_rc=2
    fi
    rc=0
    if [ "$pkg_rc" -eq 2 ] || [ -z "$deb" ] || [ ! -f "$package_dir/${deb##*/}" ]; then rc=2
    elif [ "$pkg_rc" -ne 0 ] || [ "$install_rc" -ne 0 ]; then rc=1
    fi
    echo
    echo "compat-$SUITE: Wireshark $ws_version ($DISTRO)"
    if [ "$rc" -eq 2 ]; then
        echo "compat-$SUITE: package FAILED (tools/package.sh exit $pkg_rc)"
    else
        echo "compat-$SUITE: package $package_dir/${deb##*/}$([ "$pkg_rc" -eq 0 ] || echo " (its checks FAILED)")"
        echo "compat-$SUITE: installed and checked in the root: $([ "$install_rc" -eq 0 ] && echo ok || echo "FAILED (exit $install_rc)")"
    fi
    echo "compat-$SUITE: $([ "$rc" -eq 0 ] && echo PASSED || echo FAILED) in $(elapsed "$t_start") s"
    exit "$rc"
fi

# ---------------------------------------------------------------------------
# --gui: the real Wireshark of this suite under Xvfb (tools/gui-check.sh),
# in this run's copy of the root only (the GUI's packages are installed
# there by gui-check.sh, never into the cached root).

if [ -n "$gui_out" ]; then
    t0=$(date +%s)
    gui_rc=0
    in_root "$root" "
        set -e
        cmake -S /src -B /build -DEXPLAIN_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
        cmake --build /build -j $jobs >/dev/null
        rm -f /tmp/gui.png
        /src/tools/gui-check.sh --build-dir /build --out /tmp/gui.png
    " || gui_rc=$?
    if [ "$gui_rc" -eq 0 ] && [ -s "$root/tmp/gui.png" ]; then
        cp "$root/tmp/gui.png" "$gui_out"
    fi
    echo
    echo "compat-$SUITE: Wireshark $ws_version ($DISTRO)"
    echo "compat-$SUITE: gui-check $([ "$gui_rc" -eq 0 ] && echo "passed; screenshot $gui_out" || echo "FAILED (exit $gui_rc)") in $(elapsed "$t0") s"
    exit "$gui_rc"
fi

# ---------------------------------------------------------------------------
# Build, test, check the plugin loads.

t0=$(date +%s)
build_rc=0
in_root "$root" "
    set -e
    cmake -S /src -B /build -DEXPLAIN_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cmake --build /build -j $jobs
" || build_rc=$?
t_build=$(elapsed "$t0")

test_rc=0
plugin_rc=0
t_test=0
summary=""
if [ "$build_rc" -ne 0 ]; then
    log "the build FAILED (exit $build_rc) after $t_build s"
else
    log "built in $t_build s"
    t0=$(date +%s)
    set +e
    in_root "$root" "ctest --test-dir /build --output-on-failure" 2>&1 | tee "$root.ctest.log"
    test_rc=${PIPESTATUS[0]}
    set -e
    t_test=$(elapsed "$t0")
    summary=$(grep -E 'tests passed|tests failed|No tests were found' "$root.ctest.log" | tail -n1 || true)
    rm -f "$root.ctest.log"

    # tshark $WS_SERIES, unprivileged, must list the staged plugin as a dissector.
    # shellcheck disable=SC2016  # expanded in the root, not here
    plugins=$(in_root "$root" '
        dir=$(sed -n "s/^EXPLAIN_STAGE_PLUGIN_DIR:[A-Z]*=//p" /build/CMakeCache.txt)
        dir=${dir:-/build/stage/plugins}
        cd /tmp && setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env HOME=/tmp WIRESHARK_PLUGIN_DIR="$dir" tshark -G plugins' 2>&1 || true)
    if printf '%s\n' "$plugins" | grep -qE '^explain\.so[[:space:]].*dissector'; then
        log "tshark -G plugins: $(printf '%s\n' "$plugins" | grep -E '^explain\.so' | tr '\t' ' ')"
    else
        plugin_rc=1
        log "tshark -G plugins does not list explain.so as a dissector:"
        printf '%s\n' "$plugins" | grep -iE 'explain|warn|error|fail' >&2 || true
    fi
fi

# ---------------------------------------------------------------------------

rc=0
if [ "$build_rc" -ne 0 ]; then rc=2
elif [ "$test_rc" -ne 0 ] || [ "$plugin_rc" -ne 0 ]; then rc=1
fi
echo
echo "compat-$SUITE: Wireshark $ws_version ($DISTRO)"
echo "compat-$SUITE: build $([ "$build_rc" -eq 0 ] && echo ok || echo FAILED) (${t_build} s)"
if [ "$build_rc" -eq 0 ]; then
    echo "compat-$SUITE: ctest: ${summary:-no summary} (${t_test} s)"
    echo "compat-$SUITE: plugin listed by tshark -G plugins as a dissector: $([ "$plugin_rc" -eq 0 ] && echo yes || echo NO)"
fi
echo "compat-$SUITE: $([ "$rc" -eq 0 ] && echo PASSED || echo FAILED) in $(elapsed "$t_start") s"
# ctest's own closing line last, for whatever reads a test run's last line.
[ -z "$summary" ] || printf '%s\n' "$summary"
exit "$rc"
