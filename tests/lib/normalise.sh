# normalise.sh - sourced by the test scripts that compare tshark's output
# with golden files: Wireshark's own formatting, in the one form every
# supported version (4.0, 4.4, 4.6) is compared in. Only Wireshark's lines
# and values are touched, never a text of ours.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# normalise_tree FILE: a -O tree. 4.6 names the record type in the frame's
# line ("Frame 1: Packet, 66 bytes on wire ..."), 4.0 and 4.4 do not; a
# label too long for Wireshark is cut where each version cuts it, behind
# "[truncated]" (4.0, 4.4) or "[…]" (4.6): kept as "[truncated]" alone;
# Wireshark's own top-level notes on reassembly ("[2 Reassembled TCP
# Segments ...]", "[Reassembly error, ...]"), which differ between
# versions, are dropped (ours are all inside the Explain tree).
normalise_tree() {
    sed -E -e '/^\[/d' \
        -e 's/^(Frame [0-9]+: )Packet, /\1/' \
        -e 's/^([[:space:]]*)\[ ?(\[truncated\]|\[…\]).*$/\1[[truncated]]/' \
        "$1" >"$1.norm" && mv "$1.norm" "$1"
}

# normalise_fields FILE: -T fields output. Wireshark 4.0 prints a boolean
# as 1 or 0, later versions as True or False: kept as 1 and 0.
normalise_fields() {
    awk -F'\t' 'BEGIN { OFS = "\t" }
        { for (i = 1; i <= NF; i++) { if ($i == "True") $i = 1; else if ($i == "False") $i = 0 } print }' \
        "$1" >"$1.norm" && mv "$1.norm" "$1"
}
