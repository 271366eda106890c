/* explain_timing_placeholders.h - the {name}s the time-and-flow texts use
 * besides those of explain_placeholders.h ({sender}, {receiver},
 * {in_flight} and {peer_window} mean there what they mean here).
 * X(name, "what it stands for"); filled by explain_narrative_timing.c,
 * accepted by explain_placeholder_known(), documented in
 * annotations/README.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_TIMING_PLACEHOLDERS_H
#define EXPLAIN_TIMING_PLACEHOLDERS_H

#define EXPLAIN_TIMING_PLACEHOLDER_LIST(X)                                                  \
    X(acks_first,         "first frame whose data this ACK acknowledges")                  \
    X(acks_last,          "last frame whose data this ACK acknowledges")                   \
    X(acks_segments,      "how many segments this ACK acknowledges")                       \
    X(acks_bytes,         "sequence numbers newly acknowledged")                             \
    X(oldest,             "time since the oldest of them was sent")                         \
    X(rtt,                "round-trip time: from acks_last's sending to this ACK")         \
    X(peer_mss,           "the MSS the receiver offered")                                   \
    X(waited,             "how long the sender had to wait")                                \
    X(sack_list,          "the SACK blocks, relative, as first-last, ...")                 \
    X(sack_missing_first, "first sequence number the receiver still misses, relative")    \
    X(sack_missing_last,  "last one of that hole, relative")                                \
    X(retrans_after,      "time since the previous send of the same data")                  \
    X(retrans_prev_frame, "the frame of that previous send")                                \
    X(retrans_try,        "which send of the data this is (2: first resend)")              \
    X(rtt_min_seen,       "the shortest clean RTT measured on that data before")           \
    X(round_peak,         "most bytes in flight in the round trip that just ended")         \
    X(prev_round_peak,    "most bytes in flight in the round trip before it")               \
    X(client_role,        "the word for the client (role.client, teaching voice)")         \
    X(server_role,        "the word for the server (role.server, teaching voice)")         \
    X(client,             "the client's address:port")                                      \
    X(server,             "the server's address:port")                                      \
    X(mss_client,         "MSS the client offered")                                         \
    X(mss_server,         "MSS the server offered")                                         \
    X(wscale_client,      "window scale shift the client offered")                          \
    X(wscale_server,      "window scale shift the server offered")                          \
    X(duration,           "the stream's duration")                                          \
    X(client_bytes,       "new payload bytes the client sent")                              \
    X(client_resent,      "payload bytes the client sent again")                            \
    X(client_rate,        "client throughput, bytes per second")                            \
    X(server_bytes,       "new payload bytes the server sent")                              \
    X(server_resent,      "payload bytes the server sent again")                            \
    X(server_rate,        "server throughput, bytes per second")                            \
    X(bulk_side,          "the side that sent more payload (client or server)")            \
    X(rtt_min,            "shortest RTT measured on that side's data")                      \
    X(rtt_avg,            "average RTT measured on that side's data")                       \
    X(rtt_max,            "longest RTT measured on that side's data")                       \
    X(rtt_samples,        "how many RTTs were measured on it")                              \
    X(client_min_window,  "smallest window the client advertised, bytes")                  \
    X(server_min_window,  "smallest window the server advertised, bytes")                  \
    X(blocked,            "times the bulk side had to wait for the window")                \
    X(retrans_timeout,    "resends with no duplicate ACK before them (both sides)")        \
    X(retrans_fast,       "resends after duplicate ACKs (both sides)")                      \
    X(retrans_spurious,   "resends of data already acknowledged (both sides)")              \
    X(retrans_other,      "resends of a kind the capture cannot tell (both sides)")        \
    X(since_prev,         "time since the sender's previous segment")                       \
    X(since_start,        "time since the stream's first segment")

#endif /* EXPLAIN_TIMING_PLACEHOLDERS_H */
