/* explain_timing_tree.c - the "Time and flow" part of the Explain tree:
 * the fields of explain_timing_result_t (explain.acks.*, explain.rtt,
 * explain.in_flight, explain.sack.*, explain.retrans.*,
 * explain.handshake.*, explain.stream.*, explain.time.*).
 *
 * Numbers only; the sentences about them are in the narrative.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_timing_tree.h"

#include "explain_narrative.h"
#include "explain_narrative_timing.h"
#include "explain_tree_items.h"

#include <inttypes.h>
#include <stdio.h>

#include <epan/address.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/to_str.h>

static int hf_since_start = -1;
static int hf_since_prev = -1;
static int hf_acks_first = -1;
static int hf_acks_last = -1;
static int hf_acks_segments = -1;
static int hf_acks_bytes = -1;
static int hf_acks_delayed = -1;
static int hf_acks_oldest = -1;
static int hf_acks_delayed_timer = -1;
static int hf_rtt = -1;
static int hf_rtt_ambiguous = -1;
static int hf_in_flight = -1;
static int hf_peer_window = -1;
static int hf_must_wait = -1;
static int hf_waited = -1;
static int hf_sack_le = -1;
static int hf_sack_re = -1;
static int hf_sack_missing_first = -1;
static int hf_sack_missing_last = -1;
static int hf_retrans_kind = -1;
static int hf_retrans_after = -1;
static int hf_retrans_prev_frame = -1;
static int hf_retrans_try = -1;
static int hf_retrans_backoff = -1;
static int hf_congestion = -1;
static int hf_round_peak = -1;
static int hf_prev_round_peak = -1;
static int hf_hs_client = -1;
static int hf_hs_server = -1;
static int hf_hs_mss_client = -1;
static int hf_hs_mss_server = -1;
static int hf_hs_sack = -1;
static int hf_hs_wscale = -1;
static int hf_hs_wscale_client = -1;
static int hf_hs_wscale_server = -1;
static int hf_st_duration = -1;
static int hf_st_so_far = -1;

/* Per side of the summary: [0] client, [1] server. */
static int hf_st_bytes[2] = { -1, -1 };
static int hf_st_resent[2] = { -1, -1 };
static int hf_st_throughput[2] = { -1, -1 };
static int hf_st_rtt_min[2] = { -1, -1 };
static int hf_st_rtt_avg[2] = { -1, -1 };
static int hf_st_rtt_max[2] = { -1, -1 };
static int hf_st_min_window[2] = { -1, -1 };
static int hf_st_blocked[2] = { -1, -1 };
static int hf_st_rto[2] = { -1, -1 };
static int hf_st_fast[2] = { -1, -1 };
static int hf_st_spurious[2] = { -1, -1 };
static int hf_st_other[2] = { -1, -1 };

static gint ett_timing = -1;
static gint ett_stream = -1;
static gint ett_side = -1;

static const value_string retrans_kind_names[] = {
#define EXPLAIN_X_RK_VS(name, label, value) { value, label },
    EXPLAIN_RETRANS_KIND_LIST(EXPLAIN_X_RK_VS)
#undef EXPLAIN_X_RK_VS
    { 0, NULL }
};

static const value_string congestion_names[] = {
#define EXPLAIN_X_CH_VS(name, label, value) { value, label },
    EXPLAIN_CONGESTION_HINT_LIST(EXPLAIN_X_CH_VS)
#undef EXPLAIN_X_CH_VS
    { 0, NULL }
};

static const value_string wait_names[] = {
    { EXPLAIN_WAIT_NONE, "none" },
    { EXPLAIN_WAIT_WINDOW_FULL, "window full" },
    { EXPLAIN_WAIT_BELOW_MSS, "window below one MSS" },
    { 0, NULL }
};

#define TIME_FIELD(id, name, abbrev, blurb) \
    { &id, { name, abbrev, FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0, blurb, HFILL } }
