#!/usr/bin/env python3
"""claims.py - the claims oracle: holds every text explain chose against
Wireshark's own fields.

Reads the -T fields output of tshark (FIELDS below, in that order, tab
separated, '|' between repeated values) for one or more captures, one file
each, and recomputes from Wireshark's fields alone (tcp.seq_raw, tcp.ack_raw,
tcp.len, tcp.flags, tcp.window_size, tcp.analysis.*) the premise of each
text id in explain.claims. A text whose premise does not hold on its packet
is a false sentence: the oracle prints it and exits 1. It also prints, per
text id, how often it was chosen and checked.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import collections
import sys

# Wireshark's tcp.analysis flags, as in EXPLAIN_TCP_ANALYSIS_LIST.
TA = ["retransmission", "fast_retransmission", "spurious_retransmission",
      "out_of_order", "lost_segment", "ack_lost_segment", "duplicate_ack",
      "zero_window", "zero_window_probe", "zero_window_probe_ack",
      "window_full", "window_update", "keep_alive", "keep_alive_ack",
      "reused_ports", "tfo_syn", "tfo_ack", "tfo_ignored"]

FIELDS = (["frame.number", "tcp.stream", "ip.src", "ipv6.src", "tcp.srcport",
           "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
           "tcp.window_size", "tcp.window_size_scalefactor",
           "explain.claims", "explain.check.state", "explain.window.bytes",
           "explain.bytes.acked", "explain.bytes.payload_total",
           "explain.bytes.resent", "explain.bytes.on_wire", "explain.orig_frame"]
          + ["tcp.analysis." + t for t in TA]
          # time and flow (issue 15): the texts of explain_narrative_timing.c
          + ["tcp.analysis.acks_frame", "tcp.analysis.ack_rtt",
             "tcp.analysis.bytes_in_flight", "explain.acks.last", "explain.rtt",
             "explain.in_flight", "explain.window.peer", "tcp.options.sack_le",
             "explain.acks.first", "explain.retrans.prev_frame"])

# The tcp.analysis flags compared with one of our events (EXPLAIN_TA_COMPARED),
# and the text ids that say that event.
COMPARED = {
    "retransmission": ("event.retransmission", "event.retransmission_unseen_original",
                       "event.fin_retransmission", "event.fin_retransmission_unseen_original",
                       "event.fin_fast_retransmission", "event.fin_spurious_retransmission",
                       "event.fast_retransmission", "event.spurious_retransmission",
                       "note.syn_retransmitted"),
    "fast_retransmission": ("event.fast_retransmission", "event.fin_fast_retransmission"),
    "spurious_retransmission": ("event.spurious_retransmission", "event.fin_spurious_retransmission"),
    "out_of_order": ("event.out_of_order",),
    "lost_segment": ("event.lost_segment",),
    "ack_lost_segment": ("event.ack_unseen", "event.ack_unseen_gap",
                         "event.ack_unseen_before_capture"),
    "duplicate_ack": ("event.dup_ack",),
    "zero_window": ("event.zero_window",),
    "zero_window_probe": ("event.zero_window_probe",),
    "zero_window_probe_ack": ("event.zero_window_probe_ack",),
    "window_full": ("event.window_full",),
    "window_update": ("event.window_update", "event.window_update_rounding",
                      "event.window_update_raw"),
    "keep_alive": ("event.keep_alive", "event.keep_alive_empty"),
    "keep_alive_ack": ("event.keep_alive_ack",),
}

# The texts that say our verdict and Wireshark's differ.
DISAGREE = {"check.disagrees_with_tcp_analysis.fail",
            "check.disagrees_with_tcp_analysis.explained"}

M32 = 1 << 32


def gt(a, b):
    """a after b in sequence space (mod 2^32)."""
    return a != b and ((a - b) % M32) < (1 << 31)


def ge(a, b):
    return a == b or gt(a, b)


def scale_of(row):
    """tcp.window_size_scalefactor as a shift: -1 unknown, -2 none, else log2."""
    v = first(row["tcp.window_size_scalefactor"])
    if v in ("", None):
        return None
    n = int(v)
    return n if n < 0 else n.bit_length() - 1


def first(value):
    return value.split("|")[0] if value else ""


class Side:
    """One direction of a stream, from Wireshark's fields only."""

    def __init__(self):
        self.packets = 0
        self.nxt = None          # highest seq + len + SYN + FIN
        self.isn = None
        self.syn_len = 0         # payload of its SYN (TCP Fast Open)
        self.fin_seq = None
        self.high_ack = None
        self.window = None       # tcp.window_size of the previous segment
        self.window_syn = False  # ... and it was a SYN's (never scaled)
        self.covered = []        # captured payload ranges, offsets from the base
        self.base = None
        self.new = 0
        self.wire = 0
        self.first_frames = []   # (start, end, frame) of each first copy of payload

    def offset(self, raw):
        return (raw - self.base) % M32 if self.base is not None else None

    def take(self, start, length):
        """Payload [start, start + length) seen: returns the new bytes,
        those no earlier segment of the capture covered."""
        if length == 0:
            return 0
        if self.base is None:
            self.base = (start - 1) % M32
        lo = self.offset(start)
        hi = lo + length
        if lo > (1 << 31):                       # before the base: not new
            return 0
        fresh = 0
        pos = lo
        merged = []
        for a, b in sorted(self.covered + [(lo, hi)]):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        for a, b in sorted(self.covered):
            if b <= pos or a >= hi:
                continue
            if a > pos:
                fresh += a - pos
            pos = max(pos, b)
        if pos < hi:
            fresh += hi - pos
        self.covered = merged
        return fresh

    def gap_bytes(self):
        """Sequence numbers used for payload that the capture lacks."""
        if self.base is None or self.nxt is None:
            return 0
        end = self.offset(self.nxt)
        if self.fin_seq is not None:
            end = self.offset(self.fin_seq)
        have = sum(min(b, end) - a for a, b in self.covered if a < end)
        used = end - 1 if end >= 1 else 0        # minus the SYN (or first seen - 1)
        return max(0, used - have)


