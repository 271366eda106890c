#!/usr/bin/env bash
# demo.sh - build and install tcp-explain, then let tshark explain the demo
# capture (the 9-packet netcat session of the seed note) packet by packet.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tools/demo.sh
# Installs missing packages first (tools/install-deps.sh), builds into
# build/ (or $EXPLAIN_BUILD_DIR) and installs:
#   as root:   the plugin into Wireshark's global plugin folder, the demo
#              capture into /usr/local/share/tcp-explain/
#   as a user: the plugin into ~/.local/lib/wireshark/plugins/4.0/epan/,
#              the demo capture into ~/.local/share/tcp-explain/; when a
#              global copy exists too, says which one Wireshark loads
#              (the global one) and how to remove the other
# then runs: tshark -r <installed demo.pcapng> -O explain

set -euo pipefail

case ${1:-} in
    "") ;;
    -h|--help)
        sed -n '7,17s/^# \{0,1\}//p' "$0"
        exit 0 ;;
    *)
        echo "demo.sh: takes no arguments (see --help)" >&2
        exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EXPLAIN_BUILD_DIR:-$root/build}

"$root/tools/install-deps.sh"

if [[ $(id -u) -eq 0 ]]; then
    user_install=OFF
    prefix=/usr/local
else
    user_install=ON
    prefix=$HOME/.local
fi

cmake -S "$root" -B "$build" -DEXPLAIN_USER_INSTALL="$user_install"
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"
cmake --install "$build" --prefix "$prefix"

# A user's personal copy is ignored when root installed one globally
# (the global folder is scanned first): say so, and how to remove one.
if [[ $user_install == ON ]]; then
    "$root/tools/plugin-copies.sh" tshark || true
fi

demo=$prefix/share/tcp-explain/demo.pcapng
if [[ ! -f $demo ]]; then
    echo "demo.sh: the install did not put demo.pcapng at $demo" >&2
    exit 1
fi
echo
echo "demo.sh: tshark -r $demo -O explain"
echo
exec tshark -r "$demo" -O explain
