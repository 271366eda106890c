#!/usr/bin/env bash
# check_deb.sh - checks a tcp-explain .deb against the Wireshark on this
# machine, with dpkg-deb -I / -c only (nothing is installed).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tests/package/check_deb.sh [--tshark PATH] [--version V] DEB
#        tests/package/check_deb.sh [--tshark PATH] [--version V] --build-dir BUILD OUTDIR
#   DEB                 the package to check
#   --build-dir BUILD   first make the package: cpack -G DEB with BUILD's
#                       CPackConfig.cmake, into OUTDIR (emptied of old .debs)
#   --version V         the package version to expect (default: any)
#   --tshark PATH       the tshark whose Wireshark the package must match
#
# Expected, from what tshark here says (tshark -G folders, ldd, dpkg -S):
#   file name      tcp-explain_<V>_wireshark<M.m>_<arch>.deb
#   control        Package tcp-explain, Architecture <arch>, Section net,
#                  Depends: <libwireshark pkg> (>= M.m.0), <same> (<< M.m+1~),
#                  libwiretap, GLib, tshark (>= M.m.0), tshark (<< M.m+1~)
#   contents       <Global Plugins>/epan/explain.so (the folder root's tshark
#                  loads), /usr/bin/tcp-explain-annotate (executable),
#                  /usr/share/tcp-explain/demo.pcapng, the Explain profile in
#                  /usr/share/tcp-explain/profiles/ and in <Global
#                  configuration>/profiles/, docs in /usr/share/doc/tcp-explain/,
#                  nothing outside /usr, nothing under /usr/local or a home
# Prints one PASS/FAIL line per check. Exit status: 0 all passed, 1 a check
# failed, 2 bad usage or the package could not be made.

set -euo pipefail

PROG=check_deb.sh
tshark=tshark
version=""
build_dir=""

usage() { sed -n '7,14s/^# \{0,1\}//p' "$0"; }
die() { echo "$PROG: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --tshark) [ $# -ge 2 ] || die "--tshark needs a path"; tshark=$2; shift ;;
        --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift ;;
        --build-dir) [ $# -ge 2 ] || die "--build-dir needs a folder"; build_dir=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option $1" ;;
        *) break ;;
    esac
    shift
