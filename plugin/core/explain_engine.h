/* explain_engine.h - the TCP reasoning of tcp-explain.
 *
 * Plain C11, no I/O, no Wireshark headers. The caller owns one
 * explain_stream_t per TCP stream and feeds it the facts of each segment
 * in capture order; the engine fills one explain_result_t per segment.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_ENGINE_H
#define EXPLAIN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "explain_timing_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TCP header flag bits, as on the wire (AE is the 9th bit). */
enum {
    EXPLAIN_TH_FIN = 0x001,
    EXPLAIN_TH_SYN = 0x002,
    EXPLAIN_TH_RST = 0x004,
    EXPLAIN_TH_PSH = 0x008,
    EXPLAIN_TH_ACK = 0x010,
    EXPLAIN_TH_URG = 0x020,
    EXPLAIN_TH_ECE = 0x040,
    EXPLAIN_TH_CWR = 0x080,
    EXPLAIN_TH_AE  = 0x100
};

/* Wireshark's TCP analysis verdicts that the engine takes as input:
 * X(ENUM_SUFFIX, "wireshark field name"). One bit each in
 * explain_facts_t.analysis. */
#define EXPLAIN_TCP_ANALYSIS_LIST(X)                                      \
    X(RETRANSMISSION,          "tcp.analysis.retransmission")           \
    X(FAST_RETRANSMISSION,     "tcp.analysis.fast_retransmission")      \
    X(SPURIOUS_RETRANSMISSION, "tcp.analysis.spurious_retransmission")  \
    X(OUT_OF_ORDER,            "tcp.analysis.out_of_order")             \
    X(LOST_SEGMENT,            "tcp.analysis.lost_segment")             \
    X(ACK_LOST_SEGMENT,        "tcp.analysis.ack_lost_segment")         \
    X(DUPLICATE_ACK,           "tcp.analysis.duplicate_ack")            \
    X(ZERO_WINDOW,             "tcp.analysis.zero_window")              \
    X(ZERO_WINDOW_PROBE,       "tcp.analysis.zero_window_probe")        \
    X(ZERO_WINDOW_PROBE_ACK,   "tcp.analysis.zero_window_probe_ack")    \
    X(WINDOW_FULL,             "tcp.analysis.window_full")              \
    X(WINDOW_UPDATE,           "tcp.analysis.window_update")            \
    X(KEEP_ALIVE,              "tcp.analysis.keep_alive")               \
    X(KEEP_ALIVE_ACK,          "tcp.analysis.keep_alive_ack")           \
    X(REUSED_PORTS,            "tcp.analysis.reused_ports")             \
    X(TFO_SYN,                 "tcp.analysis.tfo_syn")                  \
    X(TFO_ACK,                 "tcp.analysis.tfo_ack")                  \
    X(TFO_IGNORED,             "tcp.analysis.tfo_ignored")

enum {
#define EXPLAIN_X_TA_INDEX(name, field) EXPLAIN_TA_INDEX_##name,
    EXPLAIN_TCP_ANALYSIS_LIST(EXPLAIN_X_TA_INDEX)
#undef EXPLAIN_X_TA_INDEX
    EXPLAIN_TA_COUNT
};
enum {
#define EXPLAIN_X_TA_BIT(name, field) EXPLAIN_TA_##name = 1u << EXPLAIN_TA_INDEX_##name,
    EXPLAIN_TCP_ANALYSIS_LIST(EXPLAIN_X_TA_BIT)
#undef EXPLAIN_X_TA_BIT
    EXPLAIN_TA_NONE = 0
};

/* The tcp.analysis flags that the TCP_ANALYSIS check compares with an
 * event of ours (the others, like TCP Fast Open or reused ports, it
 * leaves out). */