class Oracle:
    def __init__(self):
        self.chosen = collections.Counter()
        self.checked = collections.Counter()
        self.problems = []
        self.packets = 0
        # time and flow: streams with a TCP packet explain could not read
        # (its ACK is unseen by the engine) or data the capture missed
        self.unread = set()
        self.holey = set()
        # (capture, frame) -> (raw seq, raw end) of every segment read
        self.segs = {}

    def bad(self, where, text_id, why):
        self.problems.append("%s: %s: %s" % (where, text_id, why))

    def run(self, name, lines):
        streams = {}
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < len(FIELDS):
                cols += [""] * (len(FIELDS) - len(cols))
            row = dict(zip(FIELDS, cols))
            if row["tcp.stream"] and not row["explain.claims"]:
                self.unread.add((name, first(row["tcp.stream"])))
            if not row["tcp.stream"] or not row["explain.claims"]:
                continue
            self.packet(name, row, streams)

    def packet(self, name, row, streams):
        self.packets += 1
        where = "%s frame %s" % (name, row["frame.number"])
        stream = streams.setdefault(first(row["tcp.stream"]), {})
        src = (first(row["ip.src"]) or first(row["ipv6.src"]), first(row["tcp.srcport"]))
        flags = int(first(row["tcp.flags"]), 16)
        seq = int(first(row["tcp.seq_raw"]))
        if flags & 0x17 == 0x02 and src in stream and stream[src].isn != seq:
            stream.clear()                       # a new connection on the same ports
        elif flags & 0x17 == 0x12 and src in stream and stream[src].isn != seq:
            del stream[src]                      # a SYN-ACK with a new ISN: this side anew
        if src not in stream:
            stream[src] = Side()
        me = stream[src]
        if flags & 0x02:
            stream["syn_seen"] = True            # the handshake is (partly) in the capture
        peers = [s for k, s in stream.items() if isinstance(s, Side) and k != src]
        peer = peers[0] if peers else Side()
        syn, fin, rst, ack = flags & 2, flags & 1, flags & 4, flags & 16
        ackno = int(first(row["tcp.ack_raw"]) or 0)
        length = int(first(row["tcp.len"]) or 0)
        ta = {t for t in TA if first(row["tcp.analysis." + t])}
        claims = row["explain.claims"].split(",")
        states = dict(s.split(":", 1) for s in row["explain.check.state"].split("|") if ":" in s)
        ids = set(claims)
        for c in claims:
            self.chosen[c] += 1

        def claim(text_id, holds, why):
            if text_id in ids:
                self.checked[text_id] += 1
                if not holds:
                    self.bad(where, text_id, why)

        # --- the ack field
        prev_high = me.high_ack
        if not ack:
            if not ids & {"ack.absent", "ack.absent_rst", "ack.absent_other"}:
                self.bad(where, "ack line", "ACK flag off but no ack.absent* text")
        else:
            absent = ids & {"ack.absent", "ack.absent_rst", "ack.absent_other"}
            if absent:
                self.bad(where, ",".join(absent), "ACK flag is set")
        claim("ack.absent", syn and not ack and peer.packets == 0,
              "says the receiver was not heard from, but it sent %d segment(s)" % peer.packets)
        claim("ack.absent_rst", rst and not ack, "not a RST without ACK")
        claim("note.acks_syn", peer.isn is not None and ackno == (peer.isn + 1) % M32,
              "ack %d is not the receiver's ISN + 1" % ackno)
        claim("note.acks_fin", peer.fin_seq is not None and ackno == (peer.fin_seq + 1) % M32,
              "ack %d is not one past the receiver's FIN (%s)" % (ackno, peer.fin_seq))
        claim("note.ack_advances", prev_high is None or gt(ackno, prev_high),
              "ack %d does not advance past %s" % (ackno, prev_high))
        unchanged = prev_high is not None and ackno == prev_high
        for t in ("note.ack_unchanged", "note.ack_unchanged_waiting", "note.ack_unchanged_same"):
            claim(t, unchanged, "ack %d is not the sender's previous highest %s" % (ackno, prev_high))
        claim("note.ack_unchanged", peer.nxt is not None and peer.nxt == ackno,
              "says nothing new, but the receiver has sent up to %s (ack %d)" % (peer.nxt, ackno))
        claim("note.ack_unchanged_waiting", peer.nxt is not None and gt(peer.nxt, ackno),
              "says the receiver sent more, but it sent up to %s (ack %d)" % (peer.nxt, ackno))
        claim("note.ack_behind", prev_high is not None and gt(prev_high, ackno),
              "ack %d is not below the previous %s" % (ackno, prev_high))
        acked = row["explain.bytes.acked"]
        if ack and acked and prev_high is not None:
            want = (ackno - prev_high) % M32 if gt(ackno, prev_high) else 0
            if int(acked) != want:
                self.bad(where, "explain.bytes.acked", "%s, Wireshark's acks say %d" % (acked, want))

        # --- what the segment is: flags, steps, events of the handshake and close
        psh, urg = flags & 8, flags & 32
        first_in_stream = not any(isinstance(v, Side) and v.packets for v in stream.values())
        claim("step.syn", syn and not ack and not rst, "not a SYN without ACK")
        claim("step.syn-ack", syn and ack and not rst, "not a SYN-ACK")
        claim("step.handshake-ack", ack and not syn and not fin and not rst and stream.get("synack"),
              "not an ACK after a SYN-ACK")
        claim("step.data", length > 0 and not syn and not rst, "no payload")
        claim("step.ack", ack and length == 0 and not (syn or fin or rst), "not a pure ACK")
        claim("step.fin", fin and not rst and stream.get("first_fin", src) == src,
              "the peer closed first")
        claim("step.passive-fin", fin and not rst and peer.fin_seq is not None, "the peer sent no FIN before")
        claim("step.fin-ack", ack and not fin and peer.fin_seq is not None and me.fin_seq is None
              and ge(ackno, (peer.fin_seq + 1) % M32), "does not ack the peer's FIN as the first to do so")
        claim("step.last-ack", ack and not fin and peer.fin_seq is not None
              and ge(ackno, (peer.fin_seq + 1) % M32), "does not ack the peer's FIN")
        for step in ("syn", "syn-ack", "handshake-ack", "data", "ack", "fin", "fin-ack",
                     "passive-fin", "last-ack"):
            if "step." + step in ids and "summary." + step in ids:
                self.checked["summary." + step] += 1
            elif "summary." + step in ids:
                self.bad(where, "summary." + step, "chosen without step.%s" % step)
        claim("ack.absent_other", not ack, "the ACK flag is set")
        claim("ack.plain", ack, "the ACK flag is not set")
        claim("event.seq_wrap", seq + length + (1 if syn else 0) + (1 if fin else 0) > M32 - 1,
              "seq %d + %d does not pass 2^32 - 1" % (seq, length))
        for t in ("check.synack_ack.pass", "check.handshake_ack.pass"):
            claim(t, peer.isn is not None
                  and ackno in ((peer.isn + 1) % M32, (peer.isn + 1 + peer.syn_len) % M32),
                  "ack %d is not the receiver's ISN + 1 (%s)" % (ackno, peer.isn))
        claim("check.synack_ack.fail", peer.isn is not None and ackno != (peer.isn + 1) % M32,
              "ack %d is the receiver's ISN + 1" % ackno)
        claim("check.ack_within_sent.pass", peer.nxt is None or ge(peer.nxt, ackno),
              "ack %d beyond what the receiver sent (%s)" % (ackno, peer.nxt))
        claim("check.ack_within_sent.fail", peer.nxt is not None and gt(ackno, peer.nxt),
              "ack %d within what the receiver sent (%s)" % (ackno, peer.nxt))
        for t in ("step.rst", "seq.rst"):
            claim(t, rst, "not a RST")
        claim("seq.arithmetic", not rst, "a RST")
        claim("seq.syn_consumes", syn and not rst, "no SYN")
        claim("seq.fin_consumes", fin and not rst, "no FIN")
        claim("note.psh", psh, "PSH is not set")
        claim("note.urg", urg, "URG is not set")
        claim("note.midstream_first", first_in_stream and not syn, "not the stream's first segment, or a SYN")
        claim("note.syn_retransmitted", syn and me.isn == seq, "not a SYN with the same ISN again")
        claim("note.fin_also_acks_fin", fin and peer.fin_seq is not None
              and ackno == (peer.fin_seq + 1) % M32, "not a FIN that acks the peer's FIN")
        for t in ("event.fin_retransmission", "event.fin_retransmission_unseen_original",
                  "event.fin_spurious_retransmission", "event.fin_fast_retransmission"):
            claim(t, fin and length == 0, "not a FIN without data")
        for t in ("event.retransmission", "event.retransmission_unseen_original",
                  "event.spurious_retransmission", "event.fast_retransmission"):
            claim(t, length > 0 or syn, "no data: '%d bytes were sent before'" % length)
        claim("event.half_close", length > 0 and peer.fin_seq is not None, "no data after the peer's FIN")
        claim("summary.check_failed", "failed" in states.values(), "no check failed")
        for t in ("note.window_scaled",):
            claim(t, scale_of(row) is not None and scale_of(row) >= 0,
                  "the window is not scaled (factor %s)" % first(row["tcp.window_size_scalefactor"]))
        claim("note.window_unscaled", syn or scale_of(row) == -2,
              "the window is scaled (%s)" % first(row["tcp.window_size_scalefactor"]))
        claim("note.window_scale_unknown",
              not syn and (scale_of(row) == -1 or not (stream.get("syn") and stream.get("synack"))),
              "the scale is known (%s) and the handshake captured" % first(row["tcp.window_size_scalefactor"]))

        # --- resets: during the close, or after it
        fin_acked = lambda side, other: (side.fin_seq is not None and other.high_ack is not None
                                         and ge(other.high_ack, (side.fin_seq + 1) % M32))
        closed = stream.get("closed", False) or (fin_acked(me, peer) and fin_acked(peer, me))
        some_fin = me.fin_seq is not None or peer.fin_seq is not None
        for t in ("summary.rst_after_fin", "event.rst_after_fin"):
            claim(t, rst and some_fin and not closed, "no FIN seen, or the close was complete")
        for t in ("summary.rst_after_close", "step.rst_after_close"):
            claim(t, rst and closed, "the connection was not closed")
        for t in ("event.rst_abort", "summary.rst"):
            claim(t, rst and not closed and not some_fin, "a FIN was seen, or the close was complete")

        # --- sequence numbers
        claim("event.lost_segment", me.nxt is not None and gt(seq, me.nxt),
              "seq %d is not after the next expected %s" % (seq, me.nxt))
        claim("check.seq_continues.explained_gap", me.nxt is not None and gt(seq, me.nxt),
              "seq %d is not above the next expected %s" % (seq, me.nxt))
        claim("check.seq_continues.explained", me.nxt is not None and gt(me.nxt, seq),
              "seq %d is not below the next expected %s" % (seq, me.nxt))
        claim("check.seq_continues.pass", me.nxt is None or seq == me.nxt,
              "seq %d is not the next expected %s" % (seq, me.nxt))

        # --- the frame a resent segment's first byte was first sent in
        orig = row["explain.orig_frame"]
        if orig:
            self.checked["explain.orig_frame"] += 1
            first_byte = seq
            holders = [fr for a, b, fr in me.first_frames
                       if ge(first_byte, a) and gt(b, first_byte)]
            if not holders or int(orig) != min(holders):
                self.bad(where, "explain.orig_frame", "%s, but seq %d was first sent in frame %s"
                         % (orig, first_byte, min(holders) if holders else "none captured"))

        # --- window
        wbytes = row["explain.window.bytes"]
        wsize = first(row["tcp.window_size"])
        scale = first(row["tcp.window_size_scalefactor"])
        if wbytes and wsize and scale not in ("", "-1") and not rst:
            self.checked["explain.window.bytes"] += 1
            if int(wbytes) != int(wsize):
                self.bad(where, "explain.window.bytes", "%s bytes, tcp.window_size %s" % (wbytes, wsize))
        claim("event.window_update", me.window is not None and wsize != "" and int(wsize) != me.window,
              "the window did not change (%s -> %s)" % (me.window, wsize))
        if "event.window_update_rounding" in ids:
            self.checked["event.window_update_rounding"] += 1
            factor = 1 << int(scale) if scale not in ("", "-1", "-2") else 1
            if not (me.window_syn and me.window is not None and wsize
                    and 0 < me.window - int(wsize) < factor):
                self.bad(where, "event.window_update_rounding",
                         "previous window %s (SYN: %s) -> %s is no rounding by %d"
                         % (me.window, me.window_syn, wsize, factor))

        # --- events against tcp.analysis, and the comparison check
        differ = [t for t, our_ids in COMPARED.items() if (t in ta) != bool(ids & set(our_ids))]
        for t, our_ids in COMPARED.items():
            for text_id in set(our_ids) & ids:
                if text_id != "note.syn_retransmitted":
                    self.checked[text_id] += 1   # held below: Wireshark agrees, or we say it differs
        for t in COMPARED:
            for text_id in COMPARED[t]:
                if text_id in ids and t not in ta and text_id not in ("note.syn_retransmitted",):
                    if not ids & DISAGREE:
                        self.bad(where, text_id, "Wireshark does not flag tcp.analysis.%s and no "
                                 "disagreement is said" % t)
        for t in ta & set(COMPARED):
            if not ids & set(COMPARED[t]) and not ids & DISAGREE:
                self.bad(where, "tcp.analysis." + t, "flagged by Wireshark, neither told nor "
                         "said to disagree")
        claim("check.disagrees_with_tcp_analysis.pass", not differ and bool(ta & set(COMPARED)),
              "says agree (with a flag), but these differ: %s" % differ)
        claim("check.disagrees_with_tcp_analysis.pass_none", not differ and not (ta & set(COMPARED)),
              "says neither flags anything, but: Wireshark %s, differ %s" % (sorted(ta), differ))
        claim("check.disagrees_with_tcp_analysis.fail", bool(differ),
              "says disagree, but every compared flag agrees")
        claim("check.disagrees_with_tcp_analysis.explained",
              differ == ["retransmission"] and "event.simultaneous_open" in ids and syn and ack,
              "says a simultaneous open's SYN-ACK explains the difference, but: %s" % differ)

        # --- check states: text and state agree
        for cid, state in states.items():
            text = {"passed": "pass", "explained": "explained", "failed": "fail"}.get(state)
            said = [c for c in ids if c.startswith("check.%s." % cid)]
            if not said or not all(c.split(".")[2].startswith(text) for c in said):
                self.bad(where, "check.%s" % cid, "state %s, texts %s" % (state, said))

        # --- bytes: new = first seen in the capture, whatever the order
        if not rst:
            data_start = (seq + (1 if syn else 0)) % M32
            if syn and me.isn is None:
                me.isn = seq
                me.syn_len = length
                me.base = seq
            if me.base is None:
                me.base = (seq - 1) % M32
            probe = "zero_window_probe" in ta
            fresh = 0 if probe else me.take(data_start, length)
            me.new += fresh
            me.wire += length
            if length or syn or fin:
                me.first_frames.append((seq, (seq + length + (1 if syn else 0) + (1 if fin else 0)) % M32,
                                        int(row["frame.number"])))
        for field, want in (("explain.bytes.on_wire", me.wire),
                            ("explain.bytes.payload_total", me.new)):
            got = row[field]
            if got and not rst:
                self.checked[field] += 1
                if int(got) != want:
                    self.bad(where, field, "%s, from Wireshark's fields %d" % (got, want))
        if row["explain.bytes.resent"] and row["explain.bytes.payload_total"] and row["explain.bytes.on_wire"]:
            if int(row["explain.bytes.resent"]) + int(row["explain.bytes.payload_total"]) != int(row["explain.bytes.on_wire"]):
                self.bad(where, "explain.bytes", "new + sent again != on the wire")

        # --- state after the packet
        me.packets += 1
        if rst:
            stream["closed"] = True
        if not rst and "zero_window_probe" not in ta:   # a probe's byte does not advance
            end = (seq + length + (1 if syn else 0) + (1 if fin else 0)) % M32
            if me.nxt is None or gt(end, me.nxt) or (syn and not ack and me.packets == 1):
                me.nxt = end
            if fin and me.fin_seq is None:
                me.fin_seq = (seq + length + (1 if syn else 0)) % M32
        if ack and (me.high_ack is None or gt(ackno, me.high_ack)):
            me.high_ack = ackno
        if wsize:
            me.window = int(wsize)
            me.window_syn = bool(syn)

        # --- time and flow (issue 15), where Wireshark has the numbers and
        # saw the same packets: not after a packet explain could not read,
        # nor (for bytes in flight) in a stream with data the capture missed
        key = (name, first(row["tcp.stream"]))
        if ta & {"retransmission", "lost_segment", "out_of_order", "ack_lost_segment"}:
            self.holey.add(key)
        timing_seen = key not in self.unread

        def tclaim(text_id, holds, why):
            if timing_seen:
                claim(text_id, holds, why)
        ws_rtt = first(row["tcp.analysis.ack_rtt"])
        our_rtt = first(row["explain.rtt"])
        tclaim("time.rtt", ws_rtt and our_rtt and abs(float(ws_rtt) - float(our_rtt)) < 1.1e-6
               and first(row["tcp.analysis.acks_frame"]) == first(row["explain.acks.last"]),
               "RTT %s of frame %s, Wireshark's ack_rtt %s of frame %s"
               % (our_rtt, first(row["explain.acks.last"]), ws_rtt,
                  first(row["tcp.analysis.acks_frame"])))
        # resent data: the text counts from the first send and says the
        # sample is ambiguous; Wireshark may time it from a resend
        tclaim("time.rtt_resent", bool(first(row["tcp.analysis.acks_frame"])),
               "an RTT where Wireshark acknowledges no frame")
        tclaim("time.acks_one", bool(ack), "acks a frame without the ACK flag")
        tclaim("time.acks_many", bool(ack), "acks frames without the ACK flag")
        # which part of the acknowledged frames earlier ACKs had covered
        self.segs[(name, row["frame.number"])] = (seq, (seq + length + (1 if syn else 0)
                                                        + (1 if fin else 0)) % M32)
        af = self.segs.get((name, first(row["explain.acks.first"])))
        al = self.segs.get((name, first(row["explain.acks.last"])))
        if ack and af and al:
            fresh = prev_high is None or ge(af[0], prev_high)
            for t in ("time.acks_one", "time.acks_many"):
                tclaim(t, fresh and ge(ackno, al[1]),
                       "says frames %s-%s are acknowledged for the first time (ack %d), but "
                       "an earlier ack reached %s" % (first(row["explain.acks.first"]),
                                                      first(row["explain.acks.last"]), ackno,
                                                      prev_high))
            for t in ("time.acks_rest_one", "time.acks_rest_many"):
                tclaim(t, prev_high is not None and gt(prev_high, af[0]) and gt(af[1], prev_high),
                       "says an earlier ACK covered part of frame %s, but the earlier ack was %s"
                       % (first(row["explain.acks.first"]), prev_high))
            tclaim("time.acks_into_next", gt(ackno, al[1]),
                   "says the ack %d ends after frame %s, which ends at %d"
                   % (ackno, first(row["explain.acks.last"]), al[1]))
        # "the same sequence numbers went out before in frame N"
        prev = self.segs.get((name, first(row["explain.retrans.prev_frame"])))
        mine = self.segs[(name, row["frame.number"])]
        for t in ("retrans.timeout", "retrans.fast", "retrans.spurious", "retrans.unknown"):
            tclaim(t, prev is None or prev == mine,
                   "says frame %s sent the same sequence numbers %s, but it sent %s"
                   % (first(row["explain.retrans.prev_frame"]), mine, prev))
        ws_bif = first(row["tcp.analysis.bytes_in_flight"])
        our_bif = first(row["explain.in_flight"])
        if ws_bif and our_bif and key not in self.holey:
            tclaim("flow.in_flight", ws_bif == our_bif,
                  "in flight %s, Wireshark's bytes_in_flight %s" % (our_bif, ws_bif))
        win = first(row["explain.window.peer"])
        tclaim("flow.must_wait_full", our_bif and win and int(our_bif) >= int(win),
              "in flight %s below the window %s" % (our_bif, win))
        tclaim("sack.holds", bool(first(row["tcp.options.sack_le"])), "no SACK block")
        tclaim("sack.holds_missing", bool(first(row["tcp.options.sack_le"])), "no SACK block")
        # --- premises of the wording (issue 14 items 5 and 10)
        claim("event.keep_alive_empty", length == 0, "says no data, but tcp.len is %d" % length)
        claim("event.keep_alive", length == 1, "says it sends its last byte again, but tcp.len is %d"
              % length)
        claim("event.window_update_raw", scale == "-1",
              "says the scale is unknown, but tcp.window_size_scalefactor is %s" % scale)
        claim("event.window_update", scale != "-1" and bool(wbytes),
              "says the room in bytes, but the scale is unknown")
        claim("event.ack_unseen_before_capture", not stream.get("syn_seen"),
              "says the handshake was not captured, but a SYN of this stream was")
        claim("event.ack_unseen", bool(stream.get("syn_seen")),
              "the handshake was not captured: the before-capture text applies")

        # --- the verdict
        ended = stream.get("closed", False) or (fin_acked(me, peer) and fin_acked(peer, me))
        claim("verdict.so_far", not ended, "says not ended, but a RST or both acked FINs ended it")
        for t in ("verdict.complete", "verdict.complete_gaps", "verdict.incomplete"):
            claim(t, ended, "a final verdict, but the stream has not ended (no RST, FINs not both acked)")
        if fin and not rst and "first_fin" not in stream:
            stream["first_fin"] = src
        if syn and not ack:
            stream["syn"] = True
        if syn and ack:
            stream["synack"] = True
        gaps = me.gap_bytes() + peer.gap_bytes()
        both_closed = fin_acked(me, peer) and fin_acked(peer, me)
        for t in ("verdict.complete", "verdict.complete_gaps"):
            claim(t, stream.get("syn") and stream.get("synack") and both_closed,
                  "says handshake and close captured, but SYN %s, SYN-ACK %s, both FINs acked %s"
                  % (stream.get("syn"), stream.get("synack"), both_closed))
        claim("note.reconcile", gaps == 0, "says the books balance, but %d bytes are not captured" % gaps)
        claim("note.reconcile_gaps", gaps > 0, "says bytes are not captured, but none are")
        claim("verdict.complete", gaps == 0, "says complete, but %d bytes are not captured" % gaps)
        claim("verdict.complete_gaps", gaps > 0, "says bytes are not captured, but none are")

    def report(self):
        print("claims oracle: %d packets" % self.packets)
        for text_id in sorted(self.chosen):
            print("  %-48s chosen %7d  checked %7d" % (text_id, self.chosen[text_id],
                                                        self.checked.get(text_id, 0)))
        for text_id in sorted(set(self.checked) - set(self.chosen)):
            print("  %-48s checked %7d" % (text_id, self.checked[text_id]))
        for p in self.problems[:200]:
            print("FALSE: " + p)
        if len(self.problems) > 200:
            print("... and %d more" % (len(self.problems) - 200))
        print("claims oracle: %d false claims" % len(self.problems))
        return 1 if self.problems else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "--fields":
        print(" ".join(FIELDS))
        return 0
    oracle = Oracle()
    for path in argv[1:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            oracle.run(path.rsplit("/", 1)[-1].rsplit(".", 1)[0], f)
    return oracle.report()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