#define U32_FIELD(id, name, abbrev, blurb) \
    { &id, { name, abbrev, FT_UINT32, BASE_DEC, NULL, 0x0, blurb, HFILL } }
#define U64_FIELD(id, name, abbrev, blurb) \
    { &id, { name, abbrev, FT_UINT64, BASE_DEC, NULL, 0x0, blurb, HFILL } }
#define BOOL_FIELD(id, name, abbrev, blurb) \
    { &id, { name, abbrev, FT_BOOLEAN, BASE_NONE, NULL, 0x0, blurb, HFILL } }

/* The summary's fields of one side (who: "client" or "server"). */
#define SIDE_FIELDS(i, who, Who)                                                              \
    U64_FIELD(hf_st_bytes[i], Who " payload bytes", "explain.stream." who ".bytes",          \
              "New payload bytes the " who " sent (resends not counted)"),                    \
    U64_FIELD(hf_st_resent[i], Who " bytes resent", "explain.stream." who ".resent",         \
              "Payload bytes the " who " sent again"),                                        \
    { &hf_st_throughput[i], { Who " throughput", "explain.stream." who ".throughput",        \
      FT_DOUBLE, BASE_NONE, NULL, 0x0,                                                        \
      "New payload bytes the " who " sent per second of the stream's duration", HFILL } },   \
    TIME_FIELD(hf_st_rtt_min[i], Who " RTT min", "explain.stream." who ".rtt.min",           \
               "Shortest round-trip time measured on the " who "'s data"),                  \
    TIME_FIELD(hf_st_rtt_avg[i], Who " RTT average", "explain.stream." who ".rtt.avg",       \
               "Average round-trip time measured on the " who "'s data"),                   \
    TIME_FIELD(hf_st_rtt_max[i], Who " RTT max", "explain.stream." who ".rtt.max",           \
               "Longest round-trip time measured on the " who "'s data"),                   \
    U32_FIELD(hf_st_min_window[i], Who " smallest window", "explain.stream." who ".min_window", \
              "Smallest receive window in bytes the " who " advertised"),                    \
    U32_FIELD(hf_st_blocked[i], Who " stopped by the window", "explain.stream." who ".window_limited", \
              "Times the " who " filled the peer's window and had to wait"),                  \
    U32_FIELD(hf_st_rto[i], Who " timer retransmissions", "explain.stream." who ".retrans.timeout", \
              "Resends by the " who " with no duplicate ACK before them"),                   \
    U32_FIELD(hf_st_fast[i], Who " fast retransmissions", "explain.stream." who ".retrans.fast", \
              "Resends by the " who " after duplicate ACKs"),                                 \
    U32_FIELD(hf_st_spurious[i], Who " spurious retransmissions", "explain.stream." who ".retrans.spurious", \
              "Resends by the " who " of data already acknowledged"),                        \
    U32_FIELD(hf_st_other[i], Who " other retransmissions", "explain.stream." who ".retrans.other", \
              "Resends by the " who " of a kind the capture cannot tell")

