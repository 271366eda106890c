/* explain_narrative.h - turns an engine result into words.
 *
 * Looks texts up in a catalog and fills their placeholders from the
 * result. No text is cached: callers render only what someone asks for
 * (the catalog keeps the lookups of the texts, see explain_catalog_resolve).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_NARRATIVE_H
#define EXPLAIN_NARRATIVE_H

#include <glib.h>

#include "explain_catalog.h"
#include "explain_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where and how to tell it. */
typedef struct {
    const explain_catalog_t *catalog;
    explain_voice_t          voice;
    const char              *language;   /* NULL: English */
    GString                 *claims;     /* NULL, or collects the ids of the texts chosen */
} explain_telling_t;

/* The labels of the Explain tree's items: X(ENUM_SUFFIX, "key"), each the
 * catalog text label.<key>, so that a translation reaches every visible
 * word (field names and filter values stay English). */
#define EXPLAIN_LABEL_LIST(X)                                   \
    X(STEP,            "step")                                  \
    X(PHASE,           "phase")                                 \
    X(ROLE,            "role")                                  \
    X(EVENT,           "event")                                 \
    X(SUMMARY,         "summary")                               \
    X(EXPLANATION,     "explanation")                           \
    X(SEQ,             "seq")                                   \
    X(SEQ_RAW,         "seq_raw")                               \
    X(ACK,             "ack")                                   \
    X(ACK_RAW,         "ack_raw")                               \
    X(NXTSEQ,          "nxtseq")                                \
    X(NXTSEQ_RAW,      "nxtseq_raw")                            \
    X(LEN,             "len")                                   \
    X(PAYLOAD_TOTAL,   "payload_total")                         \
    X(RESENT,          "resent")                                \
    X(WIRE_TOTAL,      "wire_total")                            \
    X(SEQ_CONSUMED,    "seq_consumed")                          \
    X(ACKED,           "acked")                                 \
    X(WINDOW_SCALED,   "window_scaled")                         \
    X(WINDOW_UNSCALED, "window_unscaled")                       \
    X(CHECKS,          "checks")                                \
    X(CHECK_FAILED,    "check_failed")                          \
    X(CHECK_EXPLAINED, "check_explained")                       \
    X(VERDICT,         "verdict")                               \
    X(RAW,             "raw")                                   \
    X(RELATIVE,        "relative")                              \
    X(MOD_2_32,        "mod_2_32") \
    X(TIME_AND_FLOW, "time_and_flow") \
    X(STREAM_SUMMED, "stream_summed") \
    X(STREAM_SO_FAR, "stream_so_far") \
    X(STREAM_NOT_CLOSED, "stream_not_closed") \
    X(SINCE_START, "since_start") \
    X(SINCE_PREV, "since_prev") \
    X(ACKS_FIRST, "acks_first") \
    X(ACKS_LAST, "acks_last") \
    X(ACKS_SEGMENTS, "acks_segments") \
    X(ACKS_BYTES, "acks_bytes") \
    X(ACKS_DELAYED, "acks_delayed") \
    X(ACKS_DELAYED_TIMER, "acks_delayed_timer") \
    X(ACKS_OLDEST, "acks_oldest") \
    X(RTT, "rtt") \
    X(RTT_AMBIGUOUS, "rtt_ambiguous") \
    X(IN_FLIGHT, "in_flight") \
    X(PEER_WINDOW, "peer_window") \
    X(MUST_WAIT_FULL, "must_wait_full") \
    X(MUST_WAIT_MSS, "must_wait_mss") \
    X(WAITED, "waited") \
    X(SACK_LE, "sack_le") \
    X(SACK_RE, "sack_re") \
    X(SACK_MISSING_FIRST, "sack_missing_first") \
    X(SACK_MISSING_LAST, "sack_missing_last") \
    X(RETRANS_TIMEOUT, "retrans_timeout") \
    X(RETRANS_FAST, "retrans_fast") \
    X(RETRANS_SPURIOUS, "retrans_spurious") \
    X(RETRANS_UNKNOWN, "retrans_unknown") \
    X(RETRANS_AFTER, "retrans_after") \
    X(RETRANS_PREV_FRAME, "retrans_prev_frame") \
    X(RETRANS_TRY, "retrans_try") \
    X(RETRANS_BACKOFF, "retrans_backoff") \
    X(CONGESTION_SLOW_START, "congestion_slow_start") \
    X(CONGESTION_AVOIDANCE, "congestion_avoidance") \
    X(CONGESTION_AFTER_LOSS, "congestion_after_loss") \
    X(ROUND_PEAK, "round_peak") \
    X(PREV_ROUND_PEAK, "prev_round_peak") \
    X(CLIENT, "client") \
    X(SERVER, "server") \
    X(MSS_CLIENT, "mss_client") \
    X(MSS_SERVER, "mss_server") \
    X(SACK_ON, "sack_on") \
    X(SACK_OFF, "sack_off") \
    X(WSCALE_ON, "wscale_on") \
    X(WSCALE_OFF, "wscale_off") \
    X(WSCALE_CLIENT, "wscale_client") \
    X(WSCALE_SERVER, "wscale_server") \
    X(DURATION, "duration") \
    X(SIDE_BYTES, "side_bytes") \
    X(SIDE_RESENT, "side_resent") \
    X(SIDE_THROUGHPUT, "side_throughput") \
    X(SIDE_RTT_MIN, "side_rtt_min") \
    X(SIDE_RTT_AVG, "side_rtt_avg") \
    X(SIDE_RTT_MAX, "side_rtt_max") \
    X(SIDE_MIN_WINDOW, "side_min_window") \
    X(SIDE_BLOCKED, "side_blocked") \
    X(SIDE_RTO, "side_rto") \
    X(SIDE_FAST, "side_fast") \
    X(SIDE_SPURIOUS, "side_spurious") \
    X(SIDE_OTHER, "side_other")