#define EXPLAIN_TA_COMPARED                                                   \
    (EXPLAIN_TA_RETRANSMISSION | EXPLAIN_TA_FAST_RETRANSMISSION               \
     | EXPLAIN_TA_SPURIOUS_RETRANSMISSION | EXPLAIN_TA_OUT_OF_ORDER           \
     | EXPLAIN_TA_LOST_SEGMENT | EXPLAIN_TA_ACK_LOST_SEGMENT                  \
     | EXPLAIN_TA_DUPLICATE_ACK | EXPLAIN_TA_ZERO_WINDOW                      \
     | EXPLAIN_TA_ZERO_WINDOW_PROBE | EXPLAIN_TA_ZERO_WINDOW_PROBE_ACK         \
     | EXPLAIN_TA_WINDOW_FULL | EXPLAIN_TA_WINDOW_UPDATE                      \
     | EXPLAIN_TA_KEEP_ALIVE | EXPLAIN_TA_KEEP_ALIVE_ACK)

/* The consistency checks: X(ENUM_SUFFIX, "id", severity). A check fails
 * when something is off; TCP_ANALYSIS fails when our verdict on the
 * segment differs from Wireshark's tcp.analysis flags.
 * The id names the display filter field explain.check.<id> and the
 * catalog groups check.<id>.pass / check.<id>.fail. Severity is one of
 * NOTE, WARN, ERROR (mapped to Wireshark's PI_* by the adapter). */
#define EXPLAIN_CHECK_LIST(X)                                     \
    X(SYNACK_ACK,        "synack_ack",        WARN)               \
    X(HANDSHAKE_ACK,     "handshake_ack",     WARN)               \
    X(SEQ_CONTINUES,     "seq_continues",     WARN)               \
    X(ACK_WITHIN_SENT,   "ack_within_sent",   WARN)               \
    X(NOTHING_AFTER_FIN, "nothing_after_fin", WARN)               \
    X(NXTSEQ_AGREES,     "nxtseq_agrees",     NOTE)               \
    X(TCP_ANALYSIS,      "disagrees_with_tcp_analysis", NOTE)

typedef enum {
#define EXPLAIN_X_CHECK_ENUM(name, id, sev) EXPLAIN_CHECK_##name,
    EXPLAIN_CHECK_LIST(EXPLAIN_X_CHECK_ENUM)
#undef EXPLAIN_X_CHECK_ENUM
    EXPLAIN_CHECK_COUNT
} explain_check_t;

typedef enum {
    EXPLAIN_SEVERITY_NOTE,
    EXPLAIN_SEVERITY_WARN,
    EXPLAIN_SEVERITY_ERROR
} explain_severity_t;

/* What a check says about one segment. A check that ran either passed,
 * or found something off: then it is EXPLAINED when an event of the
 * segment accounts for it (a retransmission explains a seq below the next
 * expected one, a gap one above it), else FAILED. Only FAILED raises
 * explain.check.failed and the check's expert info. */
typedef enum {
    EXPLAIN_CHECK_NOT_RUN = 0,
    EXPLAIN_CHECK_PASSED,
    EXPLAIN_CHECK_EXPLAINED,
    EXPLAIN_CHECK_FAILED,
    EXPLAIN_CHECK_STATE_COUNT
} explain_check_state_t;

/* "not-run", "passed", "explained" or "failed" ("?" out of range). */
const char *explain_check_state_label(explain_check_state_t state);

/* The check's short id ("synack_ack"), or NULL when out of range. */
const char *explain_check_id(explain_check_t check);
/* How serious a failure of this check is. */
explain_severity_t explain_check_severity(explain_check_t check);

/* What a segment does in its connection: X(ENUM_SUFFIX, "label", value).
 * Values are stable: they are the values of the explain.step field. */
