#!/usr/bin/env bash
# package.sh - build the tcp-explain .deb for a Wireshark version and print
# its path.
#
#   tools/package.sh [--build-dir DIR] [--no-deps] [--no-check]
#   tools/package.sh --suite SUITE [--out DIR] [compat-chroot.sh options]
#
# Without --suite: the package for the Wireshark installed here (Debian 12:
# Wireshark 4.0), built in build-pkg/ (or --build-dir DIR):
#   cmake -S . -B build-pkg -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
#   cmake --build build-pkg
#   (cd build-pkg && cpack -G DEB)
# then checked with tests/package/check_deb.sh (file name, Depends,
# contents). Makes e.g. build-pkg/tcp-explain_0.1.0_wireshark4.0_amd64.deb.
#
# With --suite SUITE (as root): the package for that Debian suite's
# Wireshark, built in a chroot by `tools/compat-chroot.sh SUITE --package
# DIR`, which also installs it there and runs tests/package/install_test.sh
# on it; the .deb is copied to build-pkg-SUITE/ (or --out DIR). SUITE:
#   trixie   Debian 13, Wireshark 4.4 (also: --trixie)
#   forky    Debian 14, Wireshark 4.6 (also: --forky)
# Other options (--fresh, --keep, --jobs N, --cache-dir DIR, --mirror URL)
# go to compat-chroot.sh.
#
# Options:
#   --build-dir DIR   build folder (default: build-pkg/ in the project)
#   --no-deps         don't run tools/install-deps.sh first
#   --no-check        don't run tests/package/check_deb.sh on the result
#
# Progress goes to stderr; stdout gets only the path of the .deb, so
#   deb=$(tools/package.sh)
# works. Exit status: 0 built (and checked); 1 the check failed; 2 the
# build or cpack failed; 3 (--suite) the chroot could not be set up;
# 64 bad usage.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=""
out=""
suite=""
deps=1
check=1
compat_args=()

usage() { sed -n '2,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
log() { printf 'package.sh: %s\n' "$*" >&2; }
need_arg() { [ "$1" -ge 2 ] || { usage >&2; exit 64; }; }

while [ $# -gt 0 ]; do
    case "$1" in
        --trixie|--forky) suite=${1#--} ;;
        --suite) need_arg $#; suite=$2; shift ;;
        --suite=*) suite=${1#*=} ;;
        --build-dir) need_arg $#; build=$2; shift ;;
        --build-dir=*) build=${1#*=} ;;
        --out) need_arg $#; out=$2; shift ;;
        --out=*) out=${1#*=} ;;
        --no-deps) deps=0 ;;
        --no-check) check=0 ;;
        --fresh|--keep) compat_args+=("$1") ;;
        --jobs|--cache-dir|--mirror) need_arg $#; compat_args+=("$1" "$2"); shift ;;
        --jobs=*|--cache-dir=*|--mirror=*) compat_args+=("$1") ;;
        -h|--help) usage; exit 0 ;;
        *) log "unknown argument: $1"; usage >&2; exit 64 ;;
    esac
    shift
done

# ---------------------------------------------------------------------------
# Another Debian suite's Wireshark, in its chroot.

if [ -n "$suite" ]; then
    [ -z "$build" ] || { log "--build-dir is for the native build; --suite takes --out DIR"; exit 64; }
    out=${out:-$root/build-pkg-$suite}
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    rm -f "$out"/tcp-explain_*.deb
    rc=0
    "$root/tools/compat-chroot.sh" "$suite" --source "$root" --package "$out" \
        "${compat_args[@]+"${compat_args[@]}"}" >&2 || rc=$?
    debs=("$out"/tcp-explain_*.deb)
    if [ ! -f "${debs[0]}" ]; then
        log "no .deb in $out (compat-chroot.sh $suite exit $rc)"
        exit $(( rc == 0 ? 2 : rc ))
    fi
    printf '%s\n' "${debs[0]}"
    exit "$rc"
fi

[ ${#compat_args[@]} -eq 0 ] || { log "${compat_args[0]} is a --suite option"; exit 64; }
[ -z "$out" ] || { log "--out is a --suite option"; exit 64; }

# ---------------------------------------------------------------------------
# The Wireshark installed here.

build=${build:-$root/build-pkg}
[ "$deps" -eq 0 ] || "$root/tools/install-deps.sh" >&2

{
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
        -DEXPLAIN_WERROR=ON -DEXPLAIN_USER_INSTALL=OFF &&
    cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"
} >&2 || { log "the build failed"; exit 2; }

build=$(cd "$build" && pwd)
rm -f "$build"/tcp-explain_*.deb
(cd "$build" && cpack -G DEB) >&2 || { log "cpack failed"; exit 2; }
debs=("$build"/tcp-explain_*.deb)
if [ ! -f "${debs[0]}" ] || [ ${#debs[@]} -ne 1 ]; then
    log "cpack made no single tcp-explain_*.deb in $build"
    exit 2
fi
deb=${debs[0]}

if [ "$check" -eq 1 ]; then
    version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
    "$root/tests/package/check_deb.sh" ${version:+--version "$version"} "$deb" >&2 ||
        { log "$deb FAILED its checks (above)"; printf '%s\n' "$deb"; exit 1; }
fi
log "built $deb"
printf '%s\n' "$deb"
