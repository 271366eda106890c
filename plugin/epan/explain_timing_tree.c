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

#include <inttypes.h>

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
                   "From the stream's first segment to the one that closed it"),
        SIDE_FIELDS(0, "client", "Client"),
        SIDE_FIELDS(1, "server", "Server"),
    };
    static gint *ett[] = { &ett_timing, &ett_stream };
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

static void set_ns(nstime_t *t, int64_t ns)
{
    t->secs = (time_t)(ns / 1000000000);
    t->nsecs = (int)(ns % 1000000000);
}

static void add_time(proto_tree *tree, tvbuff_t *tvb, int hf, int64_t ns)
{
    nstime_t t;
    set_ns(&t, ns);
    proto_item_set_generated(proto_tree_add_time(tree, hf, tvb, 0, 0, &t));
}

static void add_u32(proto_tree *tree, tvbuff_t *tvb, int hf, uint32_t v)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, v));
}

static void add_u64(proto_tree *tree, tvbuff_t *tvb, int hf, uint64_t v)
{
    proto_item_set_generated(proto_tree_add_uint64(tree, hf, tvb, 0, 0, v));
}

static void add_bool(proto_tree *tree, tvbuff_t *tvb, int hf, bool v)
{
    proto_item_set_generated(proto_tree_add_boolean(tree, hf, tvb, 0, 0, v));
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

static void add_side_totals(proto_tree *tree, tvbuff_t *tvb, int i,
                            const explain_timing_totals_t *s, int64_t duration_ns)
{
    add_u64(tree, tvb, hf_st_bytes[i], s->payload);
    add_u64(tree, tvb, hf_st_resent[i], s->resent);
    if (duration_ns > 0) {
        double rate = (double)s->payload * 1e9 / (double)duration_ns;
        proto_item_set_generated(proto_tree_add_double(tree, hf_st_throughput[i], tvb, 0, 0, rate));
    }
    if (s->rtt_samples > 0) {
        add_time(tree, tvb, hf_st_rtt_min[i], (int64_t)s->rtt_min_us * 1000);
        add_time(tree, tvb, hf_st_rtt_avg[i], (int64_t)s->rtt_avg_us * 1000);
        add_time(tree, tvb, hf_st_rtt_max[i], (int64_t)s->rtt_max_us * 1000);
    }
    if (s->min_window_set)
        add_u32(tree, tvb, hf_st_min_window[i], s->min_window);
    add_u32(tree, tvb, hf_st_blocked[i], s->blocked_count);
    add_u32(tree, tvb, hf_st_rto[i], s->retrans_timeout);
    add_u32(tree, tvb, hf_st_fast[i], s->retrans_fast);
    add_u32(tree, tvb, hf_st_spurious[i], s->retrans_spurious);
    add_u32(tree, tvb, hf_st_other[i], s->retrans_other);
}

void explain_timing_tree_add(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                             const explain_result_t *r)
{
    const explain_timing_result_t *t = &r->timing;
    proto_item *top;
    proto_tree *sub = proto_tree_add_subtree(tree, tvb, 0, 0, ett_timing, &top, "Time and flow");
    proto_item_set_generated(top);

    add_time(sub, tvb, hf_since_start, t->since_start_ns);
    if (t->has_prev)
        add_time(sub, tvb, hf_since_prev, t->since_prev_ns);
    if (t->acks_known) {
        add_u32(sub, tvb, hf_acks_first, t->acks_first);
        add_u32(sub, tvb, hf_acks_last, t->acks_last);
        add_u32(sub, tvb, hf_acks_segments, t->acks_segments);
        add_u32(sub, tvb, hf_acks_bytes, t->acks_bytes);
        if (t->delayed_ack)
            add_bool(sub, tvb, hf_acks_delayed, true);
        if (t->delayed_timer)
            add_bool(sub, tvb, hf_acks_delayed_timer, true);
        add_time(sub, tvb, hf_acks_oldest, t->oldest_ns);
    }
    if (t->rtt_known)
        add_time(sub, tvb, hf_rtt, t->rtt_ns);
    if (t->in_flight_known)
        add_u64(sub, tvb, hf_in_flight, t->in_flight);
    if (t->in_flight_known && t->peer_window_known)
        add_u64(sub, tvb, hf_peer_window, t->peer_window);
    if (t->must_wait != EXPLAIN_WAIT_NONE) {
        proto_item_set_generated(proto_tree_add_uint(sub, hf_must_wait, tvb, 0, 0, t->must_wait));
    }
    if (t->waited_known)
        add_time(sub, tvb, hf_waited, t->waited_ns);
    for (unsigned i = 0; i < t->sack_count && i < 4; i++) {
        add_u32(sub, tvb, hf_sack_le, t->sack_le_rel[i]);
        add_u32(sub, tvb, hf_sack_re, t->sack_re_rel[i]);
    }
    if (t->sack_missing) {
        add_u32(sub, tvb, hf_sack_missing_first, t->sack_missing_first);
        add_u32(sub, tvb, hf_sack_missing_last, t->sack_missing_last);
    }
    if (t->retrans_kind != EXPLAIN_RETRANS_NONE) {
        proto_item_set_generated(proto_tree_add_uint(sub, hf_retrans_kind, tvb, 0, 0,
                                                     t->retrans_kind));
        if (t->retrans_after_known)
            add_time(sub, tvb, hf_retrans_after, t->retrans_after_ns);
        if (t->retrans_prev_frame != 0)
            add_u32(sub, tvb, hf_retrans_prev_frame, t->retrans_prev_frame);
        proto_item_set_generated(proto_tree_add_uint(sub, hf_retrans_try, tvb, 0, 0,
                                                     t->retrans_try));
        if (t->retrans_backoff)
            add_bool(sub, tvb, hf_retrans_backoff, true);
    }
    if (t->congestion_hint != EXPLAIN_CONGESTION_NONE) {
        proto_item_set_generated(proto_tree_add_uint(sub, hf_congestion, tvb, 0, 0,
                                                     t->congestion_hint));
        add_u32(sub, tvb, hf_round_peak, t->round_peak);
        add_u32(sub, tvb, hf_prev_round_peak, t->prev_round_peak);
    }
    if (t->handshake_summary) {
        proto_item_set_generated(proto_tree_add_string(sub, hf_hs_client, tvb, 0, 0,
            endpoint_text(pinfo, t->client_addr, t->client_addr_len, t->client_port)));
        proto_item_set_generated(proto_tree_add_string(sub, hf_hs_server, tvb, 0, 0,
            endpoint_text(pinfo, t->server_addr, t->server_addr_len, t->server_port)));
        proto_item_set_generated(proto_tree_add_uint(sub, hf_hs_mss_client, tvb, 0, 0, t->mss_client));
        proto_item_set_generated(proto_tree_add_uint(sub, hf_hs_mss_server, tvb, 0, 0, t->mss_server));
        add_bool(sub, tvb, hf_hs_sack, t->sack_in_force);
        add_bool(sub, tvb, hf_hs_wscale, t->wscale_in_force);
        proto_item_set_generated(proto_tree_add_int(sub, hf_hs_wscale_client, tvb, 0, 0, t->wscale_client));
        proto_item_set_generated(proto_tree_add_int(sub, hf_hs_wscale_server, tvb, 0, 0, t->wscale_server));
    }
    if (t->stream_summary) {
        proto_item *st_item;
        proto_tree *st = proto_tree_add_subtree(sub, tvb, 0, 0, ett_stream, &st_item,
                                                "The stream, summed up");
        proto_item_set_generated(st_item);
        add_time(st, tvb, hf_st_duration, t->duration_ns);
        add_side_totals(st, tvb, 0, &t->client, t->duration_ns);
        add_side_totals(st, tvb, 1, &t->server, t->duration_ns);
    }
}
