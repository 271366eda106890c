# invariants.awk - checks tcp-explain's per-packet invariants on the output
# of `tshark -2 -T fields` (sweep.sh gives the field list) and counts what
# the plugin said.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Input: one line per frame, tab-separated, fields as in sweep.sh's FIELDS
# (columns below), each field holding every occurrence joined by ','
# (tshark's default -E occurrence=a). Variables:
#   capture   name to print in messages
#   events    "0=none 1=reused_ports ..." (explain.event value names)
#   checks    "synack_ack handshake_ack ..." (explain.check.<id> ids, in
#             the order of the columns after column 18); after them come
#             tcp.ack, explain.seq.rel and explain.ack.rel
# Output lines (read by sweep.sh):
#   STATS packets N tcp N explained N nxtseq_compared N nxtseq_skipped N rel_differs N rel_first F
#   EVENT label count
#   CHECK id count
#   VIOLATION text
#
# The invariants:
#   nxtseq   our next seq equals Wireshark's: explain.nxtseq.raw ==
#            tcp.seq_raw + (tcp.nxtseq - tcp.seq) mod 2^32, plus 1 on a
#            segment with both SYN and FIN (Wireshark counts one for the
#            two, we count one each). Compared when the packet has exactly
#            one TCP header with tcp.nxtseq (else which one we explained
#            is a guess: counted as skipped).
#   seq      explain.seq.raw == tcp.seq_raw (same condition).
#   role     an endpoint's role (client/server) never changes, or goes
#            back to unknown, without a SYN in that stream in between.
#   bytes    explain.bytes.seq_consumed and explain.bytes.payload_total of
#            an endpoint never decrease without a SYN in between.
# An endpoint is (tcp.stream, source address, tcp.srcport).
# Information, not a violation: rel_differs counts the packets where our
# relative seq or ack (explain.seq.rel, explain.ack.rel) is not Wireshark's
# (tcp.seq, tcp.ack), and rel_first is the first such frame (0 if none).

BEGIN {
    FS = "\t"
    TWO32 = 4294967296
    n = split(events, ev_pairs, " ")
    for (i = 1; i <= n; i++) {
        eq = index(ev_pairs[i], "=")
        ev_name[substr(ev_pairs[i], 1, eq - 1)] = substr(ev_pairs[i], eq + 1)
    }
    ncheck = split(checks, check_id, " ")
    role_name[0] = "unknown"; role_name[1] = "client"; role_name[2] = "server"
    packets = 0; tcp = 0; explained = 0; compared = 0; skipped = 0
    rel_differs = 0; rel_first = 0
}

# last(s): the last of the ','-joined occurrences; count(s): how many.
function last(s,    k) {
    k = split(s, parts, ",")
    return k > 0 ? parts[k] : ""
}
function count(s,    k) {
    if (s == "")
        return 0
    return split(s, parts, ",")
}
# Booleans print as 1/0 on Wireshark 4.0, as True/False from 4.4 on.
function truth(v) {
    return v == "1" || v == "True" || v == "true"
}
function rname(r) {
    return (r in role_name) ? role_name[r] : ("role " r)
}
function violation(text) {
    printf "VIOLATION %s frame %s: %s\n", capture, frame, text
}

{
    packets++
    frame = $1
    stream = last($2)
    if (stream == "")
        next
    tcp++
    if ($9 == "")
        next    # no Explain tree (not a TCP segment we explain)
    explained++

    seq_w = $3; nxt_w = $4; seqraw_w = $5
    syn = truth(last($12)); fin = truth(last($13))
    our_seq = $6 + 0; our_nxt = $7 + 0
    role = $8 + 0
    consumed = $10 + 0; payload = $11 + 0

    # Counts: the main event and the failed checks.
    if ($17 != "") {
        e = $17 + 0
        label = (e in ev_name) ? ev_name[e] : ("event_" e)
        ev_count[label]++
    }
    for (i = 1; i <= ncheck; i++)
        if ($(18 + i) != "")
            check_count[check_id[i]]++

    # Invariants nxtseq and seq.
    nt = count($2)
    if (nxt_w != "" && count(seq_w) == nt && count(nxt_w) == nt && count(seqraw_w) == nt && nt == 1) {
        compared++
        ws_seq = last(seq_w) + 0; ws_nxt = last(nxt_w) + 0; raw = last(seqraw_w) + 0
        span = (ws_nxt - ws_seq + TWO32) % TWO32
        want = (raw + span) % TWO32
        if (syn && fin)
            want = (want + 1) % TWO32
        if (our_nxt != want)
            violation(sprintf("explain.nxtseq.raw %.0f, but tcp.seq_raw %.0f + (tcp.nxtseq %.0f - tcp.seq %.0f)%s = %.0f (stream %s)",
                              our_nxt, raw, ws_nxt, ws_seq,
                              (syn && fin) ? " + 1 (SYN+FIN)" : "", want, stream))
        if (our_seq != raw)
            violation(sprintf("explain.seq.raw %.0f, but tcp.seq_raw %.0f (stream %s)", our_seq, raw, stream))
    } else if (nxt_w != "") {
        skipped++
    }

    # Relative numbers against Wireshark's (information only).
    if (nt == 1 && count(seq_w) == 1) {
        rs = $(19 + ncheck + 1); ra = $(19 + ncheck + 2); wa = $(19 + ncheck)
        if ((rs != "" && rs + 0 != last(seq_w) + 0) || (ra != "" && wa != "" && ra + 0 != last(wa) + 0)) {
            rel_differs++
            if (rel_first == 0)
                rel_first = frame
        }
    }

    # Invariants role and bytes, per endpoint, reset by any SYN in the stream.
    if (syn)
        epoch[stream]++
    ep = stream SUBSEP epoch[stream] SUBSEP last($15) SUBSEP last($16) SUBSEP last($14)
    who = sprintf("stream %s, %s%s port %s", stream, last($15), last($16), last($14))
    if (ep in seen_role) {
        old = seen_role[ep]
        if (old != 0 && role != old)
            violation(sprintf("%s: role %s, but %s since frame %s, and no SYN in between",
                              who, rname(role), rname(old), role_frame[ep]))
        if (consumed < seen_consumed[ep])
            violation(sprintf("%s: explain.bytes.seq_consumed went down from %.0f (frame %s) to %.0f, no SYN in between",
                              who, seen_consumed[ep], consumed_frame[ep], consumed))
        if (payload < seen_payload[ep])
            violation(sprintf("%s: explain.bytes.payload_total went down from %.0f (frame %s) to %.0f, no SYN in between",
                              who, seen_payload[ep], payload_frame[ep], payload))
    }
    if (!(ep in seen_role) || seen_role[ep] == 0 || role != seen_role[ep]) {
        seen_role[ep] = role
        role_frame[ep] = frame
    }
    if (!(ep in seen_consumed) || consumed != seen_consumed[ep]) {
        seen_consumed[ep] = consumed
        consumed_frame[ep] = frame
    }
    if (!(ep in seen_payload) || payload != seen_payload[ep]) {
        seen_payload[ep] = payload
        payload_frame[ep] = frame
    }
}

END {
    printf "STATS packets %d tcp %d explained %d nxtseq_compared %d nxtseq_skipped %d rel_differs %d rel_first %s\n",
           packets, tcp, explained, compared, skipped, rel_differs, rel_first
    for (label in ev_count)
        printf "EVENT %s %d\n", label, ev_count[label]
    for (id in check_count)
        printf "CHECK %s %d\n", id, check_count[id]
}
