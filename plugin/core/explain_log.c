/* explain_log.c - the compact, lossless log of a stream's facts (the record
 * format is described in explain_log.h).
 *
 * The encoder and the decoder share every prediction (the predict_*
 * helpers) and the one function that advances the context, so they
 * cannot drift apart.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "explain_log.h"

#include <string.h>

/* Header byte. */
enum {
    HDR_SIDE          = 0x01,
    HDR_SEQ_PREDICTED = 0x02,
    HDR_ACK_SHIFT     = 2,
    HDR_ACK_MASK      = 0x0c,
    HDR_FLAGS_SAME    = 0x10,
    HDR_LEN_SAME      = 0x20,
    HDR_WINDOW_SAME   = 0x40,
    HDR_EXTRAS        = 0x80
};

/* How the ack is written (header bits 2-3). */
enum {
    ACK_SAME           = 0,   /* the side's previous ack */
    ACK_PEER_NEXT      = 1,   /* the other side's highest end */
    ACK_FROM_PEER_NEXT = 2,   /* zigzag from the other side's highest end */
    ACK_FROM_OWN       = 3    /* zigzag from the side's previous ack */
};

/* Extras byte. */
enum {
    EXT_ENDPOINTS    = 0x01,
    EXT_STREAM       = 0x02,
    EXT_OPTIONS      = 0x04,
    EXT_ANALYSIS     = 0x08,
    EXT_DUP_ACKS     = 0x10,
    EXT_HAS_ANALYSIS = 0x20,
    EXT_WS           = 0x40,
    EXT_SACK         = 0x80
};

/* Options bits (a varint: the common ones fit in its first byte). */
enum {
    OPT_MSS               = 0x001,
    OPT_WSCALE            = 0x002,
    OPT_SACK_PERMITTED    = 0x004,
    OPT_TIMESTAMPS        = 0x008,
    OPT_MSS_VALUE         = 0x010,
    OPT_WSCALE_VALUE      = 0x020,
    OPT_SACK_BLOCKS_VALUE = 0x040,
    OPT_TFO               = 0x080,
    OPT_TS_VALUES         = 0x100,   /* timestamps written without has_timestamps */
    OPT_ALL               = 0x1ff
};

/* Wireshark's numbers byte. */
enum {
    WS_HAS          = 0x01,
    WS_SEQ_VALUE    = 0x02,
    WS_NXTSEQ_VALUE = 0x04,
    WS_ALL          = 0x07
};

/* Timestamps byte: 0sss tttt is tsval + t (0..15) and tsecr zigzag s
 * (-4..3) from their predictions; 1000 0sss is tsecr zigzag s and tsval's
 * difference follows; 1000 1000: both follow. */
enum {
    TS_SHORT_TSVAL_MAX = 0x0f,
    TS_SHORT_TSECR_MAX = 0x07,
    TS_TSVAL_FOLLOWS   = 0x80,
    TS_BOTH_FOLLOW     = 0x88
};

#define ENDPOINT_ADDR_MAX 16

/* ------------------------------------------------------------------ */
/* Numbers. */

static uint32_t zigzag32(uint32_t diff)
{
    return (diff << 1) ^ (0u - (diff >> 31));
}

static uint32_t unzigzag32(uint32_t z)
{
    return (z >> 1) ^ (0u - (z & 1u));
}

static uint32_t zigzag16(uint16_t diff)
{
    return (((uint32_t)diff << 1) ^ (0u - ((uint32_t)diff >> 15))) & 0xffffu;
}

static uint16_t unzigzag16(uint32_t z)
{
    return (uint16_t)(((z >> 1) ^ (0u - (z & 1u))) & 0xffffu);
}

static uint8_t *put_varint(uint8_t *p, uint32_t value)
{
    while (value >= 0x80u) {
        *p++ = (uint8_t)(value | 0x80u);
        value >>= 7;
    }
    *p++ = (uint8_t)value;
    return p;
}

