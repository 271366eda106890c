/* explain_narrative_timing.c - the sentences about time and flow
 * (explain_narrative_timing.h): catalog texts time.*, flow.*, sack.*,
 * retrans.*, handshake.* and stream.*, filled from r->timing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_narrative_timing.h"

#include <stdio.h>
#include <string.h>

#include "explain_template.h"
#include "explain_timing_placeholders.h"

/* The catalog texts this file tells, resolved once per language
 * (explain_catalog_resolve) and then taken by index. */
#define TIMING_TEXT_LIST(X) \
    X(TT_role_client, "role.client") \
    X(TT_role_server, "role.server") \
    X(TT_time_acks_one, "time.acks_one") \
    X(TT_time_acks_two, "time.acks_two") \
    X(TT_time_acks_many, "time.acks_many") \
    X(TT_time_acks_spread, "time.acks_spread") \
    X(TT_retrans_backoff, "retrans.backoff") \
    X(TT_retrans_retry, "retrans.retry") \
    X(TT_retrans_timeout, "retrans.timeout") \
    X(TT_retrans_fast, "retrans.fast") \
    X(TT_retrans_spurious, "retrans.spurious") \
    X(TT_retrans_unknown, "retrans.unknown") \
    X(TT_stream_so_far, "stream.so_far") \
    X(TT_stream_totals, "stream.totals") \
    X(TT_stream_rtt, "stream.rtt") \
    X(TT_stream_window_limited, "stream.window_limited") \
    X(TT_stream_window_not_limited, "stream.window_not_limited") \
    X(TT_stream_retransmissions, "stream.retransmissions") \
    X(TT_time_pause, "time.pause") \
    X(TT_handshake_done, "handshake.done") \
    X(TT_handshake_sack_on, "handshake.sack_on") \
    X(TT_handshake_sack_off, "handshake.sack_off") \
    X(TT_handshake_wscale_on, "handshake.wscale_on") \
    X(TT_handshake_wscale_off, "handshake.wscale_off") \
    X(TT_time_acks_rest_one, "time.acks_rest_one") \
    X(TT_time_acks_rest_many, "time.acks_rest_many") \
    X(TT_time_acks_into_next, "time.acks_into_next") \
    X(TT_time_rtt_resent, "time.rtt_resent") \
    X(TT_time_rtt, "time.rtt") \
    X(TT_time_delayed_ack, "time.delayed_ack") \
    X(TT_time_delayed_ack_timer, "time.delayed_ack_timer") \
    X(TT_sack_holds_missing, "sack.holds_missing") \
    X(TT_sack_holds, "sack.holds") \
    X(TT_sack_recovered, "sack.recovered") \
    X(TT_flow_in_flight, "flow.in_flight") \
    X(TT_flow_must_wait_full, "flow.must_wait_full") \
    X(TT_flow_must_wait_mss, "flow.must_wait_mss") \
    X(TT_flow_waited, "flow.waited") \
    X(TT_congestion_slow_start, "congestion.slow_start") \
    X(TT_congestion_avoidance, "congestion.avoidance") \
    X(TT_congestion_after_loss, "congestion.after_loss")

typedef enum {
#define TIMING_X_ENUM(name, id) name,
    TIMING_TEXT_LIST(TIMING_X_ENUM)
#undef TIMING_X_ENUM
    TT_COUNT
} timing_text_t;

static const char *const timing_text_ids[] = {
#define TIMING_X_ID(name, id) id,
    TIMING_TEXT_LIST(TIMING_X_ID)
#undef TIMING_X_ID
};

typedef struct {
    const explain_telling_t *how;
    const explain_result_t  *r;
    const char *const       *texts;   /* timing_text_ids in how's voice, or NULL */
    char                     buf[160];
} timing_ctx_t;

/* A telling's context, its texts resolved when the catalog can. */
static void timing_ctx_init(timing_ctx_t *ctx, const explain_telling_t *how,
                            const explain_result_t *r)
{
    ctx->how = how;
    ctx->r = r;
    ctx->texts = how != NULL && how->catalog != NULL
        ? explain_catalog_resolve(how->catalog, timing_text_ids, TT_COUNT, how->voice,
                                  how->language)
        : NULL;
}