#define EXPLAIN_STEP_LIST(X)                                       \
    X(OTHER,          "other",          0)                         \
    X(SYN,            "syn",            1)                         \
    X(SYN_ACK,        "syn-ack",        2)                         \
    X(HANDSHAKE_ACK,  "handshake-ack",  3)                         \
    X(DATA,           "data",           4)                         \
    X(ACK,            "ack",            5)                         \
    X(FIN,            "fin",            6)                         \
    X(FIN_ACK,        "ack-of-fin",     7)                         \
    X(PASSIVE_FIN,    "second-fin",     8)                         \
    X(LAST_ACK,       "last-ack",       9)                         \
    X(RST,            "rst",            10)

typedef enum {
#define EXPLAIN_X_STEP_ENUM(name, label, value) EXPLAIN_STEP_##name = value,
    EXPLAIN_STEP_LIST(EXPLAIN_X_STEP_ENUM)
#undef EXPLAIN_X_STEP_ENUM
    EXPLAIN_STEP_COUNT
} explain_step_t;

#define EXPLAIN_PHASE_LIST(X)                                      \
    X(UNKNOWN,     "unknown",     0)                               \
    X(HANDSHAKE,   "handshake",   1)                               \
    X(ESTABLISHED, "established", 2)                               \
    X(TEARDOWN,    "teardown",    3)                               \
    X(CLOSED,      "closed",      4)

typedef enum {
#define EXPLAIN_X_PHASE_ENUM(name, label, value) EXPLAIN_PHASE_##name = value,
    EXPLAIN_PHASE_LIST(EXPLAIN_X_PHASE_ENUM)
#undef EXPLAIN_X_PHASE_ENUM
    EXPLAIN_PHASE_COUNT
} explain_phase_t;

#define EXPLAIN_ROLE_LIST(X)                                       \
    X(UNKNOWN, "unknown", 0)                                       \
    X(CLIENT,  "client",  1)                                       \
    X(SERVER,  "server",  2)

typedef enum {
#define EXPLAIN_X_ROLE_ENUM(name, label, value) EXPLAIN_ROLE_##name = value,
    EXPLAIN_ROLE_LIST(EXPLAIN_X_ROLE_ENUM)
#undef EXPLAIN_X_ROLE_ENUM
    EXPLAIN_ROLE_COUNT
} explain_role_t;

/* How the engine knows who is client and who is server. */
typedef enum {
    EXPLAIN_ROLE_BASIS_NONE = 0,   /* not decided yet */
    EXPLAIN_ROLE_BASIS_SYN  = 1,   /* the side that sent the first SYN */
    EXPLAIN_ROLE_BASIS_PORT = 2    /* handshake not captured: lower port is the server */
} explain_role_basis_t;

/* Labels for the enums above ("syn-ack", "established", "client"),
 * or "?" when out of range. */
const char *explain_step_label(explain_step_t step);
const char *explain_phase_label(explain_phase_t phase);
const char *explain_role_label(explain_role_t role);

/* Notes: facts about one segment that the narrative mentions.
 * X(ENUM_SUFFIX, "catalog key suffix") - the catalog group is note.<key>. */
#define EXPLAIN_NOTE_LIST(X)                                       \
    X(MIDSTREAM_FIRST,     "midstream_first")                      \
    X(ROLE_BY_PORT,        "role_by_port")                         \
    X(SYN_RETRANSMITTED,   "syn_retransmitted")                    \
    X(NEW_CONNECTION,      "new_connection")                       \
    X(HANDSHAKE_DATA,      "handshake_data")                       \
    X(SYN_DATA,            "syn_data")                             \
    X(PSH,                 "psh")                                  \
    X(URG,                 "urg")                                  \
    X(ACK_UNCHANGED,       "ack_unchanged")                        \
    X(ACK_ADVANCES,        "ack_advances")                         \
    X(ACKS_SYN,            "acks_syn")                             \
    X(ACKS_FIN,            "acks_fin")                             \
    X(FIN_WITH_DATA,       "fin_with_data")                        \
    X(FIN_ALSO_ACKS_FIN,   "fin_also_acks_fin")                    \
    X(HALF_CLOSE_DATA,     "half_close_data")                      \
    X(WINDOW_SCALED,       "window_scaled")                        \
    X(WINDOW_UNSCALED,     "window_unscaled")                      \
    X(WINDOW_SCALE_UNKNOWN, "window_scale_unknown")                \
    X(OPT_MSS,             "opt_mss")                              \
    X(OPT_WSCALE,          "opt_wscale")                           \
    X(OPT_SACK_PERM,       "opt_sack_perm")                        \
    X(OPT_TIMESTAMPS,      "opt_timestamps")                       \
    X(RST_IN_HANDSHAKE,    "rst_in_handshake")                     \
    X(RST_ESTABLISHED,     "rst_established")                      \
    X(RST_AFTER_FIN,       "rst_after_fin")                        \
    X(RECONCILE,           "reconcile")                            \
    X(AFTER_CLOSE,         "after_close")