done
[ $# -eq 1 ] || { usage >&2; exit 2; }

for tool in dpkg-deb dpkg-query dpkg; do
    command -v "$tool" >/dev/null || die "needs $tool"
done
command -v "$tshark" >/dev/null || die "no tshark ($tshark)"

if [ -n "$build_dir" ]; then
    out=$1
    [ -f "$build_dir/CPackConfig.cmake" ] || die "no CPackConfig.cmake in $build_dir"
    command -v cpack >/dev/null || die "needs cpack"
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    rm -f "$out"/tcp-explain_*.deb
    echo "$PROG: cpack -G DEB --config $build_dir/CPackConfig.cmake -B $out"
    (cd "$build_dir" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$out") ||
        die "cpack failed"
    debs=("$out"/tcp-explain_*.deb)
    if [ ! -f "${debs[0]}" ] || [ ${#debs[@]} -ne 1 ]; then
        die "cpack made no single tcp-explain_*.deb in $out"
    fi
    deb=${debs[0]}
else
    deb=$1
fi
[ -f "$deb" ] || die "no such file: $deb"

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# ---------------------------------------------------------------------------
# What this machine's Wireshark says.

folders=$(env -u WIRESHARK_PLUGIN_DIR -u WIRESHARK_CONFIG_DIR "$tshark" -G folders 2>/dev/null) ||
    die "tshark -G folders failed"
folder() { printf '%s\n' "$folders" | sed -n "s/^$1:[[:space:]]*//p" | head -n1; }
global_plugins=$(folder 'Global Plugins')
global_config=$(folder 'Global configuration')
if [ -z "$global_plugins" ] || [ -z "$global_config" ]; then
    die "tshark -G folders names no global plugin or configuration folder"
fi
ws_mm=${global_plugins##*/}             # ".../plugins/4.0" -> "4.0"
[[ $ws_mm =~ ^([0-9]+)\.([0-9]+)$ ]] || die "can't read major.minor from $global_plugins"
ws_next="${BASH_REMATCH[1]}.$((BASH_REMATCH[2] + 1))~"
arch=$(dpkg --print-architecture)

owner() {
    # The package that installed library $1 (path as ldd prints it).
    local real
    real=$(readlink -f "$1")
    dpkg-query -S "$real" 2>/dev/null | head -n1 | sed 's/[:,].*//'
}
tshark_path=$(command -v "$tshark")
libs=$(ldd "$tshark_path" 2>/dev/null || true)
lib_path() { printf '%s\n' "$libs" | awk -v l="$1" '$1 ~ "^" l "\\.so" { print $3; exit }'; }
pkg_wireshark=$(owner "$(lib_path libwireshark)")
pkg_wiretap=$(owner "$(lib_path libwiretap)")
pkg_glib=$(owner "$(lib_path libglib-2.0)")
[ -n "$pkg_wireshark" ] || die "can't tell which package provides tshark's libwireshark"
echo "$PROG: $deb"
echo "$PROG: Wireshark $ws_mm here: $pkg_wireshark, $pkg_wiretap, $pkg_glib; global plugins $global_plugins"

# ---------------------------------------------------------------------------
# File name and control fields.

name=${deb##*/}
if [[ $name == tcp-explain_${version:-*}_wireshark${ws_mm}_${arch}.deb ]]; then
    pass "file name $name"
else
    fail "file name $name is not tcp-explain_${version:-<version>}_wireshark${ws_mm}_${arch}.deb"
fi

field() { dpkg-deb -f "$deb" "$1"; }
expect_field() {
    local got
    got=$(field "$1")
    if [ "$got" = "$2" ]; then pass "$1: $got"; else fail "$1: '$got', expected '$2'"; fi
}
expect_field Package tcp-explain
expect_field Architecture "$arch"
expect_field Section net
[ -z "$version" ] || expect_field Version "$version"
for f in Maintainer Description; do
    if [ -n "$(field "$f")" ]; then pass "$f: $(field "$f" | head -n1)"; else fail "no $f"; fi
done

depends=$(field Depends)
echo "$PROG: Depends: $depends"
# One entry of the comma-separated list, exactly.
has_dep() { printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -qxF "$1"; }
dep_named() { printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//' | grep -qE "^$1( |$)"; }
for dep in "$pkg_wireshark (>= $ws_mm.0)" "$pkg_wireshark (<< $ws_next)" \
           "tshark (>= $ws_mm.0)" "tshark (<< $ws_next)"; do
    if has_dep "$dep"; then pass "Depends has $dep"; else fail "Depends lacks $dep"; fi
done
for pkg in "$pkg_wiretap" "$pkg_glib"; do
    [ -n "$pkg" ] || { fail "can't tell which package provides tshark's libwiretap / GLib"; continue; }
    if dep_named "$pkg"; then pass "Depends names $pkg"; else fail "Depends lacks $pkg"; fi
done

# ---------------------------------------------------------------------------
# Contents.

contents=$(dpkg-deb -c "$deb")
# "./usr/bin/x" -> "/usr/bin/x", with the mode: "-rwxr-xr-x /usr/bin/x"
entries=$(printf '%s\n' "$contents" | awk '{ p = $6; sub(/^\./, "", p); sub(/\/$/, "", p); if (p != "") print $1, p }')
has_file() {
    # has_file PATH [executable]
    local mode
    mode=$(printf '%s\n' "$entries" | awk -v p="$1" '$2 == p { print $1; exit }')
    if [ -z "$mode" ]; then fail "no $1"; return; fi
    case "$mode" in -*) ;; *) fail "$1 is not a regular file ($mode)"; return ;; esac
    if [ "${2:-}" = executable ] && [[ $mode != -rwxr-xr-x ]]; then
        fail "$1 is not executable ($mode)"; return
    fi
    pass "$1 ($mode)"
}
has_file "$global_plugins/epan/explain.so"
has_file /usr/bin/tcp-explain-annotate executable
has_file /usr/share/tcp-explain/demo.pcapng
for f in preferences colorfilters dfilter_buttons recent; do
    has_file "/usr/share/tcp-explain/profiles/Explain/$f"
    has_file "$global_config/profiles/Explain/$f"
done
for f in README.md COPYING copyright annotations/README.md docs/install.md docs/gui.png; do
    has_file "/usr/share/doc/tcp-explain/$f"
done

stray=$(printf '%s\n' "$entries" | awk '{ print $2 }' |
        grep -E -v '^/usr(/|$)' || true)
stray="$stray$(printf '%s\n' "$entries" | awk '{ print $2 }' |
        grep -E '^/usr/local(/|$)|^/home(/|$)|^/root(/|$)|/\.local/|/\.config/' || true)"
if [ -z "$stray" ]; then
    pass "every file is under /usr (none in /usr/local or a home folder)"
else
    fail "files outside the package's folders:"
    printf '%s\n' "$stray" | sed 's/^/    /'
fi
n_so=$(printf '%s\n' "$entries" | awk '$2 ~ /\.so$/' | wc -l)
if [ "$n_so" -eq 1 ]; then pass "one plugin .so"; else fail "$n_so .so files"; fi

echo
if [ "$failures" -eq 0 ]; then
    echo "$PROG: all checks passed: $name"
    exit 0
fi
echo "$PROG: $failures check(s) FAILED: $name"
exit 1
