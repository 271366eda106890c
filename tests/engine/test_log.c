/* test_log.c - unit tests of the facts log codec (explain_log.h).
 *
 * Every expected record size below was worked out by hand from the record
 * format in explain_log.h (see the comment on each row), not taken from
 * the encoder's output.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "explain_engine.h"
#include "explain_log.h"

#define F EXPLAIN_TH_FIN
#define S EXPLAIN_TH_SYN
#define P EXPLAIN_TH_PSH
#define A EXPLAIN_TH_ACK

/* Every record ends with the time; an unchanged time (all the hand-made
 * records below keep time_ns 0) is one byte 0x00, counted here rather
 * than in each hand-worked size. */
#define TIME_BYTES 1u

/* ------------------------------------------------------------------ */
/* Equality: field by field; an endpoint is addr_len, port and the
 * address bytes addr_len covers. */

static size_t addr_bytes(const explain_endpoint_t *ep)
{
    return ep->addr_len < 16 ? ep->addr_len : 16;
}

static bool endpoint_equal(const explain_endpoint_t *a, const explain_endpoint_t *b)
{
    return a->addr_len == b->addr_len && a->port == b->port
           && memcmp(a->addr, b->addr, addr_bytes(a)) == 0;
}

static bool options_equal(const explain_tcp_options_t *a, const explain_tcp_options_t *b)
{
    return a->has_mss == b->has_mss && a->mss == b->mss && a->has_wscale == b->has_wscale
           && a->wscale_shift == b->wscale_shift && a->sack_permitted == b->sack_permitted
           && a->has_timestamps == b->has_timestamps && a->sack_blocks == b->sack_blocks
           && a->has_tfo == b->has_tfo && a->tsval == b->tsval && a->tsecr == b->tsecr;
}

static bool facts_equal(const explain_facts_t *a, const explain_facts_t *b)
{
    return a->frame == b->frame && a->stream == b->stream && endpoint_equal(&a->src, &b->src)
           && endpoint_equal(&a->dst, &b->dst) && a->flags == b->flags
           && a->seq_raw == b->seq_raw && a->ack_raw == b->ack_raw
           && a->payload_len == b->payload_len && a->window_raw == b->window_raw
           && options_equal(&a->opts, &b->opts) && a->analysis == b->analysis
           && a->has_analysis == b->has_analysis && a->dup_ack_count == b->dup_ack_count
           && a->has_ws_nxtseq == b->has_ws_nxtseq && a->ws_seq == b->ws_seq
           && a->ws_nxtseq == b->ws_nxtseq && a->time_ns == b->time_ns
           && memcmp(a->sack_le, b->sack_le, sizeof a->sack_le) == 0
           && memcmp(a->sack_re, b->sack_re, sizeof a->sack_re) == 0;
}

/* The address bytes beyond addr_len of a decoded endpoint are zero. */
static void assert_rest_zero(const explain_endpoint_t *ep)
{
    for (size_t i = addr_bytes(ep); i < sizeof ep->addr; i++)
        g_assert_cmpuint(ep->addr[i], ==, 0);
}

static void assert_endpoint_equal(const explain_endpoint_t *want, const explain_endpoint_t *got)
{
    g_assert_cmpuint(got->addr_len, ==, want->addr_len);
    g_assert_cmpuint(got->port, ==, want->port);
    g_assert_cmpmem(got->addr, addr_bytes(got), want->addr, addr_bytes(want));
    assert_rest_zero(got);
}

/* Field by field, so a failure names the field. */
static void assert_facts_equal(const explain_facts_t *want, const explain_facts_t *got)
{
    g_assert_cmpuint(got->frame, ==, want->frame);
    g_assert_cmpuint(got->stream, ==, want->stream);
    assert_endpoint_equal(&want->src, &got->src);
    assert_endpoint_equal(&want->dst, &got->dst);
    g_assert_cmpuint(got->flags, ==, want->flags);
    g_assert_cmpuint(got->seq_raw, ==, want->seq_raw);
    g_assert_cmpuint(got->ack_raw, ==, want->ack_raw);
    g_assert_cmpuint(got->payload_len, ==, want->payload_len);
    g_assert_cmpuint(got->window_raw, ==, want->window_raw);
    g_assert_cmpint(got->opts.has_mss, ==, want->opts.has_mss);
    g_assert_cmpuint(got->opts.mss, ==, want->opts.mss);
    g_assert_cmpint(got->opts.has_wscale, ==, want->opts.has_wscale);
    g_assert_cmpuint(got->opts.wscale_shift, ==, want->opts.wscale_shift);
    g_assert_cmpint(got->opts.sack_permitted, ==, want->opts.sack_permitted);
    g_assert_cmpint(got->opts.has_timestamps, ==, want->opts.has_timestamps);
    g_assert_cmpuint(got->opts.sack_blocks, ==, want->opts.sack_blocks);
    g_assert_cmpint(got->opts.has_tfo, ==, want->opts.has_tfo);
    g_assert_cmpuint(got->opts.tsval, ==, want->opts.tsval);
    g_assert_cmpuint(got->opts.tsecr, ==, want->opts.tsecr);
    g_assert_cmpuint(got->analysis, ==, want->analysis);
    g_assert_cmpint(got->has_analysis, ==, want->has_analysis);
    g_assert_cmpuint(got->dup_ack_count, ==, want->dup_ack_count);
    g_assert_cmpint(got->has_ws_nxtseq, ==, want->has_ws_nxtseq);
    g_assert_cmpuint(got->ws_seq, ==, want->ws_seq);
    g_assert_cmpuint(got->ws_nxtseq, ==, want->ws_nxtseq);
    g_assert_cmpint(got->time_ns, ==, want->time_ns);
    for (unsigned i = 0; i < EXPLAIN_SACK_MAX; i++) {
        g_assert_cmpuint(got->sack_le[i], ==, want->sack_le[i]);
        g_assert_cmpuint(got->sack_re[i], ==, want->sack_re[i]);
    }
    g_assert_true(facts_equal(want, got));
}

/* ------------------------------------------------------------------ */
/* Round trips. */

/* Every proper prefix of the record at rec[0..size) decodes to 0 and leaves
 * the context alone. Each prefix is placed at the very end of a heap block,
 * so a read past it is a heap overflow for AddressSanitizer. */