static uint8_t *put_varint64(uint8_t *p, uint64_t value)
{
    while (value >= 0x80u) {
        *p++ = (uint8_t)(value | 0x80u);
        value >>= 7;
    }
    *p++ = (uint8_t)value;
    return p;
}

static uint64_t zigzag64(uint64_t diff)
{
    return (diff << 1) ^ (UINT64_C(0) - (diff >> 63));
}

static uint64_t unzigzag64(uint64_t z)
{
    return (z >> 1) ^ (UINT64_C(0) - (z & 1u));
}

static uint8_t *put_u16(uint8_t *p, uint16_t value)
{
    *p++ = (uint8_t)(value >> 8);
    *p++ = (uint8_t)value;
    return p;
}

/* A cursor over the bytes of a record; ok turns false at the first read
 * past the end or the first invalid value, and stays false. */
typedef struct {
    const uint8_t *p;
    const uint8_t *end;
    bool           ok;
} reader_t;

static uint8_t get_u8(reader_t *r)
{
    if (!r->ok || r->p == r->end) {
        r->ok = false;
        return 0;
    }
    return *r->p++;
}

static uint16_t get_u16(reader_t *r)
{
    uint16_t hi = get_u8(r);
    return (uint16_t)((hi << 8) | get_u8(r));
}

/* A varint of at most `bits` bits (32 or 64), in its shortest form. */
static uint64_t get_varint_bits(reader_t *r, unsigned bits)
{
    const unsigned last_shift = (bits - 1) / 7 * 7;
    const uint8_t last_max = (uint8_t)((1u << (bits - last_shift)) - 1);
    uint64_t value = 0;
    for (unsigned shift = 0; shift <= last_shift; shift += 7) {
        uint8_t byte = get_u8(r);
        if (!r->ok)
            return 0;
        if (shift == last_shift && byte > last_max)
            break;                          /* more than `bits` bits */
        value |= (uint64_t)(byte & 0x7fu) << shift;
        if (!(byte & 0x80u)) {
            if (byte == 0 && shift > 0)
                break;                      /* not the shortest form */
            return value;
        }
    }
    r->ok = false;
    return 0;
}

/* A varint of at most 32 bits, in its shortest form. */
static uint32_t get_varint(reader_t *r)
{
    return (uint32_t)get_varint_bits(r, 32);
}

/* A varint of at most 64 bits, in its shortest form. */
static uint64_t get_varint64(reader_t *r)
{
    return get_varint_bits(r, 64);
}

static void fail_unless(reader_t *r, bool condition)
{
    if (!condition)
        r->ok = false;
}

/* ------------------------------------------------------------------ */
/* Timestamps: differences from the predicted tsval and tsecr. */

static uint8_t *put_timestamps(uint8_t *p, uint32_t tsval_diff, uint32_t tsecr_diff)
{
    uint32_t tsecr_zigzag = zigzag32(tsecr_diff);
    if (tsecr_zigzag > TS_SHORT_TSECR_MAX) {
        *p++ = TS_BOTH_FOLLOW;
        p = put_varint(p, tsval_diff);
        return put_varint(p, tsecr_zigzag);
    }
    if (tsval_diff > TS_SHORT_TSVAL_MAX) {
        *p++ = (uint8_t)(TS_TSVAL_FOLLOWS | tsecr_zigzag);
        return put_varint(p, tsval_diff);
    }
    *p++ = (uint8_t)((tsecr_zigzag << 4) | tsval_diff);
    return p;
}

static void get_timestamps(reader_t *r, uint32_t *tsval_diff, uint32_t *tsecr_diff)
{
    uint8_t byte = get_u8(r);
    if (byte < TS_TSVAL_FOLLOWS) {
        *tsval_diff = byte & TS_SHORT_TSVAL_MAX;
        *tsecr_diff = unzigzag32(byte >> 4);
    } else if (byte < TS_BOTH_FOLLOW) {
        *tsecr_diff = unzigzag32(byte & TS_SHORT_TSECR_MAX);
        *tsval_diff = get_varint(r);
    } else {
        fail_unless(r, byte == TS_BOTH_FOLLOW);
        *tsval_diff = get_varint(r);
        *tsecr_diff = unzigzag32(get_varint(r));
    }
}