/* The text of timing_text_ids[index] in voice: exactly what
 * explain_catalog_text gives. */
static const char *timing_text(const timing_ctx_t *ctx, timing_text_t index,
                               explain_voice_t voice)
{
    if (voice == ctx->how->voice && ctx->texts != NULL)
        return ctx->texts[index];
    return explain_catalog_text(ctx->how->catalog, timing_text_ids[index], voice,
                                ctx->how->language);
}

/* A pause worth telling: 200 ms or more since the sender's last segment. */
#define EXPLAIN_TIMING_PAUSE_NS INT64_C(200000000)

/* The one text the separator needs, resolved by the catalog once per
 * language (every time label and duration asks for it). */
static const char *const separator_ids[] = { "word.decimal_separator" };

const char *explain_narrative_decimal_separator(const explain_telling_t *how)
{
    const char *sep = NULL;
    if (how != NULL && how->catalog != NULL) {
        const char *const *texts = explain_catalog_resolve(how->catalog, separator_ids, 1,
                                                           how->voice, how->language);
        sep = texts != NULL ? texts[0]
                            : explain_catalog_text(how->catalog, separator_ids[0], how->voice,
                                                   how->language);
    }
    return sep != NULL && sep[0] != '\0' ? sep : ".";
}

/* The offset of the decimal point of the first number in text, or -1:
 * the first character after a digit that is neither a digit nor a sign. */
static gssize decimal_point_at(const char *text)
{
    bool digits = false;
    for (gssize i = 0; text[i] != '\0'; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if (digits) {
            bool next_digit = text[i + 1] >= '0' && text[i + 1] <= '9';
            return (c == '.' || c == ',') && next_digit ? i : -1;
        }
    }
    return -1;
}

void explain_narrative_localize_decimal(const explain_telling_t *how, const char *num,
                                        char *out, size_t outlen)
{
    gssize at = decimal_point_at(num);
    if (at < 0) {
        g_strlcpy(out, num, outlen);
        return;
    }
    /* num up to the point, the separator, the rest: what snprintf's
     * "%.*s%s%s" writes, cut at outlen - 1 bytes the same way. */
    const char *parts[3] = { num, explain_narrative_decimal_separator(how), num + at + 1 };
    size_t lens[3] = { (size_t)at, strlen(parts[1]), strlen(parts[2]) };
    size_t used = 0;
    if (outlen == 0)
        return;
    for (int i = 0; i < 3; i++) {
        size_t n = MIN(lens[i], outlen - 1 - used);
        memcpy(out + used, parts[i], n);
        used += n;
    }
    out[used] = '\0';
}

/* num in ctx->buf, its decimal point the language's. */
static const char *localized(timing_ctx_t *ctx, const char *num)
{
    explain_narrative_localize_decimal(ctx->how, num, ctx->buf, sizeof ctx->buf);
    return ctx->buf;
}

/* ns as "28.0 ms", "0.40 ms", "1.17 s" in ctx->buf, with the language's
 * decimal separator ("1,17 s" in Spanish). */
static const char *fmt_duration(timing_ctx_t *ctx, int64_t ns)
{
    char num[64];
    double ms = (double)ns / 1e6;
    if (ns >= INT64_C(1000000000))
        snprintf(num, sizeof num, "%.2f s", ms / 1000.0);
    else if (ns >= INT64_C(10000000))
        snprintf(num, sizeof num, "%.1f ms", ms);
    else
        snprintf(num, sizeof num, "%.2f ms", ms);
    return localized(ctx, num);
}

/* v in decimal (and a '-' before it when negative), at the end of
 * ctx->buf: digits written backwards, no snprintf on this path. */
static const char *fmt_digits(timing_ctx_t *ctx, uint64_t v, bool negative)
{
    return explain_decimal_backwards(ctx->buf + sizeof ctx->buf - 1, v, negative);
}

static const char *fmt_u64(timing_ctx_t *ctx, uint64_t v)
{
    return fmt_digits(ctx, v, false);
}