static void assert_prefixes_rejected(const explain_log_context_t *ctx, const uint8_t *rec,
                                     size_t size)
{
    static uint8_t *tail_block;
    if (tail_block == NULL)
        tail_block = g_malloc(EXPLAIN_LOG_MAX_RECORD);
    explain_log_context_t probe;
    memcpy(&probe, ctx, sizeof probe);
    explain_facts_t facts;
    for (size_t cut = 0; cut < size; cut++) {
        uint8_t *in = tail_block + EXPLAIN_LOG_MAX_RECORD - cut;
        memcpy(in, rec, cut);
        if (explain_log_decode(&probe, in, cut, &facts) != 0)
            g_error("a prefix of %zu bytes of a %zu-byte record decoded", cut, size);
    }
    g_assert_true(memcmp(&probe, ctx, sizeof probe) == 0);
}

/* Encodes facts[0..n) into one buffer, decodes them back in order (each
 * decode seeing the whole rest of the buffer) and asserts every record
 * equal, of the size encoded, and every proper prefix of it rejected.
 * sizes[i] (when not NULL) gets each record's size; returns the total. */
static size_t round_trip(const explain_facts_t *facts, size_t n, size_t *sizes)
{
    uint8_t *buf = g_malloc(n * EXPLAIN_LOG_MAX_RECORD + 1);
    size_t *own_sizes = sizes != NULL ? sizes : g_new(size_t, n);
    explain_log_context_t enc;
    explain_log_context_init(&enc);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        own_sizes[i] = explain_log_encode(&enc, &facts[i], buf + total);
        g_assert_cmpuint(own_sizes[i], >=, 2);
        g_assert_cmpuint(own_sizes[i], <=, EXPLAIN_LOG_MAX_RECORD);
        total += own_sizes[i];
    }

    explain_log_context_t dec;
    explain_log_context_init(&dec);
    size_t offset = 0;
    for (size_t i = 0; i < n; i++) {
        assert_prefixes_rejected(&dec, buf + offset, own_sizes[i]);
        explain_facts_t got;
        size_t used = explain_log_decode(&dec, buf + offset, total - offset, &got);
        if (used != own_sizes[i] || !facts_equal(&facts[i], &got)) {
            g_test_message("record %zu: %zu bytes encoded, %zu decoded", i, own_sizes[i], used);
            g_assert_cmpuint(used, ==, own_sizes[i]);
            assert_facts_equal(&facts[i], &got);
        }
        assert_rest_zero(&got.src);
        assert_rest_zero(&got.dst);
        offset += used;
    }
    g_assert_cmpuint(offset, ==, total);
    if (sizes == NULL)
        g_free(own_sizes);
    g_free(buf);
    return total;
}

/* ------------------------------------------------------------------ */
/* Hand-written conversations. */

static explain_endpoint_t endpoint4(uint8_t last, uint16_t port)
{
    explain_endpoint_t ep;
    memset(&ep, 0, sizeof ep);
    ep.addr[0] = 10;
    ep.addr[3] = last;
    ep.addr_len = 4;
    ep.port = port;
    return ep;
}

/* One segment of a conversation between client 10.0.0.1:40000 and server
 * 10.0.0.2:80 on stream 3. */
typedef struct {
    uint32_t frame;
    char     dir;        /* 'c' client->server, 's' server->client */
    uint16_t flags;
    uint32_t seq;
    uint32_t ack;
    uint32_t len;
    uint16_t win;
    bool     syn_opts;   /* MSS 1460, window scale 7, SACK permitted */
    size_t   size;       /* the record's size, worked out by hand */
} conv_seg_t;

/* The facts Wireshark 4 would give: tcp.seq and tcp.nxtseq relative to
 * each side's base, analysis on. */
static explain_facts_t conv_facts(const conv_seg_t *seg, uint32_t client_base, uint32_t server_base)
{
    explain_facts_t f;
    memset(&f, 0, sizeof f);
    bool from_client = seg->dir == 'c';
    explain_endpoint_t client = endpoint4(1, 40000);
    explain_endpoint_t server = endpoint4(2, 80);
    f.frame = seg->frame;
    f.stream = 3;
    f.src = from_client ? client : server;
    f.dst = from_client ? server : client;
    f.flags = seg->flags;
    f.seq_raw = seg->seq;
    f.ack_raw = seg->ack;
    f.payload_len = seg->len;
    f.window_raw = seg->win;
    if (seg->syn_opts) {
        f.opts.has_mss = true;
        f.opts.mss = 1460;
        f.opts.has_wscale = true;
        f.opts.wscale_shift = 7;
        f.opts.sack_permitted = true;
    }
    f.has_analysis = true;
    f.has_ws_nxtseq = true;
    f.ws_seq = seg->seq - (from_client ? client_base : server_base);
    f.ws_nxtseq = f.ws_seq + seg->len + ((seg->flags & (S | F)) ? 1u : 0u);
    return f;
}

/* Client ISN 1000, server ISN 5000: handshake, a request and a reply,
 * bulk data with acks, teardown. No timestamps. */
static const conv_seg_t conversation[] = {
    /* header, extras (options), stream 3 (1), 2 endpoints (7 + 7), frame
     * 1 - 0 - 1 = 0 (1), seq zigzag 1000 = 2000 (2), flags 0 ^ SYN (1),
     * window 64240 - 0 = -1296 -> 2591 (2), options 0x37 + mss 2 +
     * wscale 1 (4); ack 0 as the side's previous, len 0 the same */
    { 1, 'c', S, 1000, 0, 0, 64240, true, 27 },
    /* header, extras (options), frame (1), seq 5000: the client's ack 0 was
     * predicted -> 10000 (2), ack 1001 = client's end (0), flags ^ 0x12
     * (1), window -376 -> 751 (2), options 0x37 + 2 + 1 (4) */
    { 2, 's', S | A, 5000, 1001, 0, 65160, true, 12 },
    /* header, extras (options 0: 1), frame (1), flags ^ 0x12 (1), window
     * 502 - 64240 = 1798 mod 2^16 -> 3596 (2); ack 5001 = server's end */
    { 3, 'c', A, 1001, 5001, 0, 502, false, 7 },
    /* header, frame, flags ^ PSH, len 100 */
    { 4, 'c', A | P, 1001, 5001, 100, 502, false, 4 },
    /* header, extras, frame, flags ^ SYN, window 885 -> 1770 (2), options (1) */
    { 5, 's', A, 5001, 1101, 0, 509, false, 7 },
    /* header, frame, flags ^ PSH, len 200 (2) */
    { 6, 's', A | P, 5001, 1101, 200, 509, false, 5 },
    /* header, frame, flags ^ PSH, len 0, window -1 -> 1 */
    { 7, 'c', A, 1101, 5201, 0, 501, false, 5 },
    /* header, frame, flags ^ PSH, len 1448 (2) */
    { 8, 's', A, 5201, 1101, 1448, 509, false, 5 },
    /* bulk: header, frame */
    { 9, 's', A, 6649, 1101, 1448, 509, false, 2 },
    { 10, 's', A, 8097, 1101, 1448, 509, false, 2 },
    /* ack of two of three: header, frame, ack 8097 = 9545 - 1448 -> 2895 (2) */
    { 11, 'c', A, 1101, 8097, 0, 501, false, 4 },
    { 12, 's', A, 9545, 1101, 1448, 509, false, 2 },
    /* ack of all, frame 13 was another stream's: 14 - 12 - 1 = 1 */
    { 14, 'c', A, 1101, 10993, 0, 501, false, 2 },
    /* header, frame, flags ^ FIN, len 0 */
    { 15, 's', F | A, 10993, 1101, 0, 509, false, 4 },
    /* header, frame, flags ^ FIN; ack 10994 = server's end */
    { 16, 'c', F | A, 1101, 10994, 0, 501, false, 3 },
    /* header, frame, flags ^ FIN; ack 1102 = client's end */
    { 17, 's', A, 10994, 1102, 0, 509, false, 3 },
};