typedef enum {
#define EXPLAIN_X_NOTE_ENUM(name, key) EXPLAIN_NOTE_##name,
    EXPLAIN_NOTE_LIST(EXPLAIN_X_NOTE_ENUM)
#undef EXPLAIN_X_NOTE_ENUM
    EXPLAIN_NOTE_COUNT
} explain_note_t;

/* The note's catalog key suffix ("psh"), or NULL when out of range. */
const char *explain_note_key(explain_note_t note);

/* What went unusual on a segment: X(ENUM_SUFFIX, "label", value), in order
 * of priority (the first that applies is the segment's main event). The
 * label names the catalog group event.<label> and the explain.event value. */
#define EXPLAIN_EVENT_LIST(X)                                          \
    X(NONE,                   "none",                   0)             \
    X(REUSED_PORTS,           "reused_ports",           1)             \
    X(SIMULTANEOUS_OPEN,      "simultaneous_open",      2)             \
    X(TFO_SYN,                "tfo_syn",                3)             \
    X(SYN_DATA,               "syn_data",               4)             \
    X(TFO_ACCEPTED,           "tfo_accepted",           5)             \
    X(TFO_IGNORED,            "tfo_ignored",            6)             \
    X(RST_REFUSED,            "rst_refused",            7)             \
    X(RST_ABORT,              "rst_abort",              8)             \
    X(RST_AFTER_FIN,          "rst_after_fin",          9)             \
    X(SPURIOUS_RETRANSMISSION, "spurious_retransmission", 10)          \
    X(FAST_RETRANSMISSION,    "fast_retransmission",    11)            \
    X(RETRANSMISSION,         "retransmission",         12)            \
    X(OUT_OF_ORDER,           "out_of_order",           13)            \
    X(LOST_SEGMENT,           "lost_segment",           14)            \
    X(KEEP_ALIVE,             "keep_alive",             15)            \
    X(KEEP_ALIVE_ACK,         "keep_alive_ack",         16)            \
    X(ZERO_WINDOW_PROBE,      "zero_window_probe",      17)            \
    X(ZERO_WINDOW_PROBE_ACK,  "zero_window_probe_ack",  18)            \
    X(ZERO_WINDOW,            "zero_window",            19)            \
    X(WINDOW_FULL,            "window_full",            20)            \
    X(DUP_ACK,                "dup_ack",                21)            \
    X(WINDOW_UPDATE,          "window_update",          22)            \
    X(ACK_UNSEEN,             "ack_unseen",             23)            \
    X(SIMULTANEOUS_CLOSE,     "simultaneous_close",     24)            \
    X(HALF_CLOSE,             "half_close",             25)            \
    X(SEQ_WRAP,               "seq_wrap",               26)            \
    X(WINDOW_SCALE_UNKNOWN,   "window_scale_unknown",   27)

typedef enum {
#define EXPLAIN_X_EVENT_ENUM(name, label, value) EXPLAIN_EVENT_##name = value,
    EXPLAIN_EVENT_LIST(EXPLAIN_X_EVENT_ENUM)
#undef EXPLAIN_X_EVENT_ENUM
    EXPLAIN_EVENT_COUNT
} explain_event_t;