/* ------------------------------------------------------------------ */
/* Time: zigzag z of the difference from the previous record's time, as a
 * varint (z / 1000) << 1 | (z % 1000 != 0), then z % 1000 when not 0: a
 * microsecond clock costs no remainder. */

static uint8_t *put_time(uint8_t *p, uint64_t diff)
{
    uint64_t z = zigzag64(diff);
    uint64_t rest = z % 1000u;
    p = put_varint64(p, ((z / 1000u) << 1) | (rest != 0 ? 1u : 0u));
    if (rest != 0)
        p = put_varint(p, (uint32_t)rest);
    return p;
}

static uint64_t get_time(reader_t *r)
{
    uint64_t head = get_varint64(r);
    uint64_t thousands = head >> 1;
    fail_unless(r, thousands <= UINT64_MAX / 1000u);
    uint64_t z = r->ok ? thousands * 1000u : 0;
    if (head & 1u) {
        uint32_t rest = get_varint(r);
        fail_unless(r, rest != 0 && rest < 1000u && rest <= UINT64_MAX - z);
        z += r->ok ? rest : 0;
    }
    return unzigzag64(z);
}

/* SACK edges: how many blocks are written (1..4: up to the last with a
 * non-zero edge), then per block zigzag(left - ack), zigzag(right - left). */
static unsigned sack_slots_used(const explain_facts_t *f)
{
    uint32_t any = 0;   /* most segments carry no SACK: one test for them */
    for (unsigned i = 0; i < EXPLAIN_SACK_MAX; i++)
        any |= f->sack_le[i] | f->sack_re[i];
    if (any == 0)
        return 0;
    unsigned n = 0;
    for (unsigned i = 0; i < EXPLAIN_SACK_MAX; i++) {
        if (f->sack_le[i] != 0 || f->sack_re[i] != 0)
            n = i + 1;
    }
    return n;
}

static uint8_t *put_sack(uint8_t *p, const explain_facts_t *f, unsigned n)
{
    *p++ = (uint8_t)n;
    for (unsigned i = 0; i < n; i++) {
        p = put_varint(p, zigzag32(f->sack_le[i] - f->ack_raw));
        p = put_varint(p, zigzag32(f->sack_re[i] - f->sack_le[i]));
    }
    return p;
}

static void get_sack(reader_t *r, explain_facts_t *f)
{
    uint8_t n = get_u8(r);
    fail_unless(r, n >= 1 && n <= EXPLAIN_SACK_MAX);
    if (!r->ok)
        return;
    for (unsigned i = 0; i < n; i++) {
        f->sack_le[i] = f->ack_raw + unzigzag32(get_varint(r));
        f->sack_re[i] = f->sack_le[i] + unzigzag32(get_varint(r));
    }
    fail_unless(r, f->sack_le[n - 1] != 0 || f->sack_re[n - 1] != 0);
}

/* ------------------------------------------------------------------ */
/* Endpoints. */

static size_t endpoint_addr_bytes(const explain_endpoint_t *ep)
{
    return ep->addr_len < ENDPOINT_ADDR_MAX ? ep->addr_len : ENDPOINT_ADDR_MAX;
}


/* The value of ep, with the bytes beyond addr_len zero. */
static void endpoint_copy_value(explain_endpoint_t *to, const explain_endpoint_t *from)
{
    memset(to, 0, sizeof *to);
    memcpy(to->addr, from->addr, endpoint_addr_bytes(from));
    to->addr_len = from->addr_len;
    to->port = from->port;
}

static uint8_t *put_endpoint(uint8_t *p, const explain_endpoint_t *ep)
{
    size_t n = endpoint_addr_bytes(ep);
    *p++ = ep->addr_len;
    memcpy(p, ep->addr, n);
    p += n;
    return put_u16(p, ep->port);
}

