#!/bin/sh
# plugin-copies.sh - says which copy of explain.so Wireshark loads when
# there is one in the global plugin folder (root's install: the package,
# `sudo tools/demo.sh`) and one in your personal plugin folder (a user's
# `tools/demo.sh` or `cmake --install` with -DEXPLAIN_USER_INSTALL=ON),
# and how to remove the other.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tools/plugin-copies.sh [TSHARK]
# The folders are the ones TSHARK (default: tshark from PATH) reports with
# `tshark -G folders`; which copy it loads is what `tshark -G plugins`
# shows. Wireshark 4.0 scans the global folder first and skips a plugin
# of the same name found later in the personal folder, so the global copy
# wins (docs/install.md, "One copy of the plugin").
# Exit status: 0 at most one copy; 1 two copies (explained on stdout);
# 2 tshark could not be asked.

set -eu

PROG=plugin-copies.sh
case ${1:-} in
    -h|--help)
        sed -n '2,18s/^# \{0,1\}//p' "$0"
        exit 0 ;;
esac
TSHARK=${1:-tshark}

folders=$("$TSHARK" -G folders 2>/dev/null) || {
    printf '%s: cannot run "%s -G folders"\n' "$PROG" "$TSHARK" >&2
    exit 2
}
global=$(printf '%s\n' "$folders" | sed -n 's/^Global Plugins:[[:space:]]*//p' | head -n 1)
personal=$(printf '%s\n' "$folders" | sed -n 's/^Personal Plugins:[[:space:]]*//p' | head -n 1)
if [ -z "$global" ] || [ -z "$personal" ]; then
    printf '%s: "%s -G folders" names no plugin folders\n' "$PROG" "$TSHARK" >&2
    exit 2
fi
g=$global/epan/explain.so
p=$personal/epan/explain.so
if [ ! -e "$g" ] || [ ! -e "$p" ]; then
    exit 0
fi
# One folder reached by two names (a link) holds one copy.
if [ "$(cd "$global/epan" && pwd -P)" = "$(cd "$personal/epan" && pwd -P)" ]; then
    exit 0
fi

loaded=$("$TSHARK" -G plugins 2>/dev/null |
         awk -F '\t' '{ name = $1; sub(/[ ]+$/, "", name) } name == "explain.so" { print $4; exit }')

same=
cmp -s "$g" "$p" && same=" (the two files are identical)"
echo "$PROG: there are two copies of explain.so$same:"
echo "  global:   $g (for every user; root's install)"
echo "  personal: $p (yours)"
how_global="sudo rm '$g'"
if command -v dpkg >/dev/null 2>&1 && pkg=$(dpkg -S "$g" 2>/dev/null); then
    how_global="sudo apt remove ${pkg%%:*}   (it came from that package)"
fi
case $loaded in
    "$g")
        echo "Wireshark loads the GLOBAL copy; your personal copy is ignored (and tshark"
        echo "warns \"The plugin 'explain.so' was found in multiple directories\")."
        echo "To use your own build, remove the global copy:  $how_global"
        echo "To keep the global copy, remove yours:          rm '$p'" ;;
    "$p")
        echo "Wireshark loads your PERSONAL copy; the global one is ignored."
        echo "To use the global copy, remove yours:           rm '$p'"
        echo "To keep yours, remove the global copy:          $how_global" ;;
    *)
        echo "Wireshark loads neither copy (see \"$TSHARK -G plugins\": a plugin built"
        echo "for another Wireshark version does not load). Keep one:"
        echo "  rm '$p'    or    $how_global" ;;
esac
exit 1