/* Bit of an event in explain_result_t.events. */
#define EXPLAIN_EVENT_BIT(event) (UINT32_C(1) << (event))

/* The event's label ("retransmission"), or "?" when out of range. */
const char *explain_event_label(explain_event_t event);

/* One end of a connection: address bytes (4 for IPv4, 16 for IPv6) and port. */
typedef struct {
    uint8_t  addr[16];
    uint8_t  addr_len;
    uint16_t port;
} explain_endpoint_t;

/* True when a and b are the same endpoint: same addr_len, port and the
 * address bytes addr_len covers (at most 16). IPv4 and IPv6 lengths are
 * compared with a fixed size, which compilers inline (no memcmp call). */
static inline bool explain_endpoint_equal(const explain_endpoint_t *a, const explain_endpoint_t *b)
{
    if (a->port != b->port || a->addr_len != b->addr_len)
        return false;
    if (a->addr_len == 4)
        return memcmp(a->addr, b->addr, 4) == 0;
    if (a->addr_len >= sizeof a->addr)
        return memcmp(a->addr, b->addr, sizeof a->addr) == 0;
    return memcmp(a->addr, b->addr, a->addr_len) == 0;
}

/* TCP options of one segment, as far as the explanation needs them. */
typedef struct {
    bool     has_mss;
    bool     has_wscale;
    bool     sack_permitted;
    bool     has_timestamps;
    uint16_t mss;
    uint8_t  wscale_shift;
    uint8_t  sack_blocks;
    bool     has_tfo;         /* TCP Fast Open option (cookie or request) */
    uint32_t tsval;
    uint32_t tsecr;
} explain_tcp_options_t;

/* SACK blocks the facts carry (a SACK option has room for at most 4). */
#define EXPLAIN_SACK_MAX 4

/* Everything the engine is told about one TCP segment. */
typedef struct {
    uint32_t              frame;          /* frame number, for references */
    uint32_t              stream;         /* Wireshark's tcp.stream */
    explain_endpoint_t    src;
    explain_endpoint_t    dst;
    uint16_t              flags;          /* EXPLAIN_TH_* */
    uint32_t              seq_raw;
    uint32_t              ack_raw;
    uint32_t              payload_len;    /* tcp.len */
    uint16_t              window_raw;     /* tcp.window_size_value */
    explain_tcp_options_t opts;
    uint32_t              analysis;       /* EXPLAIN_TA_* bits */
    bool                  has_analysis;   /* Wireshark's SEQ/ACK analysis ran on this segment */
    uint32_t              dup_ack_count;  /* tcp.analysis.duplicate_ack_num */
    bool                  has_ws_nxtseq;  /* Wireshark gave tcp.seq and tcp.nxtseq */
    uint32_t              ws_seq;         /* tcp.seq as Wireshark showed it */
    uint32_t              ws_nxtseq;      /* tcp.nxtseq as Wireshark showed it */
    int64_t               time_ns;        /* the frame's time: nanoseconds since the epoch */
    uint32_t              sack_le[EXPLAIN_SACK_MAX];  /* raw SACK block edges, in option order: */
    uint32_t              sack_re[EXPLAIN_SACK_MAX];  /* the first min(opts.sack_blocks, 4), rest 0 */
} explain_facts_t;

/* How many recent segments per direction the engine remembers. */
#define EXPLAIN_RECENT_SEGMENTS 8

/* How many ranges of missing bytes per direction the engine remembers. */
#define EXPLAIN_GAP_SLOTS 8

/* One direction of a stream, as the engine has seen it so far. Fields in
 * order of size (8, 4, 2, 1 bytes): no padding, as the store keeps many
 * copies (live states, checkpoints). */