#define CONVERSATION_COUNT (sizeof conversation / sizeof conversation[0])

static void test_conversation(void)
{
    explain_facts_t facts[CONVERSATION_COUNT];
    size_t sizes[CONVERSATION_COUNT];
    for (size_t i = 0; i < CONVERSATION_COUNT; i++)
        facts[i] = conv_facts(&conversation[i], 1000, 5000);
    size_t total = round_trip(facts, CONVERSATION_COUNT, sizes);
    size_t want_total = 0;
    for (size_t i = 0; i < CONVERSATION_COUNT; i++) {
        g_test_message("frame %u: %zu bytes", conversation[i].frame, sizes[i]);
        g_assert_cmpuint(sizes[i], ==, conversation[i].size + TIME_BYTES);
        want_total += conversation[i].size + TIME_BYTES;
    }
    g_assert_cmpuint(total, ==, want_total);
}

/* ------------------------------------------------------------------ */
/* Sizes of typical records after an established prefix. */

/* A record after the prefix: the sender's tsval goes up by tsval_step and
 * its tsecr echoes the other side's last tsval (with timestamps on: one
 * byte 0000 tttt). */
typedef struct {
    const char *name;
    conv_seg_t  seg;
    uint32_t    analysis;
    uint32_t    dup_ack_count;
    uint8_t     sack_blocks;
    uint32_t    tsval_step;
    size_t      size;          /* without timestamps; with them 1 more */
} typical_t;

/* Prefix, caught mid-stream (client base 999, server base 1999): frame
 * 100 client request of 100 bytes, frame 101 server reply of 1448. */
static const conv_seg_t typical_prefix[] = {
    { 100, 'c', A | P, 1000, 2000, 100, 500, false, 0 },
    { 101, 's', A, 2000, 1100, 1448, 300, false, 0 },
};

static const typical_t typicals[] = {
    /* header, frame +1 (1) */
    { "bulk", { 102, 's', A, 3448, 1100, 1448, 300, false, 0 }, 0, 0, 0, 1, 2 },
    /* header, frame, flags ^ PSH, len 0; ack 3448 = server's end */
    { "pure-ack", { 103, 'c', A, 1100, 3448, 0, 500, false, 0 }, 0, 0, 0, 5, 4 },
    /* header, frame +9 (1), ack +2000 from either prediction -> 4000 (2) */
    { "bulk-new-ack", { 110, 's', A, 3448, 3100, 1448, 300, false, 0 }, 0, 0, 0, 0, 4 },
    /* header, frame, window -8 -> 15 (1) */
    { "bulk-window", { 102, 's', A, 3448, 1100, 1448, 292, false, 0 }, 0, 0, 0, 1, 3 },
    /* header, extras (analysis), frame, seq 2000 - 3448 -> 2895 (2), analysis 1 (1) */
    { "retransmission", { 102, 's', A, 2000, 1100, 1448, 300, false, 0 },
      EXPLAIN_TA_RETRANSMISSION, 0, 0, 1, 6 },
    /* header, extras (options, analysis, dup acks), frame, flags ^ PSH,
     * len 0, options 0x40 (or 0x48) + sack_blocks (2), analysis 64 (1),
     * dup_ack_count 1 (1); ack 2000 as the client's previous */
    { "dup-ack-sack", { 102, 'c', A, 1100, 2000, 0, 500, false, 0 },
      EXPLAIN_TA_DUPLICATE_ACK, 1, 1, 0, 9 },
};

static explain_facts_t with_timestamps(explain_facts_t f, bool timestamps, uint32_t tsval,
                                       uint32_t tsecr)
{
    if (timestamps) {
        f.opts.has_timestamps = true;
        f.opts.tsval = tsval;
        f.opts.tsecr = tsecr;
    }
    return f;
}

static explain_facts_t typical_facts(const conv_seg_t *seg, bool timestamps, uint32_t tsval,
                                     uint32_t tsecr)
{
    return with_timestamps(conv_facts(seg, 999, 1999), timestamps, tsval, tsecr);
}

static explain_facts_t bulk_facts(const conv_seg_t *seg, bool timestamps, uint32_t tsval,
                                  uint32_t tsecr)
{
    return with_timestamps(conv_facts(seg, 1000, 5000), timestamps, tsval, tsecr);
}

static void test_typical_size(gconstpointer data)
{
    const typical_t *t = data;
    for (int timestamps = 0; timestamps <= 1; timestamps++) {
        /* client clock 50000, server clock 90010 */
        explain_facts_t facts[3];
        facts[0] = typical_facts(&typical_prefix[0], timestamps, 50000, 90000);
        facts[1] = typical_facts(&typical_prefix[1], timestamps, 90010, 50000);
        bool from_client = t->seg.dir == 'c';
        uint32_t tsval = (from_client ? 50000u : 90010u) + t->tsval_step;
        uint32_t tsecr = from_client ? 90010u : 50000u;
        facts[2] = typical_facts(&t->seg, timestamps, tsval, tsecr);
        facts[2].analysis = t->analysis;
        facts[2].dup_ack_count = t->dup_ack_count;
        facts[2].opts.sack_blocks = t->sack_blocks;
        size_t sizes[3];
        round_trip(facts, 3, sizes);
        g_test_message("%s, %s timestamps: %zu bytes", t->name, timestamps ? "with" : "without",
                       sizes[2]);
        g_assert_cmpuint(sizes[2], ==, t->size + TIME_BYTES + (timestamps ? 1u : 0u));
    }
}

