/* explain_timing_types.h - what the engine remembers and says about time
 * and flow: which segments an ACK answers and when, bytes in flight
 * against the receiver's window, SACK blocks, retransmission timing, the
 * handshake's conclusions and the stream's totals.
 *
 * Types only (plain data: the store copies them into checkpoints); the
 * reasoning is in explain_timing.c, run by explain_segment() after the
 * rest of the engine (explain_timing.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_TIMING_TYPES_H
#define EXPLAIN_TIMING_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Unacknowledged segments remembered per direction. Beyond that many in
 * flight the newer ones are not remembered: ACKs covering them name no
 * frames and give no RTT (never a wrong one). 16 bytes each. */
#define EXPLAIN_TIMING_UNACKED 16

/* Times are kept per stream in microseconds after its first segment
 * (about 71 minutes); later times are "too late" and measure nothing. */
#define EXPLAIN_TIMING_TOO_LATE UINT32_MAX

/* One segment sent and not yet acknowledged. */
typedef struct {
    uint32_t start;    /* raw seq */
    uint32_t end;      /* raw seq + len + SYN + FIN */
    uint32_t frame;
    uint32_t t_us;     /* when it was sent, or EXPLAIN_TIMING_TOO_LATE */
} explain_timing_seg_t;

/* What the engine remembers of one direction's timing and flow. Fields
 * in order of size (8, 4, 2, 1 bytes): no padding, as the store keeps
 * many copies (live states, checkpoints). */
typedef struct {
    uint64_t rtt_sum_us;
    explain_timing_seg_t unacked[EXPLAIN_TIMING_UNACKED];  /* ring, oldest at head */
    uint32_t last_us;           /* this side's previous segment */
    uint32_t blocked_us;        /* when it had to start waiting */
    uint32_t blocked_count;     /* times the window stopped this side */
    uint32_t retry_start;       /* the data last sent again: [retry_start, retry_end) */
    uint32_t retry_end;
    uint32_t retry_us;          /* when it was last sent (again) */
    uint32_t sacked_bytes;      /* bytes this side's last SACK said it holds */
    /* Rounds, for the congestion hints: a round starts with a data
     * segment and ends when an ACK covers that segment (round_* and the
     * bools loss_in_round, loss_before below). */
    uint32_t round_end;         /* end of the round's first segment */
    uint32_t round_peak;        /* most bytes in flight during the round */
    uint32_t last_peak;         /* peak of the round that ended */
    uint32_t prev_peak;         /* peak of the round before it */
    uint32_t retry_wait_us;     /* how long the last resend came after the send before */
    uint32_t min_window;        /* smallest window in bytes this side advertised */
    uint32_t rtt_samples;       /* RTTs measured on this side's data */
    uint32_t rtt_min_us;
    uint32_t rtt_max_us;
    uint16_t gap_before;        /* bit per ring slot: segments before it were not remembered */
    uint16_t retrans_timeout;   /* retransmissions by kind */
    uint16_t retrans_fast;
    uint16_t retrans_spurious;
    uint16_t retrans_other;     /* the kind the capture cannot tell */
    uint8_t  head;
    uint8_t  count;
    uint8_t  pairs;             /* ACKs in a row from this side answering exactly two segments */
    uint8_t  tries;             /* sends of the same data so far (1 = the original) */
    bool     dropped;           /* a segment was not remembered: the next one starts a gap */
    bool     sent_any;          /* last_us is set */
    bool     sack_offered;      /* this side's SYN offered SACK */
    bool     blocked;           /* this side filled the peer's window and must wait */
    bool     sack_hole;         /* this side's last SACK reported a hole after its ack */
    bool     round_open;
    bool     round_done;        /* a round ended: hint on the next data segment */
    bool     loss_in_round;     /* this side resent data during the round */
    bool     loss_before;       /* ... during the round that just ended */
    bool     min_window_set;
} explain_timing_side_t;

/* Per stream. Zero is the state before the first segment. */
typedef struct {
    int64_t               start_ns;     /* time of the stream's first segment */
    explain_timing_side_t side[2];      /* indexed like explain_stream_t.side */
    bool                  started;
    bool                  summarized;   /* the end-of-stream summary was given */
} explain_timing_t;

/* Kinds of retransmission: X(ENUM_SUFFIX, "label", value). The value is
 * explain.retrans.kind's; the label names catalog texts. */
#define EXPLAIN_RETRANS_KIND_LIST(X)                 \
    X(NONE,     "none",     0)                       \
    X(TIMEOUT,  "timeout",  1)                       \
    X(FAST,     "fast",     2)                       \
    X(SPURIOUS, "spurious", 3)                       \
    X(UNKNOWN,  "unknown",  4)

typedef enum {
#define EXPLAIN_X_RK_ENUM(name, label, value) EXPLAIN_RETRANS_##name = value,
    EXPLAIN_RETRANS_KIND_LIST(EXPLAIN_X_RK_ENUM)
#undef EXPLAIN_X_RK_ENUM
    EXPLAIN_RETRANS_KIND_COUNT
} explain_retrans_kind_t;

/* What the bytes in flight per round trip look like: X(ENUM_SUFFIX, "label", value). */
#define EXPLAIN_CONGESTION_HINT_LIST(X)                  \
    X(NONE,        "none",        0)                     \
    X(SLOW_START,  "slow_start",  1)                     \
    X(AVOIDANCE,   "avoidance",   2)                     \
    X(AFTER_LOSS,  "after_loss",  3)