static void get_endpoint(reader_t *r, explain_endpoint_t *ep)
{
    memset(ep, 0, sizeof *ep);
    ep->addr_len = get_u8(r);
    size_t n = endpoint_addr_bytes(ep);
    if (!r->ok || (size_t)(r->end - r->p) < n) {
        r->ok = false;
        return;
    }
    memcpy(ep->addr, r->p, n);
    r->p += n;
    ep->port = get_u16(r);
}

/* ------------------------------------------------------------------ */
/* Predictions, shared by the encoder and the decoder. */

static uint32_t syn_fin_count(uint16_t flags)
{
    return ((flags & EXPLAIN_TH_SYN) ? 1u : 0u) + ((flags & EXPLAIN_TH_FIN) ? 1u : 0u);
}

/* Index of the has_ws_nxtseq prediction: does the segment use sequence space? */
static unsigned ws_class(uint16_t flags, uint32_t payload_len)
{
    return (payload_len != 0 || (flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_FIN)) != 0) ? 1u : 0u;
}

static uint32_t predict_seq(const explain_log_context_t *ctx, unsigned side)
{
    const explain_log_side_t *me = &ctx->side[side];
    const explain_log_side_t *peer = &ctx->side[1 - side];
    if (me->seen)
        return me->next_seq;
    return peer->seen ? peer->ack_raw : 0;
}

static uint32_t predict_peer_next(const explain_log_context_t *ctx, unsigned side)
{
    const explain_log_side_t *peer = &ctx->side[1 - side];
    return peer->seen ? peer->highest_end : ctx->side[side].ack_raw;
}

static uint32_t predict_tsecr(const explain_log_context_t *ctx, unsigned side)
{
    const explain_log_side_t *peer = &ctx->side[1 - side];
    return peer->seen ? peer->opts.tsval : ctx->side[side].opts.tsecr;
}

/* Wireshark's seq for a segment that has one. */
static uint32_t predict_ws_seq(const explain_log_context_t *ctx, unsigned side,
                               uint32_t seq_raw, uint16_t flags)
{
    const explain_log_side_t *me = &ctx->side[side];
    if (me->ws_known)
        return seq_raw + me->ws_offset;
    return (flags & EXPLAIN_TH_SYN) ? 0u : 1u;
}

/* Wireshark's next seq: SYN and FIN together count as one. */
static uint32_t predict_ws_nxtseq(uint32_t ws_seq, uint32_t payload_len, uint16_t flags)
{
    return ws_seq + payload_len + ((flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_FIN)) ? 1u : 0u);
}

/* The context after the record of f, sent by side. */
static void advance(explain_log_context_t *ctx, unsigned side, const explain_facts_t *f)
{
    explain_log_side_t *me = &ctx->side[side];
    uint32_t end = f->seq_raw + f->payload_len + syn_fin_count(f->flags);

    if (!ctx->started) {
        endpoint_copy_value(&ctx->endpoint[0], &f->src);
        endpoint_copy_value(&ctx->endpoint[1], &f->dst);
        ctx->started = true;
    }
    ctx->frame = f->frame;
    ctx->stream = f->stream;
    ctx->time_ns = f->time_ns;
    ctx->has_analysis = f->has_analysis;
    ctx->ws_has[ws_class(f->flags, f->payload_len)] = f->has_ws_nxtseq;

    if (!me->seen || (int32_t)(end - me->highest_end) > 0)
        me->highest_end = end;
    me->seen = true;
    me->next_seq = end;
    me->ack_raw = f->ack_raw;
    me->flags = f->flags;
    me->payload_len = f->payload_len;
    me->window_raw = f->window_raw;
    me->opts = f->opts;
    if (f->has_ws_nxtseq) {
        me->ws_known = true;
        me->ws_offset = f->ws_seq - f->seq_raw;
    }
}

void explain_log_context_init(explain_log_context_t *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->has_analysis = true;   /* Wireshark's default */
    ctx->ws_has[0] = true;      /* recent Wireshark: tcp.nxtseq whenever it knows the length */
    ctx->ws_has[1] = true;
}