/* A long bulk transfer with delayed acks (one per two segments), window
 * updates on every eighth ack, a PSH every 16 segments and timestamps
 * ticking every fourth segment: bytes per record, on average. */
static double bulk_flow_average(bool timestamps, size_t n)
{
    explain_facts_t *facts = g_new0(explain_facts_t, n);
    conv_seg_t seg = { 1, 'c', S, 1000, 0, 0, 64240, true, 0 };
    uint32_t client_ts = 7000000, server_ts = 123456789;
    uint32_t server_next = 5001;
    uint16_t client_win = 501;
    size_t i = 0;
    facts[i++] = bulk_facts(&seg, timestamps, client_ts, 0);
    seg = (conv_seg_t){ 2, 's', S | A, 5000, 1001, 0, 65160, true, 0 };
    facts[i++] = bulk_facts(&seg, timestamps, server_ts, client_ts);
    seg = (conv_seg_t){ 3, 'c', A, 1001, 5001, 0, client_win, false, 0 };
    facts[i++] = bulk_facts(&seg, timestamps, client_ts, server_ts);
    for (unsigned k = 0; i < n; k++) {
        uint16_t flags = (k % 16 == 15) ? (A | P) : A;
        if (k % 4 == 0)
            server_ts++;
        seg = (conv_seg_t){ (uint32_t)i + 1, 's', flags, server_next, 1001, 1448, 509, false, 0 };
        facts[i++] = bulk_facts(&seg, timestamps, server_ts, client_ts);
        server_next += 1448;
        if (k % 2 == 1 && i < n) {
            if (k % 16 == 15)
                client_win += 3;
            if (k % 8 == 1)
                client_ts++;
            seg = (conv_seg_t){ (uint32_t)i + 1, 'c', A, 1001, server_next, 0, client_win,
                                false, 0 };
            facts[i++] = bulk_facts(&seg, timestamps, client_ts, server_ts);
        }
    }
    size_t total = round_trip(facts, n, NULL);
    g_free(facts);
    return (double)total / (double)n;
}

static void test_bulk_flow(void)
{
    double without = bulk_flow_average(false, 30000);
    double with = bulk_flow_average(true, 30000);
    g_test_message("bulk flow: %.3f bytes per record without timestamps, %.3f with", without,
                   with);
    g_assert_cmpfloat(without, <, 2.2 + TIME_BYTES);
    g_assert_cmpfloat(with, <, 3.2 + TIME_BYTES);
}

/* ------------------------------------------------------------------ */
/* Sequence numbers wrapping past 2^32. */

static void test_seq_wrap(void)
{
    /* Client ISN 0xfffff000: four 1448-byte segments cross 2^32 on the
     * third; the acks follow. Every data record after the first is a
     * header and a frame; every ack is a header, a frame and (the first
     * time) the flags and len. */
    const uint32_t isn = 0xfffff000u;
    const conv_seg_t segs[] = {
        { 1, 'c', A, isn + 1, 77, 1448, 1000, false, 0 },
        { 2, 'c', A, isn + 1 + 1448, 77, 1448, 1000, false, 2 },
        { 3, 'c', A, isn + 1 + 2 * 1448, 77, 1448, 1000, false, 2 },   /* 0xfffffb51 + 1448 wraps */
        { 4, 'c', A, isn + 1 + 3 * 1448, 77, 1448, 1000, false, 2 },   /* 0x000000f9 */
        { 5, 's', A, 77, isn + 1 + 4 * 1448, 0, 2000, false, 0 },
        { 6, 'c', A, isn + 1 + 4 * 1448, 77, 1448, 1000, false, 2 },
        { 7, 's', A, 77, isn + 1 + 5 * 1448, 0, 2000, false, 2 },
    };
    size_t n = sizeof segs / sizeof segs[0];
    explain_facts_t facts[sizeof segs / sizeof segs[0]];
    size_t sizes[sizeof segs / sizeof segs[0]];
    for (size_t i = 0; i < n; i++)
        facts[i] = conv_facts(&segs[i], isn, 76);
    g_assert_cmpuint(facts[3].seq_raw, ==, 0x000000f9u);
    round_trip(facts, n, sizes);
    for (size_t i = 0; i < n; i++) {
        if (segs[i].size != 0)
            g_assert_cmpuint(sizes[i], ==, segs[i].size + TIME_BYTES);
    }
}

/* ------------------------------------------------------------------ */
/* Every field at its extreme values, one at a time, in the first record
 * and in a later one. */

typedef void (*set_field_fn)(explain_facts_t *f, bool max);

#define SETTER(name, stmt_min, stmt_max)                         \
    static void set_##name(explain_facts_t *f, bool max)         \
    {                                                            \
        if (max) {                                               \
            stmt_max;                                            \
        } else {                                                 \
            stmt_min;                                            \
        }                                                        \
    }

SETTER(frame, f->frame = 0, f->frame = UINT32_MAX)
SETTER(stream, f->stream = 0, f->stream = UINT32_MAX)
SETTER(src_addr_len, f->src.addr_len = 0, f->src.addr_len = UINT8_MAX)
SETTER(src_addr, memset(f->src.addr, 0, 16), memset(f->src.addr, 0xff, 16))
SETTER(src_port, f->src.port = 0, f->src.port = UINT16_MAX)
SETTER(dst_addr_len, f->dst.addr_len = 0, f->dst.addr_len = UINT8_MAX)
SETTER(dst_addr, memset(f->dst.addr, 0, 16), memset(f->dst.addr, 0xff, 16))
SETTER(dst_port, f->dst.port = 0, f->dst.port = UINT16_MAX)
SETTER(flags, f->flags = 0, f->flags = UINT16_MAX)
SETTER(seq_raw, f->seq_raw = 0, f->seq_raw = UINT32_MAX)
SETTER(ack_raw, f->ack_raw = 0, f->ack_raw = UINT32_MAX)
SETTER(payload_len, f->payload_len = 0, f->payload_len = UINT32_MAX)
SETTER(window_raw, f->window_raw = 0, f->window_raw = UINT16_MAX)
SETTER(has_mss, f->opts.has_mss = false, f->opts.has_mss = true)
SETTER(mss, f->opts.mss = 0, f->opts.mss = UINT16_MAX)
SETTER(has_wscale, f->opts.has_wscale = false, f->opts.has_wscale = true)
SETTER(wscale_shift, f->opts.wscale_shift = 0, f->opts.wscale_shift = UINT8_MAX)
SETTER(sack_permitted, f->opts.sack_permitted = false, f->opts.sack_permitted = true)
SETTER(has_timestamps, f->opts.has_timestamps = false, f->opts.has_timestamps = true)
SETTER(sack_blocks, f->opts.sack_blocks = 0, f->opts.sack_blocks = UINT8_MAX)
SETTER(has_tfo, f->opts.has_tfo = false, f->opts.has_tfo = true)
SETTER(tsval, f->opts.tsval = 0, f->opts.tsval = UINT32_MAX)
SETTER(tsecr, f->opts.tsecr = 0, f->opts.tsecr = UINT32_MAX)
SETTER(analysis, f->analysis = 0, f->analysis = UINT32_MAX)
SETTER(has_analysis, f->has_analysis = false, f->has_analysis = true)
SETTER(dup_ack_count, f->dup_ack_count = 0, f->dup_ack_count = UINT32_MAX)
SETTER(has_ws_nxtseq, f->has_ws_nxtseq = false, f->has_ws_nxtseq = true)
SETTER(ws_seq, f->ws_seq = 0, f->ws_seq = UINT32_MAX)
SETTER(ws_nxtseq, f->ws_nxtseq = 0, f->ws_nxtseq = UINT32_MAX)
SETTER(time_ns, f->time_ns = INT64_MIN, f->time_ns = INT64_MAX)
SETTER(sack_le, f->sack_le[0] = 0, f->sack_le[3] = UINT32_MAX)
SETTER(sack_re, f->sack_re[1] = 0, f->sack_re[2] = UINT32_MAX)