typedef struct {
    uint64_t payload_total;  /* new payload bytes (not counting resends) */
    uint64_t last_window_bytes; /* last advertised window in bytes, when scale known */
    uint64_t retrans_bytes;  /* payload bytes sent again: captured before, captured again */
    uint64_t last_window_ws; /* previous window as Wireshark compares it (scaled when known) */
    uint64_t seq_consumed;   /* sequence numbers used since origin (wrap-proof) */
    uint32_t base;           /* raw number shown as relative 0 (ISN, or first seen - 1) */
    uint32_t origin;         /* first sequence number this side used (ISN if SYN seen) */
    uint32_t isn;            /* valid when syn_seen */
    uint32_t next_seq;       /* raw: highest seq + len + SYN + FIN sent so far */
    uint32_t fin_seq;        /* raw seq of the FIN, valid when fin_seen */
    uint32_t highest_ack;    /* raw: highest ack this side sent */
    uint32_t last_seq;       /* seq of this side's previous segment */
    uint32_t hole_start;
    uint32_t hole_end;
    uint32_t dup_acks;       /* duplicate ACKs in a row for highest_ack */
    uint32_t packets;
    uint32_t syn_payload;    /* payload carried on this side's SYN */
    uint32_t last_ack;       /* ack of this side's previous ACK segment */
    uint32_t evicted_lo;     /* the span of the segments that fell out of recent[]: */
    uint32_t evicted_hi;     /* [lo, hi), raw; a seq inside may be older than recent[] says */
    /* Ranges of this side's sequence space not (yet) in the capture: bytes
     * that fill one are new bytes, whatever order they arrive in. */
    struct {
        uint32_t start;
        uint32_t end;
    } gaps[EXPLAIN_GAP_SLOTS];
    /* The last few segments sent, to name the frame a retransmission repeats. */
    struct {
        uint32_t seq;
        uint32_t end;
        uint32_t frame;
    } recent[EXPLAIN_RECENT_SEGMENTS];
    explain_endpoint_t endpoint;
    uint16_t mss;            /* 0 when not offered */
    uint16_t last_window;    /* raw window of this side's previous segment */
    int8_t   wscale_offered; /* shift offered in this side's SYN, -1 if none */
    uint8_t  gap_count;
    uint8_t  recent_next;    /* slot of recent[] to write next */
    uint8_t  recent_count;
    bool     base_set;       /* base is known */
    bool     origin_set;     /* origin is known */
    bool     syn_seen;
    bool     next_set;
    bool     fin_seen;
    bool     ack_set;
    bool     fin_acked;      /* the peer acknowledged this side's FIN */
    bool     window_set;
    bool     last_seq_set;
    bool     synack_sent;        /* this side sent a SYN-ACK */
    bool     keepalive_pending;  /* sent a keep-alive not yet answered */
    bool     probe_pending;      /* sent a zero-window probe not yet answered */
    bool     hole_set;           /* a gap [hole_start, hole_end) is open */
    bool     syn_tfo;        /* this side's SYN carried a TCP Fast Open option */
    bool     window_bytes_known;
    bool     last_window_unscaled; /* previous window was a SYN's, never scaled */
    bool     last_ack_set;
    bool     evicted_set;    /* some segment fell out of recent[] */
} explain_side_t;

/* Everything the engine remembers about one stream. Zero it with
 * explain_stream_init() before the first segment. Owned by the caller. */
typedef struct {
    bool           started;
    bool           syn_seen;          /* some SYN seen: handshake captured */
    bool           synack_seen;
    bool           handshake_done;
    bool           closed;
    int8_t         client_side;       /* 0 or 1, -1 unknown */
    int8_t         first_fin_side;    /* -1 none yet */
    uint8_t        role_basis;        /* explain_role_basis_t */
    uint8_t        phase;             /* explain_phase_t */
    uint8_t        teardown_seen;     /* highest teardown step (1..4) seen */
    uint16_t       steps_seen;        /* bit (1 << explain_step_t) per step seen */
    uint32_t       segments;
    explain_side_t side[2];           /* side[0] sent the first segment seen */
    explain_timing_t timing;          /* time and flow (explain_timing.h) */
} explain_stream_t;

