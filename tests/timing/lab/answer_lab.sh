#!/bin/sh
# answer_lab.sh - answers the questions of the Kurose-Ross "Wireshark Lab:
# TCP" on a capture from explain.* fields alone, then checks every answer
# against Wireshark's own TCP fields (tcp.*), which the answers never read.
# Prints the answers (one block per question); exits 1 when a check fails.
#
# usage: answer_lab.sh --plugins DIR [--tshark PATH] [--expect FILE [--update]] CAPTURE
#   --expect FILE  the answers must also equal FILE (a golden, checked by
#                  hand); with --update, FILE is rewritten instead
#
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086
set -eu
PROG=answer_lab.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
PLUGINS=""
TSHARK=tshark
KEEP=0
EXPECT=""
UPDATE=0
while [ $# -gt 0 ]; do
    case "$1" in
    --plugins) PLUGINS=$2; shift 2 ;;
    --expect) EXPECT=$2; shift 2 ;;
    --update) UPDATE=1; shift ;;
    --tshark) TSHARK=$2; shift 2 ;;
    -*) echo "$PROG: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -eq 1 ] && [ -n "$PLUGINS" ] || { echo "usage: $PROG --plugins DIR CAPTURE" >&2; exit 2; }
# shellcheck source-path=SCRIPTDIR/../../lib source=unprivileged.sh
. "$SCRIPT_DIR/../../lib/unprivileged.sh"
# shellcheck source=../../lib/normalise.sh
. "$SCRIPT_DIR/../../lib/normalise.sh"
init_user
make_work timing-lab
trap_cleanup
mkdir "$WORK/in" "$WORK/home" "$WORK/noplugins"
user_owns "$WORK/home"
stage_plugins
stage_input "$1"

fields() {
    out=$1; shift
    args=""
    for f in "$@"; do args="$args -e $f"; done
    tshark_as_user with "$out" "$WORK/err" -r "$INPUT" -Y tcp -T fields -E occurrence=f $args
    [ "$RC" -eq 0 ] || { cat "$WORK/err" >&2; exit 1; }
    normalise_fields "$out"
}

# What a student reads: the Explain fields only.
fields "$WORK/explain.tsv" frame.number explain.role explain.step explain.seq.raw explain.seq.rel \
    explain.ack.raw explain.ack.rel explain.len explain.time.since_start explain.acks.first \
    explain.acks.last explain.acks.segments explain.acks.bytes explain.acks.delayed explain.rtt \
    explain.in_flight explain.retrans.kind explain.retrans.after explain.handshake.client \
    explain.handshake.server explain.stream.duration explain.stream.client.bytes \
    explain.stream.client.throughput explain.stream.server.min_window \
    explain.stream.client.window_limited explain.window.peer explain.congestion.hint \
    explain.congestion.prev_round_peak explain.congestion.round_peak explain.acks.delayed_timer
# What the checks read: Wireshark's TCP fields.
fields "$WORK/tcp.tsv" frame.number ip.src tcp.srcport ip.dst tcp.dstport tcp.flags.syn \
    tcp.flags.ack tcp.seq_raw tcp.seq tcp.ack_raw tcp.len frame.time_relative \
    tcp.analysis.acks_frame tcp.analysis.ack_rtt tcp.window_size tcp.analysis.retransmission \
    tcp.analysis.bytes_in_flight tcp.ack