/* ------------------------------------------------------------------ */
/* Encoder. */

/* The sender side of f and whether its endpoints must be written. */
static unsigned encode_side(const explain_log_context_t *ctx, const explain_facts_t *f,
                            bool *explicit_endpoints)
{
    *explicit_endpoints = false;
    if (!ctx->started)
        return 0;
    bool src0 = explain_endpoint_equal(&f->src, &ctx->endpoint[0]);
    bool dst1 = explain_endpoint_equal(&f->dst, &ctx->endpoint[1]);
    if (src0 && dst1)
        return 0;
    bool src1 = explain_endpoint_equal(&f->src, &ctx->endpoint[1]);
    bool dst0 = explain_endpoint_equal(&f->dst, &ctx->endpoint[0]);
    if (src1 && dst0)
        return 1;
    *explicit_endpoints = true;
    return (src1 || dst0) ? 1u : 0u;
}

static size_t varint_size(uint32_t value)
{
    size_t n = 1;
    while (value >= 0x80u) {
        value >>= 7;
        n++;
    }
    return n;
}

static bool options_as_predicted(const explain_tcp_options_t *o, const explain_tcp_options_t *prev,
                                 uint32_t tsecr_predicted)
{
    return o->has_mss == prev->has_mss && o->has_wscale == prev->has_wscale
           && o->sack_permitted == prev->sack_permitted
           && o->has_timestamps == prev->has_timestamps && o->has_tfo == prev->has_tfo
           && o->mss == prev->mss && o->wscale_shift == prev->wscale_shift
           && o->sack_blocks == prev->sack_blocks
           && (o->has_timestamps || (o->tsval == prev->tsval && o->tsecr == tsecr_predicted));
}