/* Bit of a check in explain_result_t's check masks. */
#define EXPLAIN_CHECK_BIT(check) (1u << (check))
/* Bit of a note in explain_result_t.notes. */
#define EXPLAIN_NOTE_BIT(note) (UINT64_C(1) << (note))

/* The engine's verdict on one segment: numbers and ids only, no text. */
typedef struct {
    uint8_t  step;              /* explain_step_t */
    uint8_t  phase;             /* explain_phase_t after this segment */
    uint8_t  role;              /* explain_role_t of the sender */
    uint8_t  role_basis;        /* explain_role_basis_t */
    uint8_t  handshake_step;    /* 1..3, 0 if not a handshake step */
    uint8_t  teardown_step;     /* 1..4, 0 if not a teardown step */
    uint8_t  sender_side;       /* 0 or 1 (index into the stream's sides) */
    int8_t   wscale_shift;      /* window scale applied to this segment, -1 unknown, -2 none */
    uint16_t flags;
    uint16_t window_raw;
    uint16_t sender_port;
    uint16_t receiver_port;
    uint32_t frame;
    uint32_t seq_raw;
    uint32_t seq_rel;
    uint32_t nxtseq_raw;        /* seq + len + SYN + FIN */
    uint32_t nxtseq_rel;
    uint32_t ack_raw;
    uint32_t ack_rel;           /* valid when ack_known */
    bool     ack_known;         /* ACK flag set and the peer's base is known */
    bool     peer_isn_known;
    bool     isn_known;
    uint32_t isn_raw;           /* sender's ISN, valid when isn_known */
    uint32_t peer_isn_raw;      /* receiver's ISN, valid when peer_isn_known */
    uint32_t payload_len;
    uint32_t acked_new;         /* sequence numbers newly acknowledged by this ack */
    uint32_t base_raw;          /* sender's relative base: seq_rel = seq_raw - base_raw */
    uint32_t peer_base_raw;     /* receiver's relative base, valid when ack_known */
    uint32_t prev_next_raw;     /* sender's next seq before this segment, when prev_next_known */
    uint32_t prev_ack_raw;      /* sender's highest ack before this segment (or the peer's first seq), when prev_ack_known */
    uint32_t peer_next_raw;     /* highest next seq the receiver has sent, when peer_next_known */
    uint32_t peer_ack_raw;      /* highest ack the receiver has sent, when peer_ack_known */
    bool     peer_ack_known;
    uint32_t fin_seq_raw;       /* seq of the sender's FIN, when the sender has sent one */
    uint32_t peer_fin_seq_raw;  /* seq of the receiver's FIN, when the receiver has sent one */
    uint32_t ws_nxtseq_raw;     /* Wireshark's next seq made raw, when ws_nxtseq_known */
    bool     prev_next_known;
    bool     prev_ack_known;
    bool     peer_next_known;
    bool     fin_seen;          /* the sender has sent a FIN (this one or earlier) */
    bool     peer_fin_seen;
    bool     ws_nxtseq_known;
    uint64_t window_bytes;      /* window_raw << shift when known */
    uint64_t payload_total;     /* sender: new payload bytes so far */
    uint64_t seq_consumed;      /* sender: sequence numbers used so far */
    uint64_t peer_payload_total;
    uint64_t peer_seq_consumed;
    uint8_t  syn_count;         /* sender: SYN counted in seq_consumed (0/1) */
    uint8_t  fin_count;         /* sender: FIN counted (0/1) */
    uint8_t  peer_syn_count;
    uint8_t  peer_fin_count;
    explain_tcp_options_t opts; /* the segment's options (for SYN narratives) */
    uint32_t checks_applied;    /* EXPLAIN_CHECK_BIT of every check that ran */
    uint32_t checks_failed;     /* EXPLAIN_CHECK_BIT of every check that failed, unexplained */
    uint32_t checks_explained;  /* EXPLAIN_CHECK_BIT of every check an event explains */
    uint64_t notes;             /* EXPLAIN_NOTE_BIT of every note */
    uint32_t analysis;          /* Wireshark's verdicts, passed through */
    bool     has_analysis;
    uint8_t  event;             /* explain_event_t: the main event */
    uint32_t events;            /* EXPLAIN_EVENT_BIT of every event */
    uint32_t orig_frame;        /* frame that first carried retransmitted bytes, 0 unknown */
    uint32_t dup_ack_count;     /* this ACK is duplicate number ... */
    uint32_t prev_window_raw;   /* sender's previous window (window update) */
    uint64_t in_flight;         /* window full: bytes sent and not acknowledged */
    uint64_t peer_window_bytes; /* window full: the receiver's window */
    uint64_t retrans_bytes;     /* sender: payload bytes sent again so far */
    uint64_t peer_retrans_bytes;
    uint16_t steps_seen;        /* stream: bit (1 << explain_step_t) per step seen so far */
    bool     peer_seen;         /* the receiver sent a segment before this one */
    bool     fins_acked;        /* stream: both FINs acknowledged (an orderly close), after this segment */
    bool     acks_gap;          /* ack_unseen: the ack covers bytes of a gap in the capture */
    bool     window_rounding;   /* window update: only the SYN's unscaled window rounded to the scale */
    uint64_t prev_window_bytes; /* window update: the sender's previous window in bytes */
    uint32_t new_bytes;         /* payload bytes of this segment not captured before */
    explain_timing_result_t timing; /* time and flow (explain_timing.h) */
} explain_result_t;