awk -F'\t' '
# explain.tsv columns
function E(f, c) { return ex[f, c] }
NR == FNR {
    n++; frames[n] = $1
    for (c = 1; c <= NF; c++) ex[$1, c] = $c
    next
}
{ for (c = 1; c <= NF; c++) tcp[$1, c] = $c; tn++ }
function check(what, ok) {
    if (ok) { printf "  check: %s: agrees with Wireshark\n", what }
    else { printf "  CHECK FAILED: %s\n", what; failed++ }
}
function ms(s) { return sprintf("%.1f ms", s * 1000) }
END {
    # explain.tsv: 1 frame 2 role 3 step 4 seq.raw 5 seq.rel 6 ack.raw 7 ack.rel
    # 8 len 9 since_start 10 acks.first 11 acks.last 12 acks.segments
    # 13 acks.bytes 14 acks.delayed 15 rtt 16 in_flight 17 retrans.kind
    # 18 retrans.after 19 hs.client 20 hs.server 21 duration 22 client.bytes
    # 23 client.throughput 24 server.min_window 25 client.window_limited
    # 26 window.peer 27 congestion.hint 28 prev_round_peak 29 round_peak
    # 30 acks.delayed_timer
    # tcp.tsv: 1 frame 2 ip.src 3 srcport 4 ip.dst 5 dstport 6 syn 7 ack
    # 8 seq_raw 9 seq 10 ack_raw 11 len 12 time 13 acks_frame 14 ack_rtt
    # 15 window_size 16 retransmission 17 bytes_in_flight 18 ack
    for (i = 1; i <= n; i++) {
        f = frames[i]
        if (E(f, 19) != "") { hs = f }
        if (E(f, 3) == 1 && syn == "") syn = f
        if (E(f, 3) == 2 && synack == "") synack = f
        if (E(f, 2) == 1 && E(f, 8) > 0 && post == "") post = f
        if (E(f, 21) != "") last = f
    }
    print "Q1. What are the IP address and TCP port of the client?"
    printf "  explain.handshake.client (frame %s): %s\n", hs, E(hs, 19)
    check("client " tcp[syn, 2] ":" tcp[syn, 3], E(hs, 19) == tcp[syn, 2] ":" tcp[syn, 3])
    print "Q2. What are the IP address and port of the server?"
    printf "  explain.handshake.server (frame %s): %s\n", hs, E(hs, 20)
    check("server " tcp[syn, 4] ":" tcp[syn, 5], E(hs, 20) == tcp[syn, 4] ":" tcp[syn, 5])
    print "Q3. What is the sequence number of the SYN segment, and what makes it a SYN?"
    printf "  frame %s has explain.step == 1 (syn): seq raw %s, relative %s\n", syn, E(syn, 4), E(syn, 5)
    check("tcp.flags.syn 1, tcp.seq_raw " tcp[syn, 8], tcp[syn, 6] == 1 && tcp[syn, 8] == E(syn, 4))
    print "Q4. The SYN-ACK: its sequence number, its ack, and how the server chose that ack?"
    printf "  frame %s (explain.step == 2): seq raw %s; ack raw %s = client ISN %s + 1 (relative %s)\n", \
        synack, E(synack, 4), E(synack, 6), E(syn, 4), E(synack, 7)
    check("tcp.ack_raw " tcp[synack, 10], tcp[synack, 10] == E(synack, 6) && E(synack, 6) == E(syn, 4) + 1)
    print "Q5. What is the sequence number of the segment carrying the HTTP POST?"
    printf "  frame %s, the client'\''s first with explain.len > 0: seq relative %s (raw %s)\n", post, E(post, 5), E(post, 4)
    check("tcp.seq " tcp[post, 9], tcp[post, 9] == E(post, 5))
    print "Q6/Q7. The first six data segments: seq, length, when sent, when acknowledged, RTT"
    k = 0
    for (i = 1; i <= n && k < 6; i++) {
        f = frames[i]
        if (E(f, 2) != 1 || E(f, 8) == 0) continue
        k++; seg[k] = f
    }
    est = ""
    for (k = 1; k <= 6; k++) {
        f = seg[k]; ackf = ""; rtt = ""
        for (i = 1; i <= n; i++) {
            g = frames[i]
            if (E(g, 10) != "" && E(g, 10) + 0 <= f + 0 && E(g, 11) + 0 >= f + 0) { ackf = g; break }
        }
        if (ackf != "" && E(ackf, 11) == f) rtt = E(ackf, 15)
        printf "  frame %s: seq %s, len %s, sent at %.4f s; acknowledged by frame %s at %.4f s%s\n", \
            f, E(f, 5), E(f, 8), E(f, 9), ackf, E(ackf, 9), \
            (rtt != "" ? sprintf("; RTT %s (explain.rtt)", ms(rtt)) : "; not the last segment that ACK answers: no RTT of its own")
        check("tcp.seq/tcp.len " tcp[f, 9] "/" tcp[f, 11], tcp[f, 9] == E(f, 5) && tcp[f, 11] == E(f, 8))
        if (rtt != "") {
            check("tcp.analysis.ack_rtt " tcp[ackf, 14] " of frame " tcp[ackf, 13], \
                  tcp[ackf, 13] == f && (tcp[ackf, 14] - rtt < 0.0000011 && rtt - tcp[ackf, 14] < 0.0000011))
            est = (est == "") ? rtt : 0.875 * est + 0.125 * rtt
        }
    }
    printf "  EstimatedRTT (alpha 0.125) over those RTTs: %s\n", ms(est)
    print "Q8. The smallest window the receiver advertised; did it throttle the sender?"
    printf "  explain.stream.server.min_window: %s bytes; explain.stream.client.window_limited: %s\n", E(last, 24), E(last, 25)
    minw = ""
    for (i = 1; i <= n; i++) { f = frames[i]; if (tcp[f, 2] == tcp[synack, 2] && (minw == "" || tcp[f, 15] + 0 < minw + 0)) minw = tcp[f, 15] }
    check("min tcp.window_size of the server " minw, minw == E(last, 24))
    print "Q9. Were there retransmissions? How do you know?"
    rt = 0; wsr = 0
    for (i = 1; i <= n; i++) {
        f = frames[i]
        if (E(f, 17) != "") { rt++; printf "  frame %s: explain.retrans.kind %s, %s after the previous send\n", f, E(f, 17), ms(E(f, 18)) }
        if (tcp[f, 16] != "") wsr++
    }
    check("tcp.analysis.retransmission on " wsr " frames", wsr == rt)
    print "Q10. How much data does a typical ACK acknowledge? Does the receiver ack every other segment?"
    for (i = 1; i <= n; i++) { f = frames[i]; if (E(f, 13) != "" && E(f, 2) == 2) { cnt[E(f, 13)]++; acks++; if (E(f, 14) != "") delayed++; if (E(f, 12) == 2) pairs++; if (E(f, 30) != "") timer++ } }
    best = ""; for (b in cnt) if (best == "" || cnt[b] > cnt[best] || (cnt[b] == cnt[best] && b + 0 > best + 0)) best = b
    printf "  %d ACKs from the server; most often explain.acks.bytes = %s (%d ACKs); %d answer 2 segments; %d carry explain.acks.delayed\n", acks, best, cnt[best], pairs, delayed
    printf "  %d answer a lone segment late enough to look like the delayed-ACK timer (explain.acks.delayed_timer)\n", timer
    prev = ""; wcnt = 0
    for (i = 1; i <= n; i++) { f = frames[i]; if (tcp[f, 2] == tcp[synack, 2] && tcp[f, 7] == 1) { if (prev != "" && tcp[f, 18] - prev == best) wcnt++; if (prev == "" || tcp[f, 18] + 0 > prev + 0) prev = tcp[f, 18] } }
    check("tcp.ack advancing by " best " on " wcnt " ACKs", wcnt == cnt[best])
    print "Q11. What is the throughput of the connection?"
    printf "  explain.stream.client.throughput: %.0f bytes/s (%s bytes in %.3f s, explain.stream.*)\n", E(last, 23), E(last, 22), E(last, 21)
    bytes = 0; for (i = 1; i <= n; i++) { f = frames[i]; if (tcp[f, 2] == tcp[syn, 2] && tcp[f, 16] == "") bytes += tcp[f, 11] }
    dur = tcp[last, 12] - tcp[frames[1], 12]
    check(sprintf("%d new bytes / %.6f s from tcp.len and frame.time_relative", bytes, dur), \
          bytes == E(last, 22) && (bytes / dur - E(last, 23) < 0.01 && E(last, 23) - bytes / dur < 0.01))
    print "Q12. Where does slow start end and congestion avoidance begin?"
    printf "  explain.in_flight at the end of each burst:"
    peak = 0; bursts = 0; okf = 1
    for (i = 1; i <= n; i++) {
        f = frames[i]
        if (E(f, 16) != "" && E(f, 2) == 1) { peak = E(f, 16); if (tcp[f, 17] != E(f, 16)) okf = 0 }
        else if (E(f, 2) == 2 && peak > 0) { printf " %s", peak; bursts++; peak = 0 }
    }
    printf "\n"
    for (i = 1; i <= n; i++) {
        f = frames[i]
        if (E(f, 27) == "") continue
        name = (E(f, 27) == 1) ? "slow start" : (E(f, 27) == 2) ? "congestion avoidance" : "a cut after loss"
        printf "  frame %s: explain.congestion.hint %s (looks like %s): %s -> %s bytes in flight\n", f, E(f, 27), name, E(f, 28), E(f, 29)
    }
    check("tcp.analysis.bytes_in_flight on every data segment", okf)
    exit failed > 0
}' "$WORK/explain.tsv" "$WORK/tcp.tsv" >"$WORK/answers.txt" || { cat "$WORK/answers.txt"; exit 1; }
cat "$WORK/answers.txt"
if [ -n "$EXPECT" ]; then
    if [ "$UPDATE" -eq 1 ]; then
        cp "$WORK/answers.txt" "$EXPECT"
        echo "$PROG: updated $EXPECT: CHECK IT BY HAND before committing"
    elif ! diff -u "$EXPECT" "$WORK/answers.txt" >&2; then
        echo "$PROG: the answers differ from $EXPECT" >&2
        exit 1
    fi
fi