size_t explain_log_encode(explain_log_context_t *ctx, const explain_facts_t *facts,
                          uint8_t *out)
{
    const explain_facts_t *f = facts;
    bool explicit_endpoints;
    unsigned side = encode_side(ctx, f, &explicit_endpoints);
    const explain_log_side_t *me = &ctx->side[side];

    uint8_t header = (uint8_t)side;
    uint8_t extras = 0;

    uint32_t seq_predicted = predict_seq(ctx, side);
    if (f->seq_raw == seq_predicted)
        header |= HDR_SEQ_PREDICTED;

    uint32_t peer_next = predict_peer_next(ctx, side);
    unsigned ack_mode;
    if (f->ack_raw == me->ack_raw)
        ack_mode = ACK_SAME;
    else if (f->ack_raw == peer_next)
        ack_mode = ACK_PEER_NEXT;
    else if (varint_size(zigzag32(f->ack_raw - me->ack_raw))
             < varint_size(zigzag32(f->ack_raw - peer_next)))
        ack_mode = ACK_FROM_OWN;
    else
        ack_mode = ACK_FROM_PEER_NEXT;
    header |= (uint8_t)(ack_mode << HDR_ACK_SHIFT);

    if (f->flags == me->flags)
        header |= HDR_FLAGS_SAME;
    if (f->payload_len == me->payload_len)
        header |= HDR_LEN_SAME;
    if (f->window_raw == me->window_raw)
        header |= HDR_WINDOW_SAME;

    if (ctx->started) {
        if (explicit_endpoints)
            extras |= EXT_ENDPOINTS;
        if (f->stream != ctx->stream)
            extras |= EXT_STREAM;
    }
    uint32_t tsecr_predicted = predict_tsecr(ctx, side);
    if (!options_as_predicted(&f->opts, &me->opts, tsecr_predicted))
        extras |= EXT_OPTIONS;
    if (f->analysis != 0)
        extras |= EXT_ANALYSIS;
    if (f->dup_ack_count != 0)
        extras |= EXT_DUP_ACKS;
    if (f->has_analysis != ctx->has_analysis)
        extras |= EXT_HAS_ANALYSIS;
    unsigned sack_slots = sack_slots_used(f);
    if (sack_slots != 0)
        extras |= EXT_SACK;

    unsigned ws_cls = ws_class(f->flags, f->payload_len);
    uint32_t ws_seq_predicted = 0;
    uint32_t ws_nxtseq_predicted = 0;
    if (f->has_ws_nxtseq) {
        ws_seq_predicted = predict_ws_seq(ctx, side, f->seq_raw, f->flags);
        ws_nxtseq_predicted = predict_ws_nxtseq(f->ws_seq, f->payload_len, f->flags);
    }
    if (f->has_ws_nxtseq != ctx->ws_has[ws_cls] || f->ws_seq != ws_seq_predicted
        || f->ws_nxtseq != ws_nxtseq_predicted)
        extras |= EXT_WS;

    if (extras != 0)
        header |= HDR_EXTRAS;

    uint8_t *p = out;
    *p++ = header;
    if (extras != 0)
        *p++ = extras;

    if (!ctx->started) {
        p = put_varint(p, f->stream);
        p = put_endpoint(p, &f->src);
        p = put_endpoint(p, &f->dst);
    } else {
        if (extras & EXT_STREAM)
            p = put_varint(p, zigzag32(f->stream - ctx->stream));
        if (extras & EXT_ENDPOINTS) {
            p = put_endpoint(p, &f->src);
            p = put_endpoint(p, &f->dst);
        }
    }

    p = put_varint(p, f->frame - ctx->frame - 1u);
    if (!(header & HDR_SEQ_PREDICTED))
        p = put_varint(p, zigzag32(f->seq_raw - seq_predicted));
    if (ack_mode == ACK_FROM_PEER_NEXT)
        p = put_varint(p, zigzag32(f->ack_raw - peer_next));
    else if (ack_mode == ACK_FROM_OWN)
        p = put_varint(p, zigzag32(f->ack_raw - me->ack_raw));
    if (!(header & HDR_FLAGS_SAME))
        p = put_varint(p, (uint32_t)(f->flags ^ me->flags));
    if (!(header & HDR_LEN_SAME))
        p = put_varint(p, f->payload_len);
    if (!(header & HDR_WINDOW_SAME))
        p = put_varint(p, zigzag16((uint16_t)(f->window_raw - me->window_raw)));

    const explain_tcp_options_t *o = &f->opts;
    const explain_tcp_options_t *prev = &me->opts;
    bool timestamps_written = o->has_timestamps;
    if (extras & EXT_OPTIONS) {
        uint16_t mss_predicted = o->has_mss ? prev->mss : 0;
        uint8_t wscale_predicted = o->has_wscale ? prev->wscale_shift : 0;
        uint32_t bits = (o->has_mss ? OPT_MSS : 0u) | (o->has_wscale ? OPT_WSCALE : 0u)
                        | (o->sack_permitted ? OPT_SACK_PERMITTED : 0u)
                        | (o->has_timestamps ? OPT_TIMESTAMPS : 0u)
                        | (o->has_tfo ? OPT_TFO : 0u)
                        | (o->mss != mss_predicted ? OPT_MSS_VALUE : 0u)
                        | (o->wscale_shift != wscale_predicted ? OPT_WSCALE_VALUE : 0u)
                        | (o->sack_blocks != prev->sack_blocks ? OPT_SACK_BLOCKS_VALUE : 0u);
        if (!o->has_timestamps && (o->tsval != prev->tsval || o->tsecr != tsecr_predicted)) {
            bits |= OPT_TS_VALUES;
            timestamps_written = true;
        }
        p = put_varint(p, bits);
        if (bits & OPT_MSS_VALUE)
            p = put_u16(p, o->mss);
        if (bits & OPT_WSCALE_VALUE)
            *p++ = o->wscale_shift;
        if (bits & OPT_SACK_BLOCKS_VALUE)
            *p++ = o->sack_blocks;
    }
    if (timestamps_written)
        p = put_timestamps(p, o->tsval - prev->tsval, o->tsecr - tsecr_predicted);

    if (extras & EXT_ANALYSIS)
        p = put_varint(p, f->analysis);
    if (extras & EXT_DUP_ACKS)
        p = put_varint(p, f->dup_ack_count);
    if (extras & EXT_WS) {
        uint8_t bits = (uint8_t)((f->has_ws_nxtseq ? WS_HAS : 0u)
                                 | (f->ws_seq != ws_seq_predicted ? WS_SEQ_VALUE : 0u)
                                 | (f->ws_nxtseq != ws_nxtseq_predicted ? WS_NXTSEQ_VALUE : 0u));
        *p++ = bits;
        if (bits & WS_SEQ_VALUE)
            p = put_varint(p, zigzag32(f->ws_seq - ws_seq_predicted));
        if (bits & WS_NXTSEQ_VALUE)
            p = put_varint(p, zigzag32(f->ws_nxtseq - ws_nxtseq_predicted));
    }
    if (extras & EXT_SACK)
        p = put_sack(p, f, sack_slots);
    p = put_time(p, (uint64_t)f->time_ns - (uint64_t)ctx->time_ns);

    advance(ctx, side, f);
    return (size_t)(p - out);
}