typedef struct {
    const char  *name;
    set_field_fn set;
} field_setter_t;

#define FIELD(name) { #name, set_##name }
static const field_setter_t field_setters[] = {
    FIELD(frame), FIELD(stream), FIELD(src_addr_len), FIELD(src_addr), FIELD(src_port),
    FIELD(dst_addr_len), FIELD(dst_addr), FIELD(dst_port), FIELD(flags), FIELD(seq_raw),
    FIELD(ack_raw), FIELD(payload_len), FIELD(window_raw), FIELD(has_mss), FIELD(mss),
    FIELD(has_wscale), FIELD(wscale_shift), FIELD(sack_permitted), FIELD(has_timestamps),
    FIELD(sack_blocks), FIELD(has_tfo), FIELD(tsval), FIELD(tsecr), FIELD(analysis),
    FIELD(has_analysis), FIELD(dup_ack_count), FIELD(has_ws_nxtseq), FIELD(ws_seq),
    FIELD(ws_nxtseq), FIELD(time_ns), FIELD(sack_le), FIELD(sack_re),
};
#undef FIELD

/* IPv6 endpoints, timestamps and every other field at some middling value. */
static explain_facts_t middling_facts(uint32_t frame, bool from_client)
{
    explain_facts_t f;
    memset(&f, 0, sizeof f);
    explain_endpoint_t a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.addr_len = b.addr_len = 16;
    for (int i = 0; i < 16; i++) {
        a.addr[i] = (uint8_t)(0x20 + i);
        b.addr[i] = (uint8_t)(0x90 + i);
    }
    a.port = 51234;
    b.port = 443;
    f.frame = frame;
    f.stream = 12345;
    f.src = from_client ? a : b;
    f.dst = from_client ? b : a;
    f.flags = A | P;
    f.seq_raw = 0x12345678u + frame * 100u;
    f.ack_raw = 0x76543210u + frame * 10u;
    f.payload_len = 100;
    f.window_raw = 1234;
    f.opts.has_mss = true;
    f.opts.mss = 1400;
    f.opts.has_wscale = true;
    f.opts.wscale_shift = 9;
    f.opts.sack_permitted = true;
    f.opts.has_timestamps = true;
    f.opts.sack_blocks = 2;
    f.opts.tsval = 1000000u + frame;
    f.opts.tsecr = 2000000u + frame;
    f.analysis = EXPLAIN_TA_WINDOW_UPDATE;
    f.has_analysis = true;
    f.dup_ack_count = 3;
    f.has_ws_nxtseq = true;
    f.ws_seq = 5000u + frame;
    f.ws_nxtseq = 6000u + frame;
    f.time_ns = INT64_C(1700000000000000000) + (int64_t)frame * 1234567;
    f.sack_le[0] = f.ack_raw + 1000u;
    f.sack_re[0] = f.ack_raw + 2448u;
    f.sack_le[1] = f.ack_raw + 3000u;
    f.sack_re[1] = f.ack_raw + 4448u;
    return f;
}

