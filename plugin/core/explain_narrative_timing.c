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

typedef struct {
    const explain_telling_t *how;
    const explain_result_t  *r;
    char                     buf[160];
} timing_ctx_t;

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
    char *p = ctx->buf + sizeof ctx->buf - 1;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (negative)
        *--p = '-';
    return p;
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
    const char *text = explain_catalog_text(ctx->how->catalog, client ? "role.client" : "role.server",
                                            ctx->how->voice, ctx->how->language);
    return text != NULL ? text : (client ? "client" : "server");
}

/* The word for the client or the server inside a sentence: the teaching
 * voice's (the story voice's starts sentences). */
static const char *role_in_sentence(timing_ctx_t *ctx, bool client)
{
    const char *text = explain_catalog_text(ctx->how->catalog, client ? "role.client" : "role.server",
                                            EXPLAIN_VOICE_TEACHING, ctx->how->language);
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
static void line(timing_ctx_t *ctx, const char *id, GString *out)
{
    const char *tmpl = explain_catalog_text(ctx->how->catalog, id, ctx->how->voice,
                                            ctx->how->language);
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
static const char *acks_text(const explain_timing_result_t *t)
{
    if (t->acks_segments == 1)
        return "time.acks_one";
    if (t->acks_segments == 2)
        return "time.acks_two";
    if ((uint64_t)t->acks_last - t->acks_first + 1 == t->acks_segments)
        return "time.acks_many";
    return "time.acks_spread";
}

static void tell_retransmission(timing_ctx_t *ctx, const explain_timing_result_t *t, GString *out)
{
    if (t->retrans_kind == EXPLAIN_RETRANS_NONE || !t->retrans_after_known)
        return;
    if (t->retrans_try >= 3) {
        line(ctx, t->retrans_backoff ? "retrans.backoff" : "retrans.retry", out);
        return;
    }
    if (t->retrans_prev_frame == 0)
        return;
    switch (t->retrans_kind) {
    case EXPLAIN_RETRANS_TIMEOUT:  line(ctx, "retrans.timeout", out); break;
    case EXPLAIN_RETRANS_FAST:     line(ctx, "retrans.fast", out); break;
    case EXPLAIN_RETRANS_SPURIOUS: line(ctx, "retrans.spurious", out); break;
    default:                       line(ctx, "retrans.unknown", out); break;
    }
}

static void tell_summary(timing_ctx_t *ctx, const explain_timing_result_t *t, GString *out)
{
    if (!t->stream_summary)
        return;
    if (t->summary_so_far)
        line(ctx, "stream.so_far", out);
    line(ctx, "stream.totals", out);
    if (bulk_totals(t)->rtt_samples > 0)
        line(ctx, "stream.rtt", out);
    if (t->client.min_window_set && t->server.min_window_set)
        line(ctx, bulk_totals(t)->blocked_count > 0 ? "stream.window_limited"
                                                     : "stream.window_not_limited", out);
    line(ctx, "stream.retransmissions", out);
}

void explain_narrative_stream_summary(const explain_telling_t *how, const explain_result_t *r,
                                      GString *out)
{
    timing_ctx_t ctx = { .how = how, .r = r };
    tell_summary(&ctx, &r->timing, out);
}

void explain_narrative_timing(const explain_telling_t *how, const explain_result_t *r,
                              GString *out)
{
    timing_ctx_t ctx = { .how = how, .r = r };
    const explain_timing_result_t *t = &r->timing;

    if (t->has_prev && t->since_prev_ns >= EXPLAIN_TIMING_PAUSE_NS)
        line(&ctx, "time.pause", out);
    if (t->handshake_summary) {
        line(&ctx, "handshake.done", out);
        line(&ctx, t->sack_in_force ? "handshake.sack_on" : "handshake.sack_off", out);
        line(&ctx, t->wscale_in_force ? "handshake.wscale_on" : "handshake.wscale_off", out);
    }
    if (t->acks_known) {
        if (t->acks_rest)
            line(&ctx, t->acks_segments == 1 ? "time.acks_rest_one" : "time.acks_rest_many", out);
        else
            line(&ctx, acks_text(t), out);
        if (t->acks_into_next)
            line(&ctx, "time.acks_into_next", out);
        if (t->rtt_known)
            line(&ctx, t->rtt_resent ? "time.rtt_resent" : "time.rtt", out);
        if (t->delayed_ack)
            line(&ctx, "time.delayed_ack", out);
        if (t->delayed_timer)
            line(&ctx, "time.delayed_ack_timer", out);
    }
    if (t->sack_count > 0)
        line(&ctx, t->sack_missing ? "sack.holds_missing" : "sack.holds", out);
    if (t->sack_recovered)
        line(&ctx, "sack.recovered", out);
    tell_retransmission(&ctx, t, out);
    if (t->in_flight_known && t->peer_window_known) {
        line(&ctx, "flow.in_flight", out);
        if (t->must_wait == EXPLAIN_WAIT_WINDOW_FULL)
            line(&ctx, "flow.must_wait_full", out);
        else if (t->must_wait == EXPLAIN_WAIT_BELOW_MSS)
            line(&ctx, "flow.must_wait_mss", out);
    }
    if (t->waited_known)
        line(&ctx, "flow.waited", out);
    switch (t->congestion_hint) {
    case EXPLAIN_CONGESTION_SLOW_START: line(&ctx, "congestion.slow_start", out); break;
    case EXPLAIN_CONGESTION_AVOIDANCE:  line(&ctx, "congestion.avoidance", out); break;
    case EXPLAIN_CONGESTION_AFTER_LOSS: line(&ctx, "congestion.after_loss", out); break;
    default: break;
    }
    tell_summary(&ctx, t, out);
}