typedef enum {
#define EXPLAIN_X_LABEL_ENUM(name, key) EXPLAIN_LABEL_##name,
    EXPLAIN_LABEL_LIST(EXPLAIN_X_LABEL_ENUM)
#undef EXPLAIN_X_LABEL_ENUM
    EXPLAIN_LABEL_COUNT
} explain_label_t;

/* Appends the text of label (label.<key>) with r's numbers to out;
 * r may be NULL for a label without placeholders. */
void explain_narrative_label(const explain_telling_t *how, const explain_result_t *r,
                             explain_label_t label, GString *out);

/* The catalog's word for a step, phase, event or the sender's role in
 * the telling's language (word.step.*, word.phase.*, word.event.*,
 * role.*), or the engine's label when the catalog has none. Valid while
 * the catalog lives. */
const char *explain_narrative_step_word(const explain_telling_t *how, explain_step_t step);
const char *explain_narrative_phase_word(const explain_telling_t *how, explain_phase_t phase);
const char *explain_narrative_event_word(const explain_telling_t *how, explain_event_t event);
const char *explain_narrative_role_word(const explain_telling_t *how, explain_role_t role);

/* True when the verdict of r's stream is final: the stream closed (orderly
 * or by a reset) with this segment or before it. */
bool explain_narrative_stream_ended(const explain_result_t *r);

/* Appends the one-line summary of r (fit for a column) to out. */
void explain_narrative_summary(const explain_telling_t *how, const explain_result_t *r,
                               GString *out);

/* Appends the full narrative of r to out: sentences, one per line
 * ('\n' between lines, none at the end). Does not include checks. The
 * brief voice says at most two lines: the sequence line and the ack line
 * (the summary says the rest). */
void explain_narrative_text(const explain_telling_t *how, const explain_result_t *r,
                            GString *out);

/* Appends what check c says about r: its pass text or its fail text. */
void explain_narrative_check(const explain_telling_t *how, const explain_result_t *r,
                             explain_check_t check, GString *out);

/* Appends the stream's verdict so far (after r): sequence numbers used
 * and bytes sent again per side; once the stream has ended, also whether
 * it was complete or which steps were not seen (before that, a step not
 * seen yet may still come). */
void explain_narrative_verdict(const explain_telling_t *how, const explain_result_t *r,
                               GString *out);

/* Appends to out the ids of every text the narrative chooses for r
 * (summary, narrative lines, each check that ran, verdict), comma-separated:
 * what r claims, for tests that hold each claim against Wireshark's fields. */
void explain_narrative_claims(const explain_telling_t *how, const explain_result_t *r,
                              GString *out);

/* Appends the text of one catalog id rendered with r's numbers
 * (nothing when the id is missing). */
void explain_narrative_id(const explain_telling_t *how, const explain_result_t *r,
                          const char *id, GString *out);

#ifdef __cplusplus
}
#endif

#endif /* EXPLAIN_NARRATIVE_H */