/* ------------------------------------------------------------------ */
/* Decoder. */

size_t explain_log_decode(explain_log_context_t *ctx, const uint8_t *in, size_t avail,
                          explain_facts_t *facts)
{
    if (in == NULL || avail == 0)
        return 0;
    reader_t r = { in, in + avail, true };
    explain_facts_t *f = facts;
    memset(f, 0, sizeof *f);

    uint8_t header = get_u8(&r);
    uint8_t extras = (header & HDR_EXTRAS) ? get_u8(&r) : 0;
    unsigned side = header & HDR_SIDE;
    const explain_log_side_t *me = &ctx->side[side];
    /* An extras byte is there only for something; the first record
     * always names the stream and its endpoints, from side 0. */
    fail_unless(&r, !(header & HDR_EXTRAS) || extras != 0);
    if (!ctx->started)
        fail_unless(&r, side == 0 && !(extras & (EXT_ENDPOINTS | EXT_STREAM)));

    if (!ctx->started) {
        f->stream = get_varint(&r);
        get_endpoint(&r, &f->src);
        get_endpoint(&r, &f->dst);
    } else {
        f->stream = ctx->stream;
        if (extras & EXT_STREAM) {
            uint32_t z = get_varint(&r);
            fail_unless(&r, z != 0);
            f->stream += unzigzag32(z);
        }
        if (extras & EXT_ENDPOINTS) {
            get_endpoint(&r, &f->src);
            get_endpoint(&r, &f->dst);
        } else {
            f->src = ctx->endpoint[side];
            f->dst = ctx->endpoint[1 - side];
        }
    }

    f->frame = ctx->frame + 1u + get_varint(&r);

    uint32_t seq_predicted = predict_seq(ctx, side);
    f->seq_raw = seq_predicted;
    if (!(header & HDR_SEQ_PREDICTED))
        f->seq_raw += unzigzag32(get_varint(&r));

    switch ((header & HDR_ACK_MASK) >> HDR_ACK_SHIFT) {
    case ACK_SAME:
        f->ack_raw = me->ack_raw;
        break;
    case ACK_PEER_NEXT:
        f->ack_raw = predict_peer_next(ctx, side);
        break;
    case ACK_FROM_PEER_NEXT:
        f->ack_raw = predict_peer_next(ctx, side) + unzigzag32(get_varint(&r));
        break;
    default:
        f->ack_raw = me->ack_raw + unzigzag32(get_varint(&r));
        break;
    }

    f->flags = me->flags;
    if (!(header & HDR_FLAGS_SAME)) {
        uint32_t change = get_varint(&r);
        fail_unless(&r, change != 0 && change <= 0xffffu);
        f->flags = (uint16_t)(f->flags ^ change);
    }
    f->payload_len = (header & HDR_LEN_SAME) ? me->payload_len : get_varint(&r);
    f->window_raw = me->window_raw;
    if (!(header & HDR_WINDOW_SAME)) {
        uint32_t z = get_varint(&r);
        fail_unless(&r, z != 0 && z <= 0xffffu);
        f->window_raw = (uint16_t)(f->window_raw + unzigzag16(z));
    }

    explain_tcp_options_t *o = &f->opts;
    const explain_tcp_options_t *prev = &me->opts;
    uint32_t tsecr_predicted = predict_tsecr(ctx, side);
    bool timestamps_written;
    if (extras & EXT_OPTIONS) {
        uint32_t bits = get_varint(&r);
        fail_unless(&r, bits <= OPT_ALL
                        && !((bits & OPT_TS_VALUES) && (bits & OPT_TIMESTAMPS)));
        o->has_mss = (bits & OPT_MSS) != 0;
        o->has_wscale = (bits & OPT_WSCALE) != 0;
        o->sack_permitted = (bits & OPT_SACK_PERMITTED) != 0;
        o->has_timestamps = (bits & OPT_TIMESTAMPS) != 0;
        o->has_tfo = (bits & OPT_TFO) != 0;
        o->mss = (bits & OPT_MSS_VALUE) ? get_u16(&r) : (o->has_mss ? prev->mss : 0);
        o->wscale_shift = (bits & OPT_WSCALE_VALUE) ? get_u8(&r)
                                                    : (o->has_wscale ? prev->wscale_shift : 0);
        o->sack_blocks = (bits & OPT_SACK_BLOCKS_VALUE) ? get_u8(&r) : prev->sack_blocks;
        timestamps_written = o->has_timestamps || (bits & OPT_TS_VALUES) != 0;
    } else {
        *o = *prev;
        timestamps_written = o->has_timestamps;
    }
    o->tsval = prev->tsval;
    o->tsecr = tsecr_predicted;
    if (timestamps_written) {
        uint32_t tsval_diff = 0, tsecr_diff = 0;
        get_timestamps(&r, &tsval_diff, &tsecr_diff);
        o->tsval += tsval_diff;
        o->tsecr += tsecr_diff;
    }

    if (extras & EXT_ANALYSIS) {
        f->analysis = get_varint(&r);
        fail_unless(&r, f->analysis != 0);
    }
    if (extras & EXT_DUP_ACKS) {
        f->dup_ack_count = get_varint(&r);
        fail_unless(&r, f->dup_ack_count != 0);
    }
    f->has_analysis = (extras & EXT_HAS_ANALYSIS) ? !ctx->has_analysis : ctx->has_analysis;

    if (extras & EXT_WS) {
        uint8_t bits = get_u8(&r);
        fail_unless(&r, (bits & ~WS_ALL) == 0);
        f->has_ws_nxtseq = (bits & WS_HAS) != 0;
        if (f->has_ws_nxtseq)
            f->ws_seq = predict_ws_seq(ctx, side, f->seq_raw, f->flags);
        if (bits & WS_SEQ_VALUE)
            f->ws_seq += unzigzag32(get_varint(&r));
        if (f->has_ws_nxtseq)
            f->ws_nxtseq = predict_ws_nxtseq(f->ws_seq, f->payload_len, f->flags);
        if (bits & WS_NXTSEQ_VALUE)
            f->ws_nxtseq += unzigzag32(get_varint(&r));
    } else {
        f->has_ws_nxtseq = ctx->ws_has[ws_class(f->flags, f->payload_len)];
        if (f->has_ws_nxtseq) {
            f->ws_seq = predict_ws_seq(ctx, side, f->seq_raw, f->flags);
            f->ws_nxtseq = predict_ws_nxtseq(f->ws_seq, f->payload_len, f->flags);
        }
    }

    if (extras & EXT_SACK)
        get_sack(&r, f);
    f->time_ns = (int64_t)((uint64_t)ctx->time_ns + get_time(&r));

    if (!r.ok)
        return 0;
    advance(ctx, side, f);
    return (size_t)(r.p - in);
}