static const char *fmt_int(timing_ctx_t *ctx, int v)
{
    return v < 0 ? fmt_digits(ctx, (uint64_t)(-(int64_t)v), true)
                 : fmt_digits(ctx, (uint64_t)v, false);
}

/* Bytes per second of payload over the stream's duration. */
static const char *fmt_rate(timing_ctx_t *ctx, uint64_t bytes)
{
    const explain_timing_result_t *t = &ctx->r->timing;
    double rate = t->duration_ns > 0 ? (double)bytes * 1e9 / (double)t->duration_ns : 0.0;
    snprintf(ctx->buf, sizeof ctx->buf, "%.0f", rate);
    return ctx->buf;
}

/* "addr:port", "[v6]:port". */
static const char *fmt_endpoint(timing_ctx_t *ctx, const uint8_t *a, uint8_t len, uint16_t port)
{
    if (len == 4) {
        snprintf(ctx->buf, sizeof ctx->buf, "%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], port);
    } else if (len == 16) {
        /* RFC 5952: the longest run of two or more zero groups (the first
         * of equals) becomes "::", as Wireshark shows addresses. */
        unsigned groups[8];
        int best = -1, best_len = 0;
        for (int g = 0; g < 8; g++)
            groups[g] = (unsigned)(a[2 * g] << 8 | a[2 * g + 1]);
        for (int g = 0; g < 8;) {
            int run = 0;
            while (g + run < 8 && groups[g + run] == 0)
                run++;
            if (run > best_len && run >= 2) {
                best = g;
                best_len = run;
            }
            g += run > 0 ? run : 1;
        }
        size_t used = 0;
        ctx->buf[used++] = '[';
        for (int g = 0; g < 8; g++) {
            if (g == best) {
                used += (size_t)snprintf(ctx->buf + used, sizeof ctx->buf - used, "::");
                g += best_len - 1;
                continue;
            }
            bool sep = g > 0 && g != best + best_len;
            used += (size_t)snprintf(ctx->buf + used, sizeof ctx->buf - used, "%s%x",
                                     sep ? ":" : "", groups[g]);
        }
        snprintf(ctx->buf + used, sizeof ctx->buf - used, "]:%u", port);
    } else {
        snprintf(ctx->buf, sizeof ctx->buf, "?:%u", port);
    }
    return ctx->buf;
}

static const char *fmt_sack_list(timing_ctx_t *ctx)
{
    const explain_timing_result_t *t = &ctx->r->timing;
    size_t used = 0;
    ctx->buf[0] = '\0';
    for (unsigned i = 0; i < t->sack_count && i < 4; i++) {
        int n = snprintf(ctx->buf + used, sizeof ctx->buf - used, "%s%u-%u", i ? ", " : "",
                         t->sack_le_rel[i], t->sack_re_rel[i] - 1u);
        if (n < 0 || (size_t)n >= sizeof ctx->buf - used)
            break;
        used += (size_t)n;
    }
    return ctx->buf;
}

/* The side (client or server) that sent more payload, and its totals. */
static bool bulk_is_client(const explain_timing_result_t *t)
{
    return t->client.payload >= t->server.payload;
}

static const explain_timing_totals_t *bulk_totals(const explain_timing_result_t *t)
{
    return bulk_is_client(t) ? &t->client : &t->server;
}

static const char *role_text(timing_ctx_t *ctx, bool client)
{
    const char *text = timing_text(ctx, client ? TT_role_client : TT_role_server,
                                   ctx->how->voice);
    return text != NULL ? text : (client ? "client" : "server");
}

/* The word for the client or the server inside a sentence: the teaching
 * voice's (the story voice's starts sentences). */
static const char *role_in_sentence(timing_ctx_t *ctx, bool client)
{
    const char *text = timing_text(ctx, client ? TT_role_client : TT_role_server,
                                   EXPLAIN_VOICE_TEACHING);
    return text != NULL ? text : (client ? "client" : "server");
}

/* The placeholders of the time-and-flow texts, as template ids: the four
 * they share with explain_placeholders.h, then
 * explain_timing_placeholders.h's. */
typedef enum {
    TPH_sender,
    TPH_receiver,
    TPH_in_flight,
    TPH_peer_window,
#define EXPLAIN_X_TPH_ENUM(name, doc) TPH_##name,
    EXPLAIN_TIMING_PLACEHOLDER_LIST(EXPLAIN_X_TPH_ENUM)
#undef EXPLAIN_X_TPH_ENUM
    TPH_COUNT
} timing_placeholder_t;

static const char *const timing_placeholder_names[] = {
    "sender", "receiver", "in_flight", "peer_window",
#define EXPLAIN_X_TPH_NAME(name, doc) #name,
    EXPLAIN_TIMING_PLACEHOLDER_LIST(EXPLAIN_X_TPH_NAME)
#undef EXPLAIN_X_TPH_NAME
};

/* The placeholder called name as a template id, or -1. Runs once per
 * template compiled (explain_template_render_ids), not per packet. */
static int timing_resolve(const char *name, size_t len)
{
    G_STATIC_ASSERT(G_N_ELEMENTS(timing_placeholder_names) == TPH_COUNT);
    for (int i = 0; i < TPH_COUNT; i++) {
        if (strlen(timing_placeholder_names[i]) == len
            && memcmp(timing_placeholder_names[i], name, len) == 0)
            return i;
    }
    return -1;
}

static const char *value(void *opaque, int id)
{
    timing_ctx_t *ctx = opaque;
    const explain_result_t *r = ctx->r;
    const explain_timing_result_t *t = &r->timing;
    const explain_timing_totals_t *bulk = bulk_totals(t);
    bool sender_client = r->role == EXPLAIN_ROLE_CLIENT;
    switch ((timing_placeholder_t)id) {
    case TPH_sender:              return role_text(ctx, sender_client);
    case TPH_receiver:            return role_text(ctx, !sender_client);
    case TPH_in_flight:           return fmt_u64(ctx, t->in_flight);
    case TPH_peer_window:         return fmt_u64(ctx, t->peer_window);
    case TPH_acks_first:          return fmt_u64(ctx, t->acks_first);
    case TPH_acks_last:           return fmt_u64(ctx, t->acks_last);
    case TPH_acks_segments:       return fmt_u64(ctx, t->acks_segments);
    case TPH_acks_bytes:          return fmt_u64(ctx, t->acks_bytes);
    case TPH_oldest:              return fmt_duration(ctx, t->oldest_ns);
    case TPH_rtt:                 return fmt_duration(ctx, t->rtt_ns);
    case TPH_peer_mss:            return fmt_u64(ctx, t->peer_mss);
    case TPH_waited:              return fmt_duration(ctx, t->waited_ns);
    case TPH_sack_list:           return fmt_sack_list(ctx);
    case TPH_sack_missing_first:  return fmt_u64(ctx, t->sack_missing_first);
    case TPH_sack_missing_last:   return fmt_u64(ctx, t->sack_missing_last);
    case TPH_retrans_after:       return fmt_duration(ctx, t->retrans_after_ns);
    case TPH_retrans_prev_frame:  return fmt_u64(ctx, t->retrans_prev_frame);
    case TPH_retrans_try:         return fmt_u64(ctx, t->retrans_try);
    case TPH_client:
        return fmt_endpoint(ctx, t->client_addr, t->client_addr_len, t->client_port);
    case TPH_server:
        return fmt_endpoint(ctx, t->server_addr, t->server_addr_len, t->server_port);
    case TPH_rtt_min_seen:        return fmt_duration(ctx, t->rtt_min_seen_ns);
    case TPH_round_peak:          return fmt_u64(ctx, t->round_peak);
    case TPH_prev_round_peak:     return fmt_u64(ctx, t->prev_round_peak);
    case TPH_client_role:         return role_in_sentence(ctx, true);
    case TPH_server_role:         return role_in_sentence(ctx, false);
    case TPH_mss_client:          return fmt_u64(ctx, t->mss_client);
    case TPH_mss_server:          return fmt_u64(ctx, t->mss_server);
    case TPH_wscale_client:       return fmt_int(ctx, t->wscale_client);
    case TPH_wscale_server:       return fmt_int(ctx, t->wscale_server);
    case TPH_duration:            return fmt_duration(ctx, t->duration_ns);
    case TPH_client_bytes:        return fmt_u64(ctx, t->client.payload);
    case TPH_client_resent:       return fmt_u64(ctx, t->client.resent);
    case TPH_client_rate:         return fmt_rate(ctx, t->client.payload);
    case TPH_server_bytes:        return fmt_u64(ctx, t->server.payload);
    case TPH_server_resent:       return fmt_u64(ctx, t->server.resent);
    case TPH_server_rate:         return fmt_rate(ctx, t->server.payload);
    case TPH_bulk_side:           return role_in_sentence(ctx, bulk_is_client(t));
    case TPH_rtt_min:             return fmt_duration(ctx, (int64_t)bulk->rtt_min_us * 1000);
    case TPH_rtt_avg:             return fmt_duration(ctx, (int64_t)bulk->rtt_avg_us * 1000);
    case TPH_rtt_max:             return fmt_duration(ctx, (int64_t)bulk->rtt_max_us * 1000);
    case TPH_rtt_samples:         return fmt_u64(ctx, bulk->rtt_samples);
    case TPH_client_min_window:   return fmt_u64(ctx, t->client.min_window);
    case TPH_server_min_window:   return fmt_u64(ctx, t->server.min_window);
    case TPH_blocked:             return fmt_u64(ctx, bulk->blocked_count);
    case TPH_retrans_timeout:
        return fmt_u64(ctx, (uint64_t)t->client.retrans_timeout + t->server.retrans_timeout);
    case TPH_retrans_fast:
        return fmt_u64(ctx, (uint64_t)t->client.retrans_fast + t->server.retrans_fast);
    case TPH_retrans_spurious:
        return fmt_u64(ctx, (uint64_t)t->client.retrans_spurious + t->server.retrans_spurious);
    case TPH_retrans_other:
        return fmt_u64(ctx, (uint64_t)t->client.retrans_other + t->server.retrans_other);
    case TPH_since_prev:          return fmt_duration(ctx, t->since_prev_ns);
    case TPH_since_start:         return fmt_duration(ctx, t->since_start_ns);
    case TPH_COUNT:
    default:
        return NULL;
    }
}

/* Appends the text of id as a new line (nothing when the catalog has none). */
static void line(timing_ctx_t *ctx, timing_text_t index, GString *out)
{
    const char *tmpl = timing_text(ctx, index, ctx->how->voice);
    const char *id = timing_text_ids[index];
    if (tmpl == NULL || tmpl[0] == '\0')
        return;
    gsize before = out->len;
    if (before > 0)
        g_string_append_c(out, '\n');
    explain_template_render_ids(out, tmpl, timing_resolve, value, ctx);
    if (out->len == before + 1) {
        g_string_truncate(out, before);
        return;
    }
    if (ctx->how->claims != NULL) {
        if (ctx->how->claims->len > 0)
            g_string_append_c(ctx->how->claims, ',');
        g_string_append(ctx->how->claims, id);
    }
}

/* Which frames an ACK answers: one; two, named both; more in consecutive
 * frames ("frames 4 to 6"); more with other frames between them (the
 * first and the last: "frames 9 to 14" would read as six). */
static timing_text_t acks_text(const explain_timing_result_t *t)
{
    if (t->acks_segments == 1)
        return TT_time_acks_one;
    if (t->acks_segments == 2)
        return TT_time_acks_two;
    if ((uint64_t)t->acks_last - t->acks_first + 1 == t->acks_segments)
        return TT_time_acks_many;
    return TT_time_acks_spread;
}

static void tell_retransmission(timing_ctx_t *ctx, const explain_timing_result_t *t, GString *out)
{
    if (t->retrans_kind == EXPLAIN_RETRANS_NONE || !t->retrans_after_known)
        return;
    if (t->retrans_try >= 3) {
        line(ctx, t->retrans_backoff ? TT_retrans_backoff : TT_retrans_retry, out);
        return;
    }
    if (t->retrans_prev_frame == 0)
        return;
    switch (t->retrans_kind) {
    case EXPLAIN_RETRANS_TIMEOUT:  line(ctx, TT_retrans_timeout, out); break;
    case EXPLAIN_RETRANS_FAST:     line(ctx, TT_retrans_fast, out); break;
    case EXPLAIN_RETRANS_SPURIOUS: line(ctx, TT_retrans_spurious, out); break;
    default:                       line(ctx, TT_retrans_unknown, out); break;
    }
}

static void tell_summary(timing_ctx_t *ctx, const explain_timing_result_t *t, GString *out)
{
    if (!t->stream_summary)
        return;
    if (t->summary_so_far)
        line(ctx, TT_stream_so_far, out);
    line(ctx, TT_stream_totals, out);
    if (bulk_totals(t)->rtt_samples > 0)
        line(ctx, TT_stream_rtt, out);
    if (t->client.min_window_set && t->server.min_window_set)
        line(ctx, bulk_totals(t)->blocked_count > 0 ? TT_stream_window_limited
                                                     : TT_stream_window_not_limited, out);
    line(ctx, TT_stream_retransmissions, out);
}

void explain_narrative_stream_summary(const explain_telling_t *how, const explain_result_t *r,
                                      GString *out)
{
    timing_ctx_t ctx;
    timing_ctx_init(&ctx, how, r);
    tell_summary(&ctx, &r->timing, out);
}

void explain_narrative_timing(const explain_telling_t *how, const explain_result_t *r,
                              GString *out)
{
    timing_ctx_t ctx;
    timing_ctx_init(&ctx, how, r);
    const explain_timing_result_t *t = &r->timing;

    if (t->has_prev && t->since_prev_ns >= EXPLAIN_TIMING_PAUSE_NS)
        line(&ctx, TT_time_pause, out);
    if (t->handshake_summary) {
        line(&ctx, TT_handshake_done, out);
        line(&ctx, t->sack_in_force ? TT_handshake_sack_on : TT_handshake_sack_off, out);
        line(&ctx, t->wscale_in_force ? TT_handshake_wscale_on : TT_handshake_wscale_off, out);
    }
    if (t->acks_known) {
        if (t->acks_rest)
            line(&ctx, t->acks_segments == 1 ? TT_time_acks_rest_one : TT_time_acks_rest_many, out);
        else
            line(&ctx, acks_text(t), out);
        if (t->acks_into_next)
            line(&ctx, TT_time_acks_into_next, out);
        if (t->rtt_known)
            line(&ctx, t->rtt_resent ? TT_time_rtt_resent : TT_time_rtt, out);
        if (t->delayed_ack)
            line(&ctx, TT_time_delayed_ack, out);
        if (t->delayed_timer)
            line(&ctx, TT_time_delayed_ack_timer, out);
    }
    if (t->sack_count > 0)
        line(&ctx, t->sack_missing ? TT_sack_holds_missing : TT_sack_holds, out);
    if (t->sack_recovered)
        line(&ctx, TT_sack_recovered, out);
    tell_retransmission(&ctx, t, out);
    if (t->in_flight_known && t->peer_window_known) {
        line(&ctx, TT_flow_in_flight, out);
        if (t->must_wait == EXPLAIN_WAIT_WINDOW_FULL)
            line(&ctx, TT_flow_must_wait_full, out);
        else if (t->must_wait == EXPLAIN_WAIT_BELOW_MSS)
            line(&ctx, TT_flow_must_wait_mss, out);
    }
    if (t->waited_known)
        line(&ctx, TT_flow_waited, out);
    switch (t->congestion_hint) {
    case EXPLAIN_CONGESTION_SLOW_START: line(&ctx, TT_congestion_slow_start, out); break;
    case EXPLAIN_CONGESTION_AVOIDANCE:  line(&ctx, TT_congestion_avoidance, out); break;
    case EXPLAIN_CONGESTION_AFTER_LOSS: line(&ctx, TT_congestion_after_loss, out); break;
    default: break;
    }
    tell_summary(&ctx, t, out);
}
