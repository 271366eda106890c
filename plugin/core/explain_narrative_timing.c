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

/* ns as "28.0 ms", "0.40 ms", "1.17 s" in ctx->buf. */
static const char *fmt_duration(timing_ctx_t *ctx, int64_t ns)
{
    double ms = (double)ns / 1e6;
    if (ns >= INT64_C(1000000000))
        snprintf(ctx->buf, sizeof ctx->buf, "%.2f s", ms / 1000.0);
    else if (ns >= INT64_C(10000000))
        snprintf(ctx->buf, sizeof ctx->buf, "%.1f ms", ms);
    else
        snprintf(ctx->buf, sizeof ctx->buf, "%.2f ms", ms);
    return ctx->buf;
}

static const char *fmt_u64(timing_ctx_t *ctx, uint64_t v)
{
    snprintf(ctx->buf, sizeof ctx->buf, "%llu", (unsigned long long)v);
    return ctx->buf;
}

static const char *fmt_int(timing_ctx_t *ctx, int v)
{
    snprintf(ctx->buf, sizeof ctx->buf, "%d", v);
    return ctx->buf;
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

static const char *value(void *opaque, const char *name, size_t len)
{
    timing_ctx_t *ctx = opaque;
    const explain_result_t *r = ctx->r;
    const explain_timing_result_t *t = &r->timing;
    const explain_timing_totals_t *bulk = bulk_totals(t);
    bool sender_client = r->role == EXPLAIN_ROLE_CLIENT;
#define IS(word) (len == sizeof(word) - 1 && memcmp(name, word, len) == 0)
    if (IS("sender"))             return role_text(ctx, sender_client);
    if (IS("receiver"))           return role_text(ctx, !sender_client);
    if (IS("in_flight"))          return fmt_u64(ctx, t->in_flight);
    if (IS("peer_window"))        return fmt_u64(ctx, t->peer_window);
    if (IS("acks_first"))         return fmt_u64(ctx, t->acks_first);
    if (IS("acks_last"))          return fmt_u64(ctx, t->acks_last);
    if (IS("acks_segments"))      return fmt_u64(ctx, t->acks_segments);
    if (IS("acks_bytes"))         return fmt_u64(ctx, t->acks_bytes);
    if (IS("oldest"))             return fmt_duration(ctx, t->oldest_ns);
    if (IS("rtt"))                return fmt_duration(ctx, t->rtt_ns);
    if (IS("peer_mss"))           return fmt_u64(ctx, t->peer_mss);
    if (IS("waited"))             return fmt_duration(ctx, t->waited_ns);
    if (IS("sack_list"))          return fmt_sack_list(ctx);
    if (IS("sack_missing_first")) return fmt_u64(ctx, t->sack_missing_first);
    if (IS("sack_missing_last"))  return fmt_u64(ctx, t->sack_missing_last);
    if (IS("retrans_after"))      return fmt_duration(ctx, t->retrans_after_ns);
    if (IS("retrans_prev_frame")) return fmt_u64(ctx, t->retrans_prev_frame);
    if (IS("retrans_try"))        return fmt_u64(ctx, t->retrans_try);
    if (IS("client"))
        return fmt_endpoint(ctx, t->client_addr, t->client_addr_len, t->client_port);
    if (IS("server"))
        return fmt_endpoint(ctx, t->server_addr, t->server_addr_len, t->server_port);
    if (IS("rtt_min_seen"))       return fmt_duration(ctx, t->rtt_min_seen_ns);
    if (IS("round_peak"))         return fmt_u64(ctx, t->round_peak);
    if (IS("prev_round_peak"))    return fmt_u64(ctx, t->prev_round_peak);
    if (IS("client_role"))        return role_in_sentence(ctx, true);
    if (IS("server_role"))        return role_in_sentence(ctx, false);
    if (IS("mss_client"))         return fmt_u64(ctx, t->mss_client);
    if (IS("mss_server"))         return fmt_u64(ctx, t->mss_server);
    if (IS("wscale_client"))      return fmt_int(ctx, t->wscale_client);
    if (IS("wscale_server"))      return fmt_int(ctx, t->wscale_server);
    if (IS("duration"))           return fmt_duration(ctx, t->duration_ns);
    if (IS("client_bytes"))       return fmt_u64(ctx, t->client.payload);
    if (IS("client_resent"))      return fmt_u64(ctx, t->client.resent);
    if (IS("client_rate"))        return fmt_rate(ctx, t->client.payload);
    if (IS("server_bytes"))       return fmt_u64(ctx, t->server.payload);
    if (IS("server_resent"))      return fmt_u64(ctx, t->server.resent);
    if (IS("server_rate"))        return fmt_rate(ctx, t->server.payload);
    if (IS("bulk_side"))          return role_in_sentence(ctx, bulk_is_client(t));
    if (IS("rtt_min"))            return fmt_duration(ctx, (int64_t)bulk->rtt_min_us * 1000);
    if (IS("rtt_avg"))            return fmt_duration(ctx, (int64_t)bulk->rtt_avg_us * 1000);
    if (IS("rtt_max"))            return fmt_duration(ctx, (int64_t)bulk->rtt_max_us * 1000);
    if (IS("rtt_samples"))        return fmt_u64(ctx, bulk->rtt_samples);
    if (IS("client_min_window"))  return fmt_u64(ctx, t->client.min_window);
    if (IS("server_min_window"))  return fmt_u64(ctx, t->server.min_window);
    if (IS("blocked"))            return fmt_u64(ctx, bulk->blocked_count);
    if (IS("retrans_timeout"))
        return fmt_u64(ctx, (uint64_t)t->client.retrans_timeout + t->server.retrans_timeout);
    if (IS("retrans_fast"))
        return fmt_u64(ctx, (uint64_t)t->client.retrans_fast + t->server.retrans_fast);
    if (IS("retrans_spurious"))
        return fmt_u64(ctx, (uint64_t)t->client.retrans_spurious + t->server.retrans_spurious);
    if (IS("retrans_other"))
        return fmt_u64(ctx, (uint64_t)t->client.retrans_other + t->server.retrans_other);
    if (IS("since_prev"))         return fmt_duration(ctx, t->since_prev_ns);
    if (IS("since_start"))        return fmt_duration(ctx, t->since_start_ns);
#undef IS
    return NULL;
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
    explain_template_render(out, tmpl, value, ctx);
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
    line(ctx, "stream.totals", out);
    if (bulk_totals(t)->rtt_samples > 0)
        line(ctx, "stream.rtt", out);
    if (t->client.min_window_set && t->server.min_window_set)
        line(ctx, bulk_totals(t)->blocked_count > 0 ? "stream.window_limited"
                                                     : "stream.window_not_limited", out);
    line(ctx, "stream.retransmissions", out);
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
            line(&ctx, t->acks_segments == 1 ? "time.acks_one" : "time.acks_many", out);
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