/* Prepares a stream record for its first segment. */
void explain_stream_init(explain_stream_t *stream);

/* Explains one segment. Updates the stream and fills *out completely.
 * Segments must come in capture order, each exactly once. Never fails:
 * any combination of facts, however odd, gives a result. */
void explain_segment(explain_stream_t *stream, const explain_facts_t *facts,
                     explain_result_t *out);

/* The state of check c on this segment: not run, passed, explained by an
 * event of the segment, or failed. */
static inline explain_check_state_t explain_result_check_state(const explain_result_t *r,
                                                               explain_check_t c)
{
    uint32_t bit = EXPLAIN_CHECK_BIT(c);
    if (!(r->checks_applied & bit))
        return EXPLAIN_CHECK_NOT_RUN;
    if (r->checks_failed & bit)
        return EXPLAIN_CHECK_FAILED;
    if (r->checks_explained & bit)
        return EXPLAIN_CHECK_EXPLAINED;
    return EXPLAIN_CHECK_PASSED;
}

/* True when some check on this segment is explained by an event. */
static inline bool explain_result_any_explained(const explain_result_t *r)
{
    return r->checks_explained != 0;
}

/* True when the check ran on this segment and failed (nothing explains it). */
static inline bool explain_result_failed(const explain_result_t *r, explain_check_t c)
{
    return (r->checks_failed & EXPLAIN_CHECK_BIT(c)) != 0;
}

/* True when any check failed (unexplained) on this segment. */
static inline bool explain_result_any_failed(const explain_result_t *r)
{
    return r->checks_failed != 0;
}

/* True when the event applies to this segment. */
static inline bool explain_result_has_event(const explain_result_t *r, explain_event_t e)
{
    return (r->events & EXPLAIN_EVENT_BIT(e)) != 0;
}

/* True when the note applies to this segment. */
static inline bool explain_result_has_note(const explain_result_t *r, explain_note_t n)
{
    return (r->notes & EXPLAIN_NOTE_BIT(n)) != 0;
}

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_ENGINE_H */
