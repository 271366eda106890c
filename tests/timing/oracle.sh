#!/bin/sh
# oracle.sh - explain's time and flow numbers against Wireshark's own, on
# every capture under a folder (default ../shared/captures, i.e.
# /work/shared/captures; skipped, exit 77, when absent).
#
# On every TCP packet where Wireshark has a value:
#   explain.rtt        = tcp.analysis.ack_rtt (within 1 microsecond: the
#                        engine keeps send times in microseconds)
#   explain.acks.last  = tcp.analysis.acks_frame
#   explain.in_flight  = tcp.analysis.bytes_in_flight
# A packet where explain has no value is a gap (counted, with a reason
# when one is known); a packet where both have values that differ is a
# disagreement. Prints a table per capture and the totals; exits 1 on
# any disagreement not explained by a known reason listed below.
#
# usage: oracle.sh --plugins DIR [--captures DIR] [--tshark PATH]
#
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086
set -eu
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
PROG=oracle.sh
CAPTURES="$SCRIPT_DIR/../../../shared/captures"
PLUGINS=""
TSHARK=tshark
while [ $# -gt 0 ]; do
    case "$1" in
    --plugins) PLUGINS=$2; shift 2 ;;
    --captures) CAPTURES=$2; shift 2 ;;
    --tshark) TSHARK=$2; shift 2 ;;
    *) echo "$PROG: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ ! -d "$CAPTURES" ]; then
    echo "$PROG: no captures at $CAPTURES: skipped"
    exit 77
fi
[ -n "$PLUGINS" ] || { echo "$PROG: --plugins is required" >&2; exit 2; }
# shellcheck source-path=SCRIPTDIR/../lib source=unprivileged.sh
. "$SCRIPT_DIR/../lib/unprivileged.sh"
KEEP=0
init_user
make_work timing-oracle
trap_cleanup
mkdir "$WORK/in" "$WORK/home"
user_owns "$WORK/home"
stage_plugins

FIELDS="-e frame.number -e tcp.analysis.ack_rtt -e explain.rtt -e tcp.analysis.acks_frame
        -e explain.acks.last -e tcp.analysis.bytes_in_flight -e explain.in_flight -e explain.retrans.kind
        -e tcp.stream -e tcp.analysis.lost_segment -e tcp.analysis.ack_lost_segment
        -e tcp.analysis.retransmission -e tcp.analysis.out_of_order"
total_bad=0
printf '%-48s %7s %7s %7s %7s %7s %7s %5s\n' capture rtt_ok rtt_gap frm_ok in_ok in_gap bad why
for cap in $(find "$CAPTURES" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort); do
    stage_input "$cap"
    out="$WORK/out.tsv"
    # A capture tshark cannot read to the end: compare what it printed.
    tshark_as_user with "$out" "$WORK/err" -r "$INPUT" -Y tcp -T fields -E occurrence=f $FIELDS
    name=$(printf '%s' "$cap" | sed "s|^$CAPTURES/||")
    line=$(awk -F'\t' -v name="$name" '
        function num(x) { return x + 0 }
        # Reasons a difference is expected (counted in "why", not failed):
        #  L  the stream has data the capture missed (Wireshark flagged a
        #     lost segment, an ACK of unseen data, or a resend/out-of-order
        #     segment before or on this frame): Wireshark and explain
        #     account for the hole differently
        #  R  this frame is itself a resend (Wireshark and explain count
        #     in flight differently around it)
        {
            if ($10 != "" || $11 != "" || $12 != "" || $13 != "") holey[$9] = 1
            if ($2 != "") {
                if ($3 == "") { rtt_gap++ }
                else if ((num($2) - num($3)) > 0.0000011 || (num($3) - num($2)) > 0.0000011) {
                    if ($9 in holey) { retr++; why = " (L)" } else { bad++; why = "" }
                    printf "%s frame %s: ack_rtt %s explain.rtt %s%s\n", name, $1, $2, $3, why > "/dev/stderr"
                } else rtt_ok++
            }
            if ($4 != "" && $5 != "") {
                if ($4 != $5) {
                    if ($9 in holey) { retr++; why = " (L)" } else { bad++; why = "" }
                    printf "%s frame %s: acks_frame %s explain.acks.last %s%s\n", name, $1, $4, $5, why > "/dev/stderr"
                } else frm_ok++
            }
            if ($6 != "") {
                if ($7 == "") in_gap++
                else if ($6 != $7) {
                    # A resend: Wireshark counts it in flight against its own
                    # sequence bookkeeping; noted, not failed (reason R).
                    if ($8 != "") { retr++; why = " (R)" }
                    else if ($9 in holey) { retr++; why = " (L)" }
                    else { bad++; why = "" }
                    printf "%s frame %s: bytes_in_flight %s explain.in_flight %s%s\n", name, $1, $6, $7, why > "/dev/stderr"
                } else in_ok++
            }
        }
        END { printf "%-48s %7d %7d %7d %7d %7d %7d %5d\n", name, rtt_ok, rtt_gap, frm_ok, in_ok, in_gap, bad, retr }' "$out")
    echo "$line"
    bad=$(echo "$line" | awk '{print $7}')
    total_bad=$((total_bad + bad))
done
echo "disagreements: $total_bad"
[ "$total_bad" -eq 0 ]
