#!/usr/bin/env python3
"""selftest.py - claims.py must catch planted false claims (and pass true ones).

Rows are built by hand for a small flow, client 10.0.0.1:40000, server
10.0.0.2:80, ISNs 1000 and 5000: SYN, SYN-ACK, ACK, 10 bytes of data, the
server's 5 bytes with its ACK, the client's FIN (its ack still waiting
for the server's 5 bytes), the server's ACK of it.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import claims  # noqa: E402

C, S = ("10.0.0.1", "40000"), ("10.0.0.2", "80")
PASS_NONE = "check.disagrees_with_tcp_analysis.pass_none"


def row(frame, src, flags, seq, ack, length, ids, ta=(), states="", window="", extra=None):
    values = {f: "" for f in claims.FIELDS}
    values.update({
        "frame.number": str(frame), "tcp.stream": "0", "ip.src": src[0],
        "tcp.srcport": src[1], "tcp.flags": "0x%04x" % flags, "tcp.seq_raw": str(seq),
        "tcp.ack_raw": str(ack), "tcp.len": str(length), "explain.claims": ",".join(ids),
        "explain.check.state": states, "tcp.window_size": window,
    })
    for t in ta:
        values["tcp.analysis." + t] = "1"
    values.update(extra or {})
    return "\t".join(values[f] for f in claims.FIELDS) + "\n"


def flow(plant=None):
    rows = [
        (1, C, 0x002, 1000, 0, 0, ["ack.absent", PASS_NONE]),
        (2, S, 0x012, 5000, 1001, 0, ["note.acks_syn", PASS_NONE]),
        (3, C, 0x010, 1001, 5001, 0, ["note.acks_syn", PASS_NONE]),
        (4, C, 0x018, 1001, 5001, 10, ["note.ack_unchanged", PASS_NONE]),
        (5, S, 0x018, 5001, 1011, 5, ["note.ack_advances", "time.acks_one", PASS_NONE]),
        (6, C, 0x011, 1011, 5001, 0, ["note.ack_unchanged_waiting", PASS_NONE]),
        (7, S, 0x010, 5006, 1012, 0, ["note.acks_fin", PASS_NONE]),
    ]
    # frame 5's ack 1011 acknowledges frame 4 (1001-1010) whole, for the first time
    acks = {5: {"explain.acks.first": "4", "explain.acks.last": "4"}}
    out = []
    for frame, src, flags, seq, ack, length, ids in rows:
        ta = ()
        if plant and plant[0] == frame:
            ids, ta = plant[1], plant[2]
        out.append(row(frame, src, flags, seq, ack, length, ids, ta, extra=acks.get(frame)))
    return out


def problems(lines):
    oracle = claims.Oracle()
    oracle.run("selftest", lines)
    return oracle.problems


def main():
    failed = 0
    clean = problems(flow())
    if clean:
        print("not ok: true claims reported false: %s" % clean)
        failed = 1
    planted = [
        ("ack past the FIN where there is no FIN", (5, ["note.acks_fin", PASS_NONE], ())),
        ("nothing new while the receiver sent more", (6, ["note.ack_unchanged", PASS_NONE], ())),
        ("agree while Wireshark flags a duplicate ACK", (7, ["note.acks_fin", PASS_NONE],
                                                         ("duplicate_ack",))),
        ("not heard from the receiver after it sent", (3, ["ack.absent", PASS_NONE], ())),
        ("an ACK flag off with no ack.absent text", (1, [PASS_NONE], ())),
        ("the rest of a frame no earlier ACK reached", (5, ["time.acks_rest_one", PASS_NONE], ())),
        ("an ack inside the next segment where it ends a segment",
         (5, ["time.acks_one", "time.acks_into_next", PASS_NONE], ())),
        ("a gap where seq continues", (4, ["note.ack_unchanged", "event.lost_segment",
                                           "check.disagrees_with_tcp_analysis.fail"], ())),
    ]
    for what, plant in planted:
        found = problems(flow(plant))
        print("%s: %s" % ("ok" if found else "not ok", what))
        for p in found:
            print("    caught: " + p)
        failed |= not found
    print("selftest: %s" % ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