typedef enum {
#define EXPLAIN_X_CH_ENUM(name, label, value) EXPLAIN_CONGESTION_##name = value,
    EXPLAIN_CONGESTION_HINT_LIST(EXPLAIN_X_CH_ENUM)
#undef EXPLAIN_X_CH_ENUM
    EXPLAIN_CONGESTION_HINT_COUNT
} explain_congestion_hint_t;

/* Why the sender must wait. */
typedef enum {
    EXPLAIN_WAIT_NONE = 0,
    EXPLAIN_WAIT_WINDOW_FULL = 1,   /* bytes in flight reached the receiver's window */
    EXPLAIN_WAIT_BELOW_MSS = 2      /* the window is smaller than one full segment */
} explain_wait_t;

/* The totals of one side, for the end-of-stream summary. */
typedef struct {
    uint64_t payload;           /* new payload bytes sent */
    uint64_t resent;            /* payload bytes sent again */
    uint32_t rtt_samples;       /* RTTs measured on this side's data */
    uint32_t rtt_min_us;
    uint32_t rtt_max_us;
    uint32_t rtt_avg_us;
    uint32_t min_window;        /* smallest window it advertised, bytes */
    bool     min_window_set;
    uint32_t blocked_count;     /* times the peer's window stopped this side */
    uint16_t retrans_timeout;
    uint16_t retrans_fast;
    uint16_t retrans_spurious;
    uint16_t retrans_other;
} explain_timing_totals_t;

/* What the timing says about one segment: numbers only. */
typedef struct {
    int64_t  time_ns;           /* the frame's time */
    int64_t  since_start_ns;    /* since the stream's first segment */
    int64_t  since_prev_ns;     /* since the sender's previous segment, when has_prev */
    bool     has_prev;

    /* Which data this ACK answers (whole segments newly acknowledged). */
    bool     acks_known;        /* acks_first..acks_last are the frames */
    uint32_t acks_first;
    uint32_t acks_last;
    uint32_t acks_segments;
    uint32_t acks_bytes;        /* sequence numbers newly acknowledged (out->acked_new) */
    bool     acks_rest;         /* an earlier ACK covered part of acks_first: this one the rest */
    bool     acks_into_next;    /* the ack ends inside the segment sent after acks_last */
    bool     rtt_known;         /* acks_last ends exactly at the ack */
    int64_t  rtt_ns;            /* from acks_last's sending to this ACK */
    bool     rtt_resent;        /* acks_last's data was sent again since */
    int64_t  oldest_ns;         /* from acks_first's sending to this ACK */
    bool     delayed_ack;       /* two segments per ACK, as the ACK before */
    bool     delayed_timer;     /* one segment, RTT well over the shortest seen: the
                                   receiver's delayed-ACK timer, it looks like */
    int64_t  rtt_min_seen_ns;   /* the shortest clean RTT on this data before, when delayed_timer */
    bool     sack_recovered;    /* the hole this side's SACKs reported is filled: this
                                   ACK covers the segments held beyond it at once */

    /* Flow: a segment carrying data. */
    bool     in_flight_known;
    uint64_t in_flight;         /* bytes sent and not acknowledged, after this one */
    bool     peer_window_known;
    uint64_t peer_window;       /* the receiver's last window, bytes */
    uint16_t peer_mss;          /* MSS the receiver offered, 0 unknown */
    uint8_t  must_wait;         /* explain_wait_t */
    /* On the receiver's segment that lets a waiting sender go on. */
    bool     waited_known;
    int64_t  waited_ns;

    /* SACK blocks of this ACK, relative to the receiver's ISN. */
    uint8_t  sack_count;
    uint32_t sack_le_rel[4];
    uint32_t sack_re_rel[4];
    bool     sack_missing;      /* the ack..first block hole: */
    uint32_t sack_missing_first;    /* first missing sequence number, relative */
    uint32_t sack_missing_last;     /* last missing one, relative */

    /* Retransmission timing. */
    uint8_t  retrans_kind;      /* explain_retrans_kind_t */
    bool     retrans_after_known;
    int64_t  retrans_after_ns;  /* since the previous send of the same data */
    uint32_t retrans_prev_frame;    /* that previous send, 0 unknown */
    uint8_t  retrans_try;       /* 2 for the first resend, 3 for the next... */
    bool     retrans_backoff;   /* the wait at least doubled since the previous try */

    /* Congestion hint, on the first data segment of a round trip. */
    uint8_t  congestion_hint;   /* explain_congestion_hint_t */
    uint32_t round_peak;        /* most bytes in flight in the round trip that ended */
    uint32_t prev_round_peak;   /* ... in the one before */

    /* Handshake conclusions, on the handshake's third step. */
    bool     handshake_summary;
    uint16_t mss_client;        /* 0 when not offered */
    uint16_t mss_server;
    bool     sack_in_force;     /* both offered */
    bool     wscale_in_force;   /* both offered */
    int8_t   wscale_client;     /* shift offered, -1 none */
    int8_t   wscale_server;
    uint8_t  client_addr[16];   /* client and server address (4 or 16 bytes) and port */
    uint8_t  client_addr_len;
    uint16_t client_port;
    uint8_t  server_addr[16];
    uint8_t  server_addr_len;
    uint16_t server_port;

    /* End of stream: on the segment that closes it (FIN's last ACK, RST),
     * or, with summary_so_far, on the last segment of a stream the capture
     * holds no later segment of and that did not close
     * (explain_timing_summary_so_far()). */
    bool     stream_summary;
    bool     summary_so_far;
    int64_t  duration_ns;
    explain_timing_totals_t client;
    explain_timing_totals_t server;
} explain_timing_result_t;

/* The kind's label ("timeout"), or "?" when out of range. */
const char *explain_retrans_kind_label(explain_retrans_kind_t kind);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_TIMING_TYPES_H */
