/* fuzz_log.c - libFuzzer target for the facts log codec (explain_log.h).
 *
 * Every input is used twice:
 *   1. as a log: decoded record by record from a fresh context (reading
 *      past the input is a heap overflow for AddressSanitizer); whatever
 *      decodes is encoded again and must decode back to the same facts;
 *   2. as a recipe for a sequence of facts (below), encoded into one
 *      buffer and decoded back: every record must come back equal, of the
 *      size written and at most EXPLAIN_LOG_MAX_RECORD bytes.
 * A broken promise aborts.
 *
 * Recipe, per record until the input ends (every read past the end gives
 * zeros, so any input works):
 *   op   bit 0 direction, bit 1 a source never seen, bit 2 a destination
 *        never seen, bit 3 new stream (4 bytes), bit 4 frame jump (4
 *        bytes, else +1), bits 5-6 flags (same, ACK, ACK|PSH, 2 bytes),
 *        bit 7 random options, analysis and Wireshark numbers
 *   ctl  bits 0-1 seq (predicted, predicted - 1448, 4 bytes, predicted +
 *        1 byte), bits 2-3 ack (same, the peer's end, 4 bytes, same + 2
 *        bytes), bits 4-5 len (same, 0, 2 bytes, 4 bytes), bit 6 window
 *        (same, 2 bytes), bit 7 timestamps (tsval + 1 byte, tsecr the
 *        peer's tsval)
 *
 * Build: tests/fuzz/build_fuzzer.sh --target fuzz_log, or the fuzz_log
 * target when CMake's C compiler is clang.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain_engine.h"
#include "fuzz_input.h"
#include "explain_log.h"

#define MAX_RECORDS 2048


static size_t addr_bytes(const explain_endpoint_t *ep)
{
    return ep->addr_len < 16 ? ep->addr_len : 16;
}

static bool endpoint_equal(const explain_endpoint_t *a, const explain_endpoint_t *b)
{
    return a->addr_len == b->addr_len && a->port == b->port
           && memcmp(a->addr, b->addr, addr_bytes(a)) == 0;
}

static bool rest_zero(const explain_endpoint_t *ep)
{
    for (size_t i = addr_bytes(ep); i < sizeof ep->addr; i++) {
        if (ep->addr[i] != 0)
            return false;
    }
    return true;
}

static bool facts_equal(const explain_facts_t *a, const explain_facts_t *b)
{
    const explain_tcp_options_t *x = &a->opts, *y = &b->opts;
    return a->frame == b->frame && a->stream == b->stream && endpoint_equal(&a->src, &b->src)
           && endpoint_equal(&a->dst, &b->dst) && a->flags == b->flags
           && a->seq_raw == b->seq_raw && a->ack_raw == b->ack_raw
           && a->payload_len == b->payload_len && a->window_raw == b->window_raw
           && x->has_mss == y->has_mss && x->mss == y->mss && x->has_wscale == y->has_wscale
           && x->wscale_shift == y->wscale_shift && x->sack_permitted == y->sack_permitted
           && x->has_timestamps == y->has_timestamps && x->sack_blocks == y->sack_blocks
           && x->has_tfo == y->has_tfo && x->tsval == y->tsval && x->tsecr == y->tsecr
           && a->analysis == b->analysis && a->has_analysis == b->has_analysis
           && a->dup_ack_count == b->dup_ack_count && a->has_ws_nxtseq == b->has_ws_nxtseq
           && a->ws_seq == b->ws_seq && a->ws_nxtseq == b->ws_nxtseq
           && a->time_ns == b->time_ns
           && memcmp(a->sack_le, b->sack_le, sizeof a->sack_le) == 0
           && memcmp(a->sack_re, b->sack_re, sizeof a->sack_re) == 0;
}

static uint8_t log_buffer[MAX_RECORDS * EXPLAIN_LOG_MAX_RECORD];

/* Encodes facts[0..n) into one log and decodes it back: all equal. */
static void round_trip(const explain_facts_t *facts, size_t n)
{
    size_t sizes[MAX_RECORDS];
    explain_log_context_t enc, dec;
    explain_log_context_init(&enc);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        sizes[i] = explain_log_encode(&enc, &facts[i], log_buffer + total);
        if (sizes[i] < 2 || sizes[i] > EXPLAIN_LOG_MAX_RECORD)
            abort();
        total += sizes[i];
    }
    explain_log_context_init(&dec);
    size_t offset = 0;
    for (size_t i = 0; i < n; i++) {
        explain_facts_t got;
        size_t used = explain_log_decode(&dec, log_buffer + offset, total - offset, &got);
        if (used != sizes[i] || !facts_equal(&facts[i], &got) || !rest_zero(&got.src)
            || !rest_zero(&got.dst))
            abort();
        offset += used;
    }
}

static void read_endpoint(reader_t *r, explain_endpoint_t *ep)
{
    for (size_t i = 0; i < sizeof ep->addr; i++)
        ep->addr[i] = rd8(r);
    ep->addr_len = rd8(r);
    ep->port = rd16(r);
}

