/* explain_placeholders.h - every {name} a catalog text may use.
 *
 * X(name, "what it stands for"). The narrative fills them from a result;
 * the catalog rejects texts that use any other name. annotations/README.md
 * documents the same list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_PLACEHOLDERS_H
#define EXPLAIN_PLACEHOLDERS_H

#define EXPLAIN_PLACEHOLDER_LIST(X)                                                        \
    X(sender,             "who sent this segment: client, server, or the port when unknown") \
    X(receiver,           "who receives it")                                               \
    X(sender_port,        "the sender's TCP port")                                         \
    X(receiver_port,      "the receiver's TCP port")                                       \
    X(flags,              "the flags set, e.g. SYN, ACK")                                  \
    X(frame,              "this frame's number")                                           \
    X(seq_rel,            "sequence number, relative")                                     \
    X(seq_raw,            "sequence number, raw (as on the wire)")                         \
    X(ack_rel,            "acknowledgment number, relative")                               \
    X(ack_raw,            "acknowledgment number, raw")                                    \
    X(nxtseq_rel,         "next sequence number (seq + len + SYN + FIN), relative")        \
    X(nxtseq_raw,         "next sequence number, raw")                                     \
    X(len,                "payload bytes in this segment")                                 \
    X(len_bytes,          "the same with its unit: \"1 byte\", \"34 bytes\" (word.byte, word.bytes)") \
    X(syn,                "1 when SYN is set, else 0")                                     \
    X(fin,                "1 when FIN is set, else 0")                                     \
    X(isn_raw,            "the sender's initial sequence number, raw")                     \
    X(isn_next_raw,       "the sender's ISN + 1, raw")                                     \
    X(peer_isn_raw,       "the receiver's initial sequence number, raw")                   \
    X(peer_isn_next_raw,  "the receiver's ISN + 1, raw")                                   \
    X(acked,              "sequence numbers newly acknowledged by this segment")           \
    X(prev_ack_rel,       "what the sender acknowledged before (or the receiver's ISN), relative") \
    X(prev_ack_raw,       "what the sender acknowledged before (or the receiver's ISN), raw") \
    X(expected_rel,       "the value a check expected, relative")                          \
    X(expected_raw,       "the value a check expected, raw")                               \
    X(window_raw,         "the window field as sent")                                      \
    X(wscale_shift,       "the window scale shift in force")                               \
    X(wscale_factor,      "the window scale multiplier (2 to the shift)")                  \
    X(window_bytes,       "the window in bytes after scaling")                             \
    X(mss,                "maximum segment size offered")                                  \
    X(opt_wscale_shift,   "window scale shift offered in this SYN")                        \
    X(opt_wscale_factor,  "window scale multiplier offered in this SYN")                   \
    X(tsval,              "timestamp value of this segment")                               \
    X(tsecr,              "timestamp echoed back")                                         \
    X(payload_total,      "new payload bytes the sender has sent so far")                  \
    X(seq_consumed,       "sequence numbers the sender has used so far")                   \
    X(syn_count,          "SYNs counted in seq_consumed (0 or 1)")                         \
    X(fin_count,          "FINs counted in seq_consumed (0 or 1)")                         \
    X(gap_bytes,          "sequence numbers the sender used that were not captured")       \
    X(peer_payload_total, "new payload bytes the receiver has sent so far")                \
    X(peer_seq_consumed,  "sequence numbers the receiver has used so far")                 \
    X(peer_syn_count,     "the receiver's SYN count (0 or 1)")                             \
    X(peer_fin_count,     "the receiver's FIN count (0 or 1)")                             \
    X(peer_gap_bytes,     "sequence numbers the receiver used that were not captured")     \
    X(handshake_step,     "1, 2 or 3 in the handshake")                                    \
    X(teardown_step,      "1 to 4 in the teardown")                                        \
    X(phase,              "the phase of the connection after this segment (word.phase.*)") \
    X(prev_next_rel,      "the sender's next seq before this segment, relative")          \
    X(prev_next_raw,      "the sender's next seq before this segment, raw")               \
    X(peer_next_rel,      "how far the receiver was seen sending (its next seq), relative") \
    X(peer_ack_rel,       "the highest ack the receiver has sent, relative to the sender") \
    X(gap_len,            "bytes skipped: seq minus the expected next seq")               \
    X(orig_frame,         "the frame that first carried retransmitted bytes")             \
    X(dup_ack_count,      "which duplicate ACK this is (1, 2, 3 ...)")                     \
    X(prev_window_raw,    "the sender's previous window field")                           \
    X(in_flight,          "bytes sent and not yet acknowledged")                          \
    X(peer_window,        "the receiver's window in bytes")                               \
    X(retrans_bytes,      "payload bytes the sender has sent again so far")               \
    X(peer_retrans_bytes, "payload bytes the receiver has sent again so far")             \
    X(our_verdict,        "what tcp-explain sees on this segment (word.event.*)")        \
    X(ws_verdict,         "what Wireshark's tcp.analysis flags say")                      \
    X(missing_steps,      "handshake and teardown steps not seen so far (word.step.*)") \
    X(peer_fin_rel,       "the receiver's FIN: its sequence number, relative")            \
    X(mod_seq,            "\" mod 2^32\" (word.mod32) when seq_raw + len + SYN + FIN wraps, else empty") \
    X(mod_ack,            "\" mod 2^32\" (word.mod32) when prev_ack_raw + acked wraps, else empty") \
    X(mod_isn,            "\" mod 2^32\" (word.mod32) when peer_isn_raw + 1 wraps, else empty") \
    X(gap_total,          "sequence numbers both sides used that were not captured")       \
    X(prev_window_bytes,  "the sender's previous window in bytes (window update)")        \
    X(back_len,           "how far seq is below the expected next seq")                   \
    X(event,              "the segment's main event (word.event.*)")                      \
    X(ws_compared,        "the tcp.analysis flags the comparison with Wireshark covers")  \
    X(our_compared,       "our events the comparison with Wireshark covers (word.event.*)") \
    X(wire_bytes,         "payload bytes the sender put on the wire so far: new + sent again") \
    X(peer_wire_bytes,    "payload bytes the receiver put on the wire so far") \
    X(checks_passed,      "how many checks passed on this segment")                       \
    X(checks_explained,   "how many checks an event of this segment explains")            \
    X(checks_failed,      "how many checks failed on this segment, unexplained")

/* True when name (not NUL-terminated, name_len bytes) is a known placeholder. */
#include <stdbool.h>
#include <stddef.h>
bool explain_placeholder_known(const char *name, size_t name_len);

#endif /* EXPLAIN_PLACEHOLDERS_H */