void explain_timing_tree_register(int proto)
{
    static hf_register_info hf[] = {
        TIME_FIELD(hf_since_start, "Since the stream began", "explain.time.since_start",
                   "Time since the stream's first segment"),
        TIME_FIELD(hf_since_prev, "Since the sender's previous segment", "explain.time.since_prev",
                   "Time since the same side's previous segment"),
        { &hf_acks_first, { "Acknowledges from frame", "explain.acks.first", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
            "First frame whose data this ACK acknowledges for the first time", HFILL } },
        { &hf_acks_last, { "Acknowledges up to frame", "explain.acks.last", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
            "Last frame whose data this ACK acknowledges for the first time", HFILL } },
        U32_FIELD(hf_acks_segments, "Segments acknowledged", "explain.acks.segments",
                  "Segments this ACK acknowledges whole, for the first time"),
        U32_FIELD(hf_acks_bytes, "Sequence numbers acknowledged", "explain.acks.bytes",
                  "Sequence numbers this ACK acknowledges for the first time"),
        BOOL_FIELD(hf_acks_delayed, "Every other segment acknowledged", "explain.acks.delayed",
                   "This ACK and the one before each answer two segments: the delayed-ACK pattern"),
        BOOL_FIELD(hf_acks_delayed_timer, "Looks like the delayed-ACK timer", "explain.acks.delayed_timer",
                   "One segment answered 30 ms or more over the shortest round trip seen: the receiver waited for a second one"),
        TIME_FIELD(hf_acks_oldest, "Oldest acknowledged segment's age", "explain.acks.oldest",
                   "Time since the first of the acknowledged segments was sent"),
        TIME_FIELD(hf_rtt, "Round-trip time", "explain.rtt",
                   "Time from the segment ending at this ack to this ACK (as tcp.analysis.ack_rtt)"),
        BOOL_FIELD(hf_rtt_ambiguous, "Round-trip time ambiguous", "explain.rtt.ambiguous",
                   "What this ACK acknowledges was sent more than once: explain.rtt (like tcp.analysis.ack_rtt) is timed from the first copy, and the ACK may answer a later one"),
        U64_FIELD(hf_in_flight, "Bytes in flight", "explain.in_flight",
                  "Bytes sent and not yet acknowledged after this segment (as tcp.analysis.bytes_in_flight)"),
        U64_FIELD(hf_peer_window, "Receiver's window", "explain.window.peer",
                  "The receiver's last advertised window in bytes"),
        { &hf_must_wait, { "The sender must wait", "explain.flow.must_wait", FT_UINT8, BASE_DEC,
            VALS(wait_names), 0x0, "Why the sender cannot send more until an ACK or a window update", HFILL } },
        TIME_FIELD(hf_waited, "The sender waited", "explain.flow.waited",
                   "How long the sender had to wait before this segment let it go on"),
        U32_FIELD(hf_sack_le, "SACK: holds from", "explain.sack.le",
                  "Left edge of a SACK block, relative"),
        U32_FIELD(hf_sack_re, "SACK: holds up to", "explain.sack.re",
                  "Right edge (exclusive) of a SACK block, relative"),
        U32_FIELD(hf_sack_missing_first, "SACK: missing from", "explain.sack.missing.first",
                  "First sequence number the receiver still misses, relative"),
        U32_FIELD(hf_sack_missing_last, "SACK: missing up to", "explain.sack.missing.last",
                  "Last sequence number of that hole, relative"),
        { &hf_retrans_kind, { "Retransmission kind", "explain.retrans.kind", FT_UINT8, BASE_DEC,
            VALS(retrans_kind_names), 0x0,
            "timeout (no duplicate ACK before it), fast (after duplicate ACKs), spurious, unknown", HFILL } },
        TIME_FIELD(hf_retrans_after, "Resent after", "explain.retrans.after",
                   "Time since the previous send of the same data"),
        { &hf_retrans_prev_frame, { "Previous send in frame", "explain.retrans.prev_frame",
            FT_FRAMENUM, BASE_NONE, NULL, 0x0, "The frame that sent this data first", HFILL } },
        { &hf_retrans_try, { "Try", "explain.retrans.try", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Which send of this data this is (2: the first resend)", HFILL } },
        BOOL_FIELD(hf_retrans_backoff, "Backoff", "explain.retrans.backoff",
                   "This try waited about twice as long as the previous one"),
        { &hf_congestion, { "Looks like", "explain.congestion.hint", FT_UINT8, BASE_DEC,
            VALS(congestion_names), 0x0,
            "What the bytes in flight of the last two round trips look like: slow_start "
            "(doubling), avoidance (one segment more), after_loss (fell after a resend)", HFILL } },
        U32_FIELD(hf_round_peak, "In flight, last round trip", "explain.congestion.round_peak",
                  "Most bytes in flight in the round trip that just ended"),
        U32_FIELD(hf_prev_round_peak, "In flight, the round trip before", "explain.congestion.prev_round_peak",
                  "Most bytes in flight in the round trip before it"),
        { &hf_hs_client, { "Client", "explain.handshake.client", FT_STRING, BASE_NONE, NULL, 0x0,
            "The client's address and port", HFILL } },
        { &hf_hs_server, { "Server", "explain.handshake.server", FT_STRING, BASE_NONE, NULL, 0x0,
            "The server's address and port", HFILL } },
        { &hf_hs_mss_client, { "Client MSS", "explain.handshake.mss.client", FT_UINT16, BASE_DEC,
            NULL, 0x0, "MSS the client offered (0: none)", HFILL } },
        { &hf_hs_mss_server, { "Server MSS", "explain.handshake.mss.server", FT_UINT16, BASE_DEC,
            NULL, 0x0, "MSS the server offered (0: none)", HFILL } },
        BOOL_FIELD(hf_hs_sack, "SACK in force", "explain.handshake.sack",
                   "Both SYNs offered SACK"),
        BOOL_FIELD(hf_hs_wscale, "Window scaling in force", "explain.handshake.wscale",
                   "Both SYNs offered window scaling"),
        { &hf_hs_wscale_client, { "Client window scale shift", "explain.handshake.wscale.client",
            FT_INT8, BASE_DEC, NULL, 0x0, "Shift the client offered (-1: none)", HFILL } },
        { &hf_hs_wscale_server, { "Server window scale shift", "explain.handshake.wscale.server",
            FT_INT8, BASE_DEC, NULL, 0x0, "Shift the server offered (-1: none)", HFILL } },
        TIME_FIELD(hf_st_duration, "Stream duration", "explain.stream.duration",
                   "From the stream's first segment to the one that closed it (or, with "
                   "explain.stream.so_far, to its last segment in the capture)"),
        BOOL_FIELD(hf_st_so_far, "The stream so far", "explain.stream.so_far",
                   "The summary is the one so far: the stream did not close (no RST, not both "
                   "FINs acknowledged) and the capture has no later packet of it. Shown only "
                   "when the frame is visited again after every frame was explained "
                   "(tshark -2 with explain.reader:fields, a click in the GUI)"),
        SIDE_FIELDS(0, "client", "Client"),
        SIDE_FIELDS(1, "server", "Server"),
    };
    static gint *ett[] = { &ett_timing, &ett_stream, &ett_side };
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

/* "addr:port" ("[addr]:port" for IPv6) in packet scope. */
static const char *endpoint_text(packet_info *pinfo, const uint8_t *bytes, uint8_t len,
                                 uint16_t port)
{
    address addr;
    if (len == 4)
        set_address(&addr, AT_IPv4, 4, bytes);
    else if (len == 16)
        set_address(&addr, AT_IPv6, 16, bytes);
    else
        return wmem_strdup_printf(pinfo->pool, "?:%u", port);
    char *text = address_to_str(pinfo->pool, &addr);
    return len == 16 ? wmem_strdup_printf(pinfo->pool, "[%s]:%u", text, port)
                     : wmem_strdup_printf(pinfo->pool, "%s:%u", text, port);
}

static void add_side_totals(const explain_items_t *c, proto_tree *tree, int i,
                            const explain_timing_totals_t *s, int64_t duration_ns)
{
    proto_tree *side = explain_items_add_subtree(c, tree, ett_side,
                                                 i == 0 ? EXPLAIN_LABEL_CLIENT : EXPLAIN_LABEL_SERVER,
                                                 i == 0 ? "Client" : "Server");
    explain_items_add_u64(c, side, hf_st_bytes[i], EXPLAIN_LABEL_SIDE_BYTES, s->payload);
    explain_items_add_u64(c, side, hf_st_resent[i], EXPLAIN_LABEL_SIDE_RESENT, s->resent);
    if (duration_ns > 0 && explain_items_wanted(c, side, hf_st_throughput[i])) {
        double rate = (double)s->payload * 1e9 / (double)duration_ns;
        proto_item *item;
        if (c->how != NULL) {
            char num[64], text[64];
            snprintf(num, sizeof num, "%.1f", rate);
            explain_narrative_localize_decimal(c->how, num, text, sizeof text);   /* "1,5" in Spanish */
            item = proto_tree_add_double_format(side, hf_st_throughput[i], c->tvb, 0, 0, rate,
                                                "%s: %s",
                                                explain_items_label(c, EXPLAIN_LABEL_SIDE_THROUGHPUT),
                                                text);
        } else {
            item = proto_tree_add_double(side, hf_st_throughput[i], c->tvb, 0, 0, rate);
        }
        explain_items_finish(c, item);
    }
    if (s->rtt_samples > 0) {
        explain_items_add_time(c, side, hf_st_rtt_min[i], EXPLAIN_LABEL_SIDE_RTT_MIN, (int64_t)s->rtt_min_us * 1000);
        explain_items_add_time(c, side, hf_st_rtt_avg[i], EXPLAIN_LABEL_SIDE_RTT_AVG, (int64_t)s->rtt_avg_us * 1000);
        explain_items_add_time(c, side, hf_st_rtt_max[i], EXPLAIN_LABEL_SIDE_RTT_MAX, (int64_t)s->rtt_max_us * 1000);
    }
    if (s->min_window_set)
        explain_items_add_u32(c, side, hf_st_min_window[i], EXPLAIN_LABEL_SIDE_MIN_WINDOW, s->min_window);
    explain_items_add_u32(c, side, hf_st_blocked[i], EXPLAIN_LABEL_SIDE_BLOCKED, s->blocked_count);
    explain_items_add_u32(c, side, hf_st_rto[i], EXPLAIN_LABEL_SIDE_RTO, s->retrans_timeout);
    explain_items_add_u32(c, side, hf_st_fast[i], EXPLAIN_LABEL_SIDE_FAST, s->retrans_fast);
    explain_items_add_u32(c, side, hf_st_spurious[i], EXPLAIN_LABEL_SIDE_SPURIOUS, s->retrans_spurious);
    explain_items_add_u32(c, side, hf_st_other[i], EXPLAIN_LABEL_SIDE_OTHER, s->retrans_other);
}

static explain_label_t retrans_label(uint8_t kind)
{
    switch (kind) {
    case EXPLAIN_RETRANS_TIMEOUT:  return EXPLAIN_LABEL_RETRANS_TIMEOUT;
    case EXPLAIN_RETRANS_FAST:     return EXPLAIN_LABEL_RETRANS_FAST;
    case EXPLAIN_RETRANS_SPURIOUS: return EXPLAIN_LABEL_RETRANS_SPURIOUS;
    default:                       return EXPLAIN_LABEL_RETRANS_UNKNOWN;
    }
}

static explain_label_t congestion_label(uint8_t hint)
{
    switch (hint) {
    case EXPLAIN_CONGESTION_SLOW_START: return EXPLAIN_LABEL_CONGESTION_SLOW_START;
    case EXPLAIN_CONGESTION_AVOIDANCE:  return EXPLAIN_LABEL_CONGESTION_AVOIDANCE;
    default:                            return EXPLAIN_LABEL_CONGESTION_AFTER_LOSS;
    }
}

void explain_timing_tree_add(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                             const explain_telling_t *how, bool brief,
                             const explain_result_t *r)
{
    const explain_timing_result_t *t = &r->timing;
    const explain_items_t ctx = { .tvb = tvb, .pinfo = pinfo, .how = how, .r = r,
                                  .brief = how != NULL && brief };
    const explain_items_t *c = &ctx;
    proto_tree *sub = explain_items_add_subtree(c, tree, ett_timing, EXPLAIN_LABEL_TIME_AND_FLOW, "Time and flow");

    explain_items_add_time(c, sub, hf_since_start, EXPLAIN_LABEL_SINCE_START, t->since_start_ns);
    if (t->has_prev)
        explain_items_add_time(c, sub, hf_since_prev, EXPLAIN_LABEL_SINCE_PREV, t->since_prev_ns);
    if (t->acks_known) {
        explain_items_add_u32(c, sub, hf_acks_first, EXPLAIN_LABEL_ACKS_FIRST, t->acks_first);
        explain_items_add_u32(c, sub, hf_acks_last, EXPLAIN_LABEL_ACKS_LAST, t->acks_last);
        explain_items_add_u32(c, sub, hf_acks_segments, EXPLAIN_LABEL_ACKS_SEGMENTS, t->acks_segments);
        explain_items_add_u32(c, sub, hf_acks_bytes, EXPLAIN_LABEL_ACKS_BYTES, t->acks_bytes);
        if (t->delayed_ack)
            explain_items_add_bool(c, sub, hf_acks_delayed, EXPLAIN_LABEL_ACKS_DELAYED, EXPLAIN_LABEL_ACKS_DELAYED, true);
        if (t->delayed_timer)
            explain_items_add_bool(c, sub, hf_acks_delayed_timer, EXPLAIN_LABEL_ACKS_DELAYED_TIMER,
                     EXPLAIN_LABEL_ACKS_DELAYED_TIMER, true);
        explain_items_add_time(c, sub, hf_acks_oldest, EXPLAIN_LABEL_ACKS_OLDEST, t->oldest_ns);
    }
    if (t->rtt_known) {
        explain_items_add_time(c, sub, hf_rtt, EXPLAIN_LABEL_RTT, t->rtt_ns);
        if (t->rtt_resent)
            explain_items_add_bool(c, sub, hf_rtt_ambiguous, EXPLAIN_LABEL_RTT_AMBIGUOUS,
                     EXPLAIN_LABEL_RTT_AMBIGUOUS, true);
    }
    if (t->in_flight_known)
        explain_items_add_u64(c, sub, hf_in_flight, EXPLAIN_LABEL_IN_FLIGHT, t->in_flight);
    if (t->in_flight_known && t->peer_window_known)
        explain_items_add_u64(c, sub, hf_peer_window, EXPLAIN_LABEL_PEER_WINDOW, t->peer_window);
    if (t->must_wait != EXPLAIN_WAIT_NONE) {
        explain_items_add_enum_text(c, sub, hf_must_wait, t->must_wait == EXPLAIN_WAIT_WINDOW_FULL
                 ? EXPLAIN_LABEL_MUST_WAIT_FULL : EXPLAIN_LABEL_MUST_WAIT_MSS, t->must_wait);
    }
    if (t->waited_known)
        explain_items_add_time(c, sub, hf_waited, EXPLAIN_LABEL_WAITED, t->waited_ns);
    for (unsigned i = 0; i < t->sack_count && i < 4; i++) {
        explain_items_add_u32(c, sub, hf_sack_le, EXPLAIN_LABEL_SACK_LE, t->sack_le_rel[i]);
        explain_items_add_u32(c, sub, hf_sack_re, EXPLAIN_LABEL_SACK_RE, t->sack_re_rel[i]);
    }
    if (t->sack_missing) {
        explain_items_add_u32(c, sub, hf_sack_missing_first, EXPLAIN_LABEL_SACK_MISSING_FIRST, t->sack_missing_first);
        explain_items_add_u32(c, sub, hf_sack_missing_last, EXPLAIN_LABEL_SACK_MISSING_LAST, t->sack_missing_last);
    }
    if (t->retrans_kind != EXPLAIN_RETRANS_NONE) {
        explain_items_add_enum_text(c, sub, hf_retrans_kind, retrans_label(t->retrans_kind), t->retrans_kind);
        if (t->retrans_after_known)
            explain_items_add_time(c, sub, hf_retrans_after, EXPLAIN_LABEL_RETRANS_AFTER, t->retrans_after_ns);
        if (t->retrans_prev_frame != 0)
            explain_items_add_u32(c, sub, hf_retrans_prev_frame, EXPLAIN_LABEL_RETRANS_PREV_FRAME, t->retrans_prev_frame);
        explain_items_add_u32(c, sub, hf_retrans_try, EXPLAIN_LABEL_RETRANS_TRY, t->retrans_try);
        if (t->retrans_backoff)
            explain_items_add_bool(c, sub, hf_retrans_backoff, EXPLAIN_LABEL_RETRANS_BACKOFF,
                     EXPLAIN_LABEL_RETRANS_BACKOFF, true);
    }
    if (t->congestion_hint != EXPLAIN_CONGESTION_NONE) {
        explain_items_add_enum_text(c, sub, hf_congestion, congestion_label(t->congestion_hint), t->congestion_hint);
        explain_items_add_u32(c, sub, hf_round_peak, EXPLAIN_LABEL_ROUND_PEAK, t->round_peak);
        explain_items_add_u32(c, sub, hf_prev_round_peak, EXPLAIN_LABEL_PREV_ROUND_PEAK, t->prev_round_peak);
    }
    if (t->handshake_summary) {
        if (explain_items_wanted(c, sub, hf_hs_client))
            explain_items_add_string(c, sub, hf_hs_client, EXPLAIN_LABEL_CLIENT,
                endpoint_text(pinfo, t->client_addr, t->client_addr_len, t->client_port));
        if (explain_items_wanted(c, sub, hf_hs_server))
            explain_items_add_string(c, sub, hf_hs_server, EXPLAIN_LABEL_SERVER,
                endpoint_text(pinfo, t->server_addr, t->server_addr_len, t->server_port));
        explain_items_add_u32(c, sub, hf_hs_mss_client, EXPLAIN_LABEL_MSS_CLIENT, t->mss_client);
        explain_items_add_u32(c, sub, hf_hs_mss_server, EXPLAIN_LABEL_MSS_SERVER, t->mss_server);
        explain_items_add_bool(c, sub, hf_hs_sack, EXPLAIN_LABEL_SACK_ON, EXPLAIN_LABEL_SACK_OFF, t->sack_in_force);
        explain_items_add_bool(c, sub, hf_hs_wscale, EXPLAIN_LABEL_WSCALE_ON, EXPLAIN_LABEL_WSCALE_OFF,
                 t->wscale_in_force);
        explain_items_add_i32(c, sub, hf_hs_wscale_client, EXPLAIN_LABEL_WSCALE_CLIENT, t->wscale_client);
        explain_items_add_i32(c, sub, hf_hs_wscale_server, EXPLAIN_LABEL_WSCALE_SERVER, t->wscale_server);
    }
    if (t->stream_summary) {
        proto_tree *st = explain_items_add_subtree(c, sub, ett_stream, t->summary_so_far
                                                   ? EXPLAIN_LABEL_STREAM_SO_FAR
                                                   : EXPLAIN_LABEL_STREAM_SUMMED,
                                                   "The stream, summed up");
        if (t->summary_so_far)
            explain_items_add_bool(c, st, hf_st_so_far, EXPLAIN_LABEL_STREAM_NOT_CLOSED,
                                   EXPLAIN_LABEL_STREAM_NOT_CLOSED, true);
        explain_items_add_time(c, st, hf_st_duration, EXPLAIN_LABEL_DURATION, t->duration_ns);
        add_side_totals(c, st, 0, &t->client, t->duration_ns);
        add_side_totals(c, st, 1, &t->server, t->duration_ns);
    }
}