static explain_facts_t facts[MAX_RECORDS];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* 1. The input as a log. */
    explain_log_context_t ctx;
    explain_log_context_init(&ctx);
    size_t n = 0, offset = 0, used;
    while (n < MAX_RECORDS && offset < size
           && (used = explain_log_decode(&ctx, data + offset, size - offset, &facts[n])) != 0) {
        if (used > size - offset || used > EXPLAIN_LOG_MAX_RECORD)
            abort();
        offset += used;
        n++;
    }
    round_trip(facts, n);

    /* 2. The input as a recipe. */
    reader_t r = { data, size };
    explain_endpoint_t ends[2];
    memset(ends, 0, sizeof ends);
    read_endpoint(&r, &ends[0]);
    read_endpoint(&r, &ends[1]);
    explain_facts_t last[2];
    memset(last, 0, sizeof last);
    uint32_t stream = 0, frame = 0;
    int64_t time_ns = INT64_C(1700000000) * 1000000000;
    for (n = 0; n < MAX_RECORDS && r.n > 0; n++) {
        uint8_t op = rd8(&r);
        uint8_t ctl = rd8(&r);
        unsigned d = op & 1u;
        const explain_facts_t *prev = &last[d];
        const explain_facts_t *peer = &last[1 - d];
        explain_facts_t *f = &facts[n];
        memset(f, 0, sizeof *f);

        f->src = ends[d];
        f->dst = ends[1 - d];
        if (op & 0x02)
            read_endpoint(&r, &f->src);
        if (op & 0x04)
            read_endpoint(&r, &f->dst);
        if (op & 0x08)
            stream = rd32(&r);
        f->stream = stream;
        frame = (op & 0x10) ? rd32(&r) : frame + 1;
        f->frame = frame;
        switch ((op >> 5) & 3u) {
        case 0: f->flags = prev->flags; break;
        case 1: f->flags = EXPLAIN_TH_ACK; break;
        case 2: f->flags = EXPLAIN_TH_ACK | EXPLAIN_TH_PSH; break;
        default: f->flags = rd16(&r); break;
        }

        switch ((ctl >> 4) & 3u) {
        case 0: f->payload_len = prev->payload_len; break;
        case 1: f->payload_len = 0; break;
        case 2: f->payload_len = rd16(&r); break;
        default: f->payload_len = rd32(&r); break;
        }
        uint32_t prev_end = prev->seq_raw + prev->payload_len
                            + ((prev->flags & EXPLAIN_TH_SYN) ? 1u : 0u)
                            + ((prev->flags & EXPLAIN_TH_FIN) ? 1u : 0u);
        switch (ctl & 3u) {
        case 0: f->seq_raw = prev_end; break;
        case 1: f->seq_raw = prev_end - 1448u; break;
        case 2: f->seq_raw = rd32(&r); break;
        default: f->seq_raw = prev_end + rd8(&r); break;
        }
        switch ((ctl >> 2) & 3u) {
        case 0: f->ack_raw = prev->ack_raw; break;
        case 1: f->ack_raw = peer->seq_raw + peer->payload_len; break;
        case 2: f->ack_raw = rd32(&r); break;
        default: f->ack_raw = prev->ack_raw + rd16(&r); break;
        }
        f->window_raw = (ctl & 0x40) ? rd16(&r) : prev->window_raw;

        f->opts = prev->opts;
        if (ctl & 0x80) {
            f->opts.has_timestamps = true;
            f->opts.tsval += rd8(&r);
            f->opts.tsecr = peer->opts.tsval;
        }
        f->has_analysis = prev->has_analysis;
        f->has_ws_nxtseq = true;
        f->ws_seq = f->seq_raw - 1000u;
        f->ws_nxtseq = f->ws_seq + f->payload_len
                       + ((f->flags & (EXPLAIN_TH_SYN | EXPLAIN_TH_FIN)) ? 1u : 0u);
        if (op & 0x80) {
            uint8_t o = rd8(&r);
            f->opts.has_mss = (o & 0x01) != 0;
            f->opts.has_wscale = (o & 0x02) != 0;
            f->opts.sack_permitted = (o & 0x04) != 0;
            f->opts.has_timestamps = (o & 0x08) != 0;
            f->opts.has_tfo = (o & 0x10) != 0;
            f->has_analysis = (o & 0x20) != 0;
            f->has_ws_nxtseq = (o & 0x40) != 0;
            f->opts.mss = rd16(&r);
            f->opts.wscale_shift = rd8(&r);
            f->opts.sack_blocks = rd8(&r);
            f->opts.tsval = rd32(&r);
            f->opts.tsecr = rd32(&r);
            f->analysis = rd32(&r);
            f->dup_ack_count = rd32(&r);
            if (o & 0x80) {
                f->ws_seq = rd32(&r);
                f->ws_nxtseq = rd32(&r);
            }
            /* a time step of any size and sign, and up to 4 SACK blocks */
            time_ns += (int64_t)(int32_t)rd32(&r) * 997;
            unsigned blocks = rd8(&r) % (EXPLAIN_SACK_MAX + 1u);
            for (unsigned b = 0; b < blocks; b++) {
                f->sack_le[b] = rd32(&r);
                f->sack_re[b] = rd32(&r);
            }
        }
        time_ns += 1000;   /* a microsecond clock by default */
        f->time_ns = time_ns;
        last[d] = *f;
    }
    round_trip(facts, n);
    return 0;
}