static void test_field_extremes(gconstpointer data)
{
    const field_setter_t *setter = data;
    for (int max = 0; max <= 1; max++) {
        for (size_t at = 0; at < 3; at++) {
            explain_facts_t facts[5];
            for (size_t i = 0; i < 5; i++)
                facts[i] = middling_facts(10 + (uint32_t)i, i % 2 == 0);
            setter->set(&facts[at], max != 0);
            /* And the same value again right after, so "as before" is tried too. */
            setter->set(&facts[at + 1], max != 0);
            round_trip(facts, 5, NULL);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Endpoints, streams, checkpoints, the worst case. */

static void test_endpoints_neither(void)
{
    const conv_seg_t segs[] = {
        { 1, 'c', A, 1000, 2000, 10, 100, false, 0 },
        { 2, 's', A, 2000, 1010, 10, 100, false, 0 },
        { 3, 'c', A, 1010, 2010, 10, 100, false, 0 },
        { 4, 's', A, 2010, 1020, 10, 100, false, 0 },
        { 5, 'c', A, 1020, 2020, 10, 100, false, 0 },
        { 6, 's', A, 2020, 1030, 10, 100, false, 0 },
        { 7, 'c', A, 1030, 2030, 10, 100, false, 0 },
    };
    explain_facts_t facts[7];
    for (size_t i = 0; i < 7; i++)
        facts[i] = conv_facts(&segs[i], 999, 1999);
    /* 3: a source never seen; 4: the server's source, an unknown
     * destination; 5: IPv6-length garbage beyond addr_len and a short
     * address; 6: addr_len beyond 16 (all 16 bytes are the value). */
    facts[2].src = endpoint4(99, 40000);
    facts[3].dst = endpoint4(1, 40001);
    facts[4].src.addr_len = 2;
    memset(facts[4].src.addr + 2, 0xee, 14);
    facts[5].src.addr_len = 200;
    memset(facts[5].src.addr + 4, 0x5a, 12);
    size_t sizes[7];
    round_trip(facts, 7, sizes);
    /* 7 is back to the stream's endpoints: header, frame */
    g_assert_cmpuint(sizes[6], ==, 2 + TIME_BYTES);
    /* 3: header, extras, src (1 + 4 + 2), dst (7), frame */
    g_assert_cmpuint(sizes[2], ==, 17 + TIME_BYTES);
    /* 6: header, extras, src (1 + 16 + 2), dst (7), frame */
    g_assert_cmpuint(sizes[5], ==, 29 + TIME_BYTES);
}

static void test_stream_change(void)
{
    explain_facts_t facts[6];
    for (size_t i = 0; i < 6; i++)
        facts[i] = middling_facts(1 + (uint32_t)i, i % 2 == 0);
    facts[2].stream = 12346;   /* +1 */
    facts[3].stream = 12346;
    facts[4].stream = 0;       /* far back */
    facts[5].stream = 0;
    size_t sizes[6];
    size_t plain[6];
    round_trip(facts, 6, sizes);
    for (size_t i = 0; i < 6; i++)
        facts[i].stream = 12345;
    round_trip(facts, 6, plain);
    /* A change of +1 costs the zigzag 2 (1 byte), -12346 costs 3 bytes;
     * the extras byte was there anyway (options: analysis, dup acks). */
    g_assert_cmpuint(sizes[2], ==, plain[2] + 1);
    g_assert_cmpuint(sizes[3], ==, plain[3]);
    g_assert_cmpuint(sizes[4], ==, plain[4] + 3);
    g_assert_cmpuint(sizes[5], ==, plain[5]);
}

/* The largest record: every part written at its longest. */
static void test_worst_case(void)
{
    explain_facts_t facts[2];
    facts[0] = middling_facts(1000, true);
    facts[0].has_analysis = true;
    explain_facts_t *f = &facts[1];
    memset(f, 0, sizeof *f);
    f->frame = 1000 - 5;                       /* backwards: 5 bytes */
    f->stream = 12345 + 0x40000000u;           /* zigzag >= 2^28: 5 */
    f->src.addr_len = 17;                      /* 1 + 16 + 2 */
    memset(f->src.addr, 0xab, 16);
    f->src.port = 7;
    f->dst.addr_len = 255;
    memset(f->dst.addr, 0xcd, 16);
    f->dst.port = 9;
    f->flags = 0xc000;                         /* xor >= 2^14: 3 */
    f->seq_raw = facts[0].seq_raw + 100 + 0x40000000u;
    f->ack_raw = facts[0].ack_raw + 0x40000000u;
    f->payload_len = 0xf0000000u;              /* 5 */
    f->window_raw = (uint16_t)(1234 + 0x6000); /* zigzag >= 2^14: 3 */
    f->opts.has_mss = true;                    /* options 0x1f7: 2 */
    f->opts.mss = 1;                           /* 2 */
    f->opts.has_wscale = true;
    f->opts.wscale_shift = 1;                  /* 1 */
    f->opts.sack_permitted = true;
    f->opts.sack_blocks = 0;                   /* 1 */
    f->opts.has_tfo = true;
    f->opts.tsval = 0x80000000u;               /* 0x88 + 5 */
    f->opts.tsecr = 0x80000000u;               /* 5 */
    f->analysis = 0xffffffffu;                 /* 5 */
    f->has_analysis = false;
    f->dup_ack_count = 0xffffffffu;            /* 5 */
    f->has_ws_nxtseq = true;                   /* 1 */
    f->ws_seq = 0x80000000u;                   /* 5 */
    f->ws_nxtseq = 0x80000000u;                /* 5 */
    for (unsigned i = 0; i < EXPLAIN_SACK_MAX; i++) {   /* 1 + 4 x (5 + 5) */
        f->sack_le[i] = f->ack_raw + 0x80000000u;
        f->sack_re[i] = f->sack_le[i] + 0x80000000u;
    }
    f->time_ns = facts[0].time_ns + INT64_MIN + 1;     /* zigzag 2^64 - 3: 8 + 2 */
    size_t sizes[2];
    round_trip(facts, 2, sizes);
    g_assert_cmpuint(sizes[1], ==, EXPLAIN_LOG_MAX_RECORD);
}

/* ------------------------------------------------------------------ */
/* A pseudo-random log: every field predictable or random. */

typedef struct {
    GRand             *rand;
    explain_facts_t    last[2];   /* previous facts of each direction */
    bool               seen[2];
    explain_endpoint_t ends[2];
    uint32_t           base[2];
    uint32_t           frame;
    uint32_t           stream;
    int64_t            time_ns;
} random_log_t;

static bool chance(random_log_t *g, unsigned percent)
{
    return g_rand_int_range(g->rand, 0, 100) < (gint32)percent;
}

static uint32_t any32(random_log_t *g)
{
    /* Small numbers, powers of two around varint boundaries, or anything. */
    switch (g_rand_int_range(g->rand, 0, 4)) {
    case 0:
        return (uint32_t)g_rand_int_range(g->rand, 0, 300);
    case 1:
        return (1u << g_rand_int_range(g->rand, 0, 32))
               + (uint32_t)g_rand_int_range(g->rand, -2, 3);
    default:
        return g_rand_int(g->rand);
    }
}

static void random_endpoint(random_log_t *g, explain_endpoint_t *ep)
{
    for (size_t i = 0; i < sizeof ep->addr; i++)
        ep->addr[i] = (uint8_t)g_rand_int(g->rand);   /* also beyond addr_len */
    static const uint8_t lens[] = { 4, 16, 0, 1, 15, 17, 255 };
    ep->addr_len = chance(g, 80) ? lens[g_rand_int_range(g->rand, 0, 2)]
                                 : lens[g_rand_int_range(g->rand, 0, (gint32)sizeof lens)];
    ep->port = (uint16_t)g_rand_int(g->rand);
}

static void random_log_init(random_log_t *g, guint32 seed)
{
    memset(g, 0, sizeof *g);
    g->rand = g_rand_new_with_seed(seed);
    random_endpoint(g, &g->ends[0]);
    random_endpoint(g, &g->ends[1]);
    g->base[0] = g_rand_int(g->rand);
    g->base[1] = g_rand_int(g->rand);
    g->stream = any32(g);
    g->frame = any32(g);
}

static void random_facts(random_log_t *g, explain_facts_t *f)
{
    unsigned d = (unsigned)g_rand_int_range(g->rand, 0, 2);
    const explain_facts_t *prev = &g->last[d];
    const explain_facts_t *peer = &g->last[1 - d];
    memset(f, 0, sizeof *f);

    f->src = g->ends[d];
    f->dst = g->ends[1 - d];
    if (chance(g, 3))
        random_endpoint(g, &f->src);
    if (chance(g, 3))
        random_endpoint(g, &f->dst);
    if (chance(g, 1))
        g->stream = chance(g, 50) ? g->stream + 1 : any32(g);
    f->stream = g->stream;
    g->frame = chance(g, 85) ? g->frame + (uint32_t)g_rand_int_range(g->rand, 1, 60) : any32(g);
    f->frame = g->frame;

    static const uint16_t flag_set[] = { A, A | P, S, S | A, F | A, A, A | 0x40, 0x04 };
    f->flags = chance(g, 70) ? prev->flags
               : chance(g, 80) ? flag_set[g_rand_int_range(g->rand, 0, 8)]
                               : (uint16_t)g_rand_int(g->rand);
    f->payload_len = chance(g, 60) ? prev->payload_len
                     : chance(g, 60) ? (uint32_t)g_rand_int_range(g->rand, 0, 1500)
                                     : any32(g);
    uint32_t prev_end = prev->seq_raw + prev->payload_len + ((prev->flags & S) ? 1u : 0u)
                        + ((prev->flags & F) ? 1u : 0u);
    f->seq_raw = chance(g, 60) ? prev_end
                 : chance(g, 50) ? prev_end - 1448u * (uint32_t)g_rand_int_range(g->rand, 1, 4)
                                 : any32(g);
    uint32_t peer_end = peer->seq_raw + peer->payload_len;
    f->ack_raw = chance(g, 40) ? prev->ack_raw : chance(g, 50) ? peer_end : any32(g);
    f->window_raw = chance(g, 60) ? prev->window_raw : (uint16_t)any32(g);

    if (chance(g, 70)) {
        f->opts = prev->opts;
        f->opts.tsval += (uint32_t)g_rand_int_range(g->rand, 0, 20);
        f->opts.tsecr = peer->opts.tsval;
        if (chance(g, 10))
            f->opts.sack_blocks = (uint8_t)g_rand_int_range(g->rand, 0, 5);
    } else {
        f->opts.has_mss = chance(g, 50);
        f->opts.has_wscale = chance(g, 50);
        f->opts.sack_permitted = chance(g, 50);
        f->opts.has_timestamps = chance(g, 50);
        f->opts.has_tfo = chance(g, 10);
        f->opts.mss = chance(g, 50) ? 1460 : (uint16_t)any32(g);
        f->opts.wscale_shift = chance(g, 50) ? 7 : (uint8_t)any32(g);
        f->opts.sack_blocks = (uint8_t)(chance(g, 80) ? (uint32_t)g_rand_int_range(g->rand, 0, 5)
                                                      : any32(g));
        f->opts.tsval = chance(g, 50) ? 0 : any32(g);
        f->opts.tsecr = chance(g, 50) ? 0 : any32(g);
    }

    if (chance(g, 15))
        f->analysis = chance(g, 70) ? 1u << g_rand_int_range(g->rand, 0, EXPLAIN_TA_COUNT)
                                    : any32(g);
    if (chance(g, 10))
        f->dup_ack_count = any32(g);
    f->has_analysis = chance(g, 95) ? (prev->has_analysis || !g->seen[d]) : chance(g, 50);

    if (chance(g, 80)) {
        f->has_ws_nxtseq = true;
        f->ws_seq = f->seq_raw - g->base[d];
        f->ws_nxtseq = f->ws_seq + f->payload_len + ((f->flags & (S | F)) ? 1u : 0u);
    } else if (chance(g, 50)) {
        f->has_ws_nxtseq = chance(g, 50);
        f->ws_seq = any32(g);
        f->ws_nxtseq = any32(g);
    }
    if (chance(g, 1))
        g->base[d] = g_rand_int(g->rand);

    int64_t step = chance(g, 50) ? (int64_t)g_rand_int_range(g->rand, 0, 100000) * 1000
                   : chance(g, 80) ? (int64_t)g_rand_int_range(g->rand, -1000, 1000000)
                                   : (int64_t)((uint64_t)any32(g) << g_rand_int_range(g->rand, 0, 32));
    g->time_ns = (int64_t)((uint64_t)g->time_ns + (uint64_t)step);
    f->time_ns = g->time_ns;
    if (chance(g, 10)) {
        unsigned blocks = (unsigned)g_rand_int_range(g->rand, 1, EXPLAIN_SACK_MAX + 1);
        for (unsigned i = 0; i < blocks; i++) {
            f->sack_le[i] = chance(g, 80) ? f->ack_raw + 1448u * (i + 1) : any32(g);
            f->sack_re[i] = chance(g, 80) ? f->sack_le[i] + 1448u : any32(g);
        }
    }

    g->last[d] = *f;
    g->seen[d] = true;
}

#define RANDOM_RECORDS 100000

static void test_random_log(void)
{
    random_log_t g;
    random_log_init(&g, 20240611);
    explain_facts_t *facts = g_new(explain_facts_t, RANDOM_RECORDS);
    for (size_t i = 0; i < RANDOM_RECORDS; i++)
        random_facts(&g, &facts[i]);
    g_rand_free(g.rand);

    size_t *sizes = g_new(size_t, RANDOM_RECORDS);
    size_t total = round_trip(facts, RANDOM_RECORDS, sizes);
    size_t largest = 0;
    for (size_t i = 0; i < RANDOM_RECORDS; i++)
        largest = MAX(largest, sizes[i]);
    g_test_message("random log: %d records in %zu bytes, %.2f per record, largest %zu",
                   RANDOM_RECORDS, total, (double)total / RANDOM_RECORDS, largest);
    g_free(sizes);
    g_free(facts);
}

/* Checkpoints: a copy of the encoder's or the decoder's context mid-way
 * decodes the rest of the log like the original. */
static void test_checkpoint(void)
{
    enum { N = 2000, MID = 1234 };
    random_log_t g;
    random_log_init(&g, 7);
    explain_facts_t *facts = g_new(explain_facts_t, N);
    for (size_t i = 0; i < N; i++)
        random_facts(&g, &facts[i]);
    g_rand_free(g.rand);

    uint8_t *buf = g_malloc(N * EXPLAIN_LOG_MAX_RECORD);
    explain_log_context_t enc, enc_checkpoint;
    explain_log_context_init(&enc);
    size_t total = 0, mid_offset = 0;
    for (size_t i = 0; i < N; i++) {
        if (i == MID) {
            memcpy(&enc_checkpoint, &enc, sizeof enc);
            mid_offset = total;
        }
        total += explain_log_encode(&enc, &facts[i], buf + total);
    }

    explain_log_context_t dec, dec_checkpoint;
    explain_log_context_init(&dec);
    size_t offset = 0;
    explain_facts_t got;
    for (size_t i = 0; i < MID; i++)
        offset += explain_log_decode(&dec, buf + offset, total - offset, &got);
    g_assert_cmpuint(offset, ==, mid_offset);
    memcpy(&dec_checkpoint, &dec, sizeof dec);

    const explain_log_context_t *starts[2] = { &enc_checkpoint, &dec_checkpoint };
    for (int s = 0; s < 2; s++) {
        explain_log_context_t ctx;
        memcpy(&ctx, starts[s], sizeof ctx);
        offset = mid_offset;
        for (size_t i = MID; i < N; i++) {
            size_t used = explain_log_decode(&ctx, buf + offset, total - offset, &got);
            g_assert_cmpuint(used, >, 0);
            assert_facts_equal(&facts[i], &got);
            offset += used;
        }
        g_assert_cmpuint(offset, ==, total);
    }
    g_free(buf);
    g_free(facts);
}

/* Garbage: never read past avail (exact heap blocks, for AddressSanitizer),
 * and whatever decodes re-encodes to the same facts. */
static void test_garbage(void)
{
    GRand *rand = g_rand_new_with_seed(99);
    size_t decoded = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)g_rand_int_range(rand, 1, 200);
        uint8_t *in = g_malloc(n);
        for (size_t i = 0; i < n; i++)
            in[i] = (uint8_t)g_rand_int(rand);
        /* Often a plausible header: no extras, or extras without SACK. */
        if (round % 2 == 0)
            in[0] &= 0x7e;
        else if (n > 1)
            in[1] &= 0x7f;
        explain_log_context_t ctx;
        explain_log_context_init(&ctx);
        explain_facts_t got[200];
        size_t count = 0, offset = 0, used;
        while (offset < n && (used = explain_log_decode(&ctx, in + offset, n - offset,
                                                        &got[count])) != 0) {
            g_assert_cmpuint(used, <=, n - offset);
            g_assert_cmpuint(used, <=, EXPLAIN_LOG_MAX_RECORD);
            assert_rest_zero(&got[count].src);
            assert_rest_zero(&got[count].dst);
            offset += used;
            count++;
        }
        if (count > 0)
            round_trip(got, count, NULL);
        decoded += count;
        g_free(in);
    }
    g_test_message("garbage: %zu records decoded from 20000 random inputs", decoded);
    g_rand_free(rand);
}

/* Bytes that are not a valid record decode to 0. */
static void test_rejects(void)
{
    typedef struct {
        const char   *name;
        uint8_t       bytes[16];
        size_t        len;
        bool          started;   /* after one valid record */
    } reject_t;
    static const reject_t rejects[] = {
        { "empty", { 0 }, 0, false },
        { "extras byte of nothing", { 0x80, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 13,
          false },
        { "SACK of no block", { 0xf2, 0x80, 0x00, 0x00, 0x00 }, 5, true },
        { "SACK of 5 blocks", { 0xf2, 0x80, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 15, true },
        { "SACK ending in an empty block", { 0xf2, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00 }, 7, true },
        { "time remainder 0 yet written", { 0x72, 0x00, 0x01, 0x00 }, 4, true },
        { "time remainder 1000", { 0x72, 0x00, 0x01, 0xe8, 0x07 }, 5, true },
        { "overlong time", { 0x72, 0x00, 0x80, 0x00 }, 4, true },
        { "first record from side 1", { 0x71, 0x00, 0x00, 0x00, 0, 0, 0x00, 0x00 }, 8, false },
        { "first record naming endpoints twice",
          { 0xf0, 0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 14, false },
        { "overlong frame", { 0x72, 0x80, 0x00 }, 3, true },
        { "frame beyond 32 bits", { 0x72, 0xff, 0xff, 0xff, 0xff, 0x1f }, 6, true },
        { "flags unchanged yet written", { 0x62, 0x00, 0x00 }, 3, true },
        { "flags beyond 16 bits", { 0x62, 0x00, 0x80, 0x80, 0x04 }, 5, true },
        { "window beyond 16 bits", { 0x32, 0x00, 0x80, 0x80, 0x04 }, 5, true },
        { "analysis written as 0", { 0xf2, 0x08, 0x00, 0x00 }, 4, true },
        { "unknown ws bit", { 0xf2, 0x40, 0x00, 0x09 }, 4, true },
        { "options beyond 9 bits", { 0xf2, 0x04, 0x00, 0x80, 0x04 }, 5, true },
        { "timestamps twice", { 0xf2, 0x04, 0x00, 0x88, 0x02, 0x00, 0x00 }, 7, true },
        { "unknown timestamps form", { 0xf2, 0x04, 0x00, 0x08, 0x89, 0x00, 0x00 }, 7, true },
    };
    /* A minimal first record: header (seq predicted, ack, flags, len and
     * window as before), stream 0, two empty endpoints, frame 1, time 0. */
    static const uint8_t first[] = { 0x72, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x00 };
    for (size_t i = 0; i < G_N_ELEMENTS(rejects); i++) {
        const reject_t *r = &rejects[i];
        explain_log_context_t ctx;
        explain_facts_t got;
        explain_log_context_init(&ctx);
        if (r->started)
            g_assert_cmpuint(explain_log_decode(&ctx, first, sizeof first, &got), ==, sizeof first);
        uint8_t *in = g_malloc(r->len + 1);
        memcpy(in, r->bytes, r->len);
        g_test_message("%s", r->name);
        g_assert_cmpuint(explain_log_decode(&ctx, r->len ? in : NULL, r->len, &got), ==, 0);
        g_free(in);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/log/conversation", test_conversation);
    for (size_t i = 0; i < G_N_ELEMENTS(typicals); i++) {
        char *path = g_strconcat("/log/size/", typicals[i].name, NULL);
        g_test_add_data_func(path, &typicals[i], test_typical_size);
        g_free(path);
    }
    g_test_add_func("/log/size/bulk-flow", test_bulk_flow);
    g_test_add_func("/log/seq-wrap", test_seq_wrap);
    for (size_t i = 0; i < G_N_ELEMENTS(field_setters); i++) {
        char *path = g_strconcat("/log/extremes/", field_setters[i].name, NULL);
        g_test_add_data_func(path, &field_setters[i], test_field_extremes);
        g_free(path);
    }
    g_test_add_func("/log/endpoints-neither", test_endpoints_neither);
    g_test_add_func("/log/stream-change", test_stream_change);
    g_test_add_func("/log/worst-case", test_worst_case);
    g_test_add_func("/log/random", test_random_log);
    g_test_add_func("/log/checkpoint", test_checkpoint);
    g_test_add_func("/log/garbage", test_garbage);
    g_test_add_func("/log/rejects", test_rejects);
    return g_test_run();
}
