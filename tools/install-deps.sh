#!/usr/bin/env bash
# install-deps.sh - installs what tcp-explain needs to build, test and run
# its demo on Debian 12 (bookworm): Wireshark 4.0's development files and
# tshark, GLib, CMake and a C compiler.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tools/install-deps.sh [--always | --print | --help]
#   (no option)  install only when a package is missing (uses sudo when
#                not root); does nothing when everything is there
#   --always     apt-get update and install even when all are present
#   --print      print the package list, one per line, and exit
# tools/test.sh and tools/demo.sh run it first.

set -euo pipefail

PACKAGES=(
    wireshark-dev       # WiresharkConfig.cmake
    libwireshark-dev    # epan headers and libwireshark.so
    tshark              # the integration tests and the demo
    libglib2.0-dev
    cmake
    make
    gcc
    pkg-config
    python3             # the claims oracle and the ladder tests (tests/oracle, tests/annotate)
    ca-certificates
)

usage() {
    cat <<'USAGE'
usage: tools/install-deps.sh [--always | --print | --help]
  (no option)  install the packages when one is missing (with sudo when
               not root); do nothing when all are installed
  --always     apt-get update and install even when all are installed
  --print      print the package list, one per line, and exit
USAGE
}

always=0
case ${1:-} in
    "") ;;
    --always) always=1 ;;
    --print)
        printf '%s\n' "${PACKAGES[@]}"
        exit 0 ;;
    -h|--help)
        usage
        exit 0 ;;
    *)
        echo "install-deps.sh: unknown argument '$1' (use --always, --print or --help)" >&2
        exit 2 ;;
esac
if [[ $# -gt 1 ]]; then
    echo "install-deps.sh: takes at most one argument (see --help)" >&2
    exit 2
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps.sh: no apt-get here; install by hand the equivalents of:" >&2
    echo "    ${PACKAGES[*]}" >&2
    echo "install-deps.sh: going on; the build says what is missing" >&2
    exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ $status != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done
if [[ $always -eq 0 && ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps.sh: missing packages: ${missing[*]}" >&2
        echo "install-deps.sh: not root and no sudo; as root, run: tools/install-deps.sh" >&2
        exit 1
    fi
    sudo=(sudo)
fi

echo "install-deps.sh: installing ${PACKAGES[*]}"
# wireshark-common asks whether non-root users may capture; answer "no"
# beforehand so the install never waits for input.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    "${sudo[@]}" debconf-set-selections
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${PACKAGES[@]}"
