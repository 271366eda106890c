/* fuzz_engine.c - libFuzzer target: arbitrary bytes -> a sequence of TCP
 * segment facts on a few streams -> explain_segment(), and every result
 * told with the built-in catalog (summary, text, each check, verdict),
 * so the engine and the narrative are fuzzed together.
 *
 * Build: tests/fuzz/build_fuzzer.sh (clang, -fsanitize=fuzzer,address,
 * undefined), or the fuzz_engine target when CMake's C compiler is clang.
 * Besides sanitizer reports, it aborts when a result breaks what the
 * engine promises (enums in range, next seq = seq + len + SYN + FIN, the
 * raw numbers passed through, failed checks among those applied, byte
 * totals of a side never going down without a SYN) or a text grows
 * beyond 1 MiB.
 *
 * Input layout (every read past the end gives zeros, so any input works):
 *   byte 0      bits 0-1 streams - 1, bits 2-3 voice, bits 4-5 language,
 *               bit 6 IPv6, bit 7 render only every 8th segment
 *   then per stream: client port (2), server port (2)
 *   then per segment, until the input ends (at most MAX_SEGMENTS):
 *     op      bits 0-1 stream, bit 2 direction, bit 3 odd source
 *             endpoint, bits 4-7 flag pattern (15 = raw flags follow)
 *     ctl     bits 0-1 seq mode, 2-3 ack mode, 4-5 length mode,
 *             6-7 window mode
 *     extra   bits: options, analysis bits, unmasked analysis,
 *             has_analysis, Wireshark's next seq, odd Wireshark next seq,
 *             frame jump, random stream id
 *     followed by the values the modes ask for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "explain_catalog.h"
#include "explain_engine.h"
#include "fuzz_input.h"
#include "explain_narrative.h"

#define MAX_STREAMS  4
#define MAX_SEGMENTS 1024
#define MAX_TEXT     (1u << 20)


/* Flag patterns a TCP flow is made of, so short inputs reach deep states. */
static const uint16_t flag_patterns[15] = {
    EXPLAIN_TH_SYN,
    EXPLAIN_TH_SYN | EXPLAIN_TH_ACK,
    EXPLAIN_TH_ACK,
    EXPLAIN_TH_ACK | EXPLAIN_TH_PSH,
    EXPLAIN_TH_ACK,
    EXPLAIN_TH_ACK | EXPLAIN_TH_PSH,
    EXPLAIN_TH_FIN | EXPLAIN_TH_ACK,
    EXPLAIN_TH_RST,
    EXPLAIN_TH_RST | EXPLAIN_TH_ACK,
    EXPLAIN_TH_FIN,
    EXPLAIN_TH_SYN | EXPLAIN_TH_FIN,
    EXPLAIN_TH_ACK | EXPLAIN_TH_URG,
    EXPLAIN_TH_SYN | EXPLAIN_TH_ACK | EXPLAIN_TH_ECE | EXPLAIN_TH_CWR,
    EXPLAIN_TH_FIN | EXPLAIN_TH_PSH | EXPLAIN_TH_ACK,
    EXPLAIN_TH_SYN | EXPLAIN_TH_RST | EXPLAIN_TH_FIN | EXPLAIN_TH_ACK,
};

static const char *const languages[4] = { NULL, "es", "de_AT", "C" };

static explain_catalog_t *catalog;

/* What the fuzzer itself remembers per stream, to make plausible numbers
 * and to check that totals never go down. */
typedef struct {
    explain_stream_t   engine;
    explain_endpoint_t ep[2];
    uint32_t           next[2];     /* next seq per direction (as we made it) */
    uint32_t           last_ack[2];
    uint16_t           last_win[2];
    bool               totals_set[2];
    uint64_t           payload_total[2];
    uint64_t           seq_consumed[2];
} fuzz_stream_t;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    catalog = explain_catalog_new_builtin();
    if (catalog == NULL)
        abort();
    return 0;
}

static void bounded(const GString *text)
{
    if (text->len > MAX_TEXT)
        abort();
}

/* The promises of explain_segment() about one result. */
static void check_result(const explain_facts_t *f, const explain_result_t *r)
{
    uint32_t syn = (f->flags & EXPLAIN_TH_SYN) ? 1u : 0u;
    uint32_t fin = (f->flags & EXPLAIN_TH_FIN) ? 1u : 0u;
    if (r->step >= EXPLAIN_STEP_COUNT || r->phase >= EXPLAIN_PHASE_COUNT
        || r->role >= EXPLAIN_ROLE_COUNT || r->event >= EXPLAIN_EVENT_COUNT
        || r->sender_side > 1)
        abort();
    if (r->event != EXPLAIN_EVENT_NONE && !(r->events & EXPLAIN_EVENT_BIT(r->event)))
        abort();
    if (r->nxtseq_raw != (uint32_t)(f->seq_raw + f->payload_len + syn + fin))
        abort();
    if (r->seq_raw != f->seq_raw || r->ack_raw != f->ack_raw || r->payload_len != f->payload_len
        || r->frame != f->frame || r->flags != f->flags)
        abort();
    if ((r->checks_failed & ~r->checks_applied) != 0)
        abort();
    /* Three-valued checks: explained only where applied, never also failed. */
    if ((r->checks_explained & ~r->checks_applied) != 0
        || (r->checks_explained & r->checks_failed) != 0)
        abort();
    if (r->new_bytes > r->payload_len)
        abort();
    if (r->seq_rel != (uint32_t)(r->seq_raw - r->base_raw))
        abort();
}

static void tell(const explain_telling_t *how, const explain_result_t *r, GString *text)
{
    g_string_truncate(text, 0);
    explain_narrative_summary(how, r, text);
    bounded(text);
    g_string_truncate(text, 0);
    explain_narrative_text(how, r, text);
    bounded(text);
    for (unsigned c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
        g_string_truncate(text, 0);
        explain_narrative_check(how, r, (explain_check_t)c, text);
        bounded(text);
    }
    g_string_truncate(text, 0);
    explain_narrative_verdict(how, r, text);
    bounded(text);
    char id[64];
    g_snprintf(id, sizeof id, "event.%s", explain_event_label((explain_event_t)r->event));
    g_string_truncate(text, 0);
    explain_narrative_id(how, r, id, text);
    bounded(text);
}

static void make_endpoint(explain_endpoint_t *ep, bool v6, uint8_t host, uint16_t port)
{
    memset(ep, 0, sizeof *ep);
    ep->addr_len = v6 ? 16 : 4;
    if (v6) {
        ep->addr[0] = 0x20;
        ep->addr[1] = 0x01;
        ep->addr[2] = 0x0d;
        ep->addr[3] = 0xb8;
        ep->addr[15] = host;
    } else {
        ep->addr[0] = 10;
        ep->addr[3] = host;
    }
    ep->port = port;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader_t r = { data, size };
    uint8_t cfg = rd8(&r);
    unsigned nstreams = 1u + (cfg & 3u);
    explain_telling_t how = {
        .catalog = catalog,
        .voice = (explain_voice_t)(((cfg >> 2) & 3u) % EXPLAIN_VOICE_COUNT),
        .language = languages[(cfg >> 4) & 3u],
    };
    bool v6 = (cfg & 0x40) != 0;
    bool sparse = (cfg & 0x80) != 0;

    fuzz_stream_t streams[MAX_STREAMS];
    memset(streams, 0, sizeof streams);
    for (unsigned i = 0; i < nstreams; i++) {
        fuzz_stream_t *s = &streams[i];
        explain_stream_init(&s->engine);
        uint16_t cport = rd16(&r);
        uint16_t sport = rd16(&r);
        make_endpoint(&s->ep[0], v6, (uint8_t)(1 + 2 * i), cport);
        make_endpoint(&s->ep[1], v6, (uint8_t)(2 + 2 * i), sport);
        s->next[0] = 1000u * (i + 1);
        s->next[1] = 0xfffff000u - 77777u * i;   /* near the wrap */
    }

    GString *text = g_string_sized_new(1024);
    uint32_t frame = 0;
    for (unsigned seg = 0; seg < MAX_SEGMENTS && r.n > 0; seg++) {
        uint8_t op = rd8(&r);
        uint8_t ctl = rd8(&r);
        uint8_t extra = rd8(&r);
        unsigned si = (op & 3u) % nstreams;
        unsigned d = (op >> 2) & 1u;
        fuzz_stream_t *s = &streams[si];
        explain_facts_t f;
        memset(&f, 0, sizeof f);

        unsigned pattern = (op >> 4) & 15u;
        f.flags = pattern < 15 ? flag_patterns[pattern] : (uint16_t)(rd16(&r) & 0x1ffu);

        f.src = s->ep[d];
        f.dst = s->ep[1 - d];
        if (op & 0x08) {
            /* A source the stream has never seen (NAT, tunnel, garbage). */
            make_endpoint(&f.src, !v6, rd8(&r), rd16(&r));
        }

        switch (ctl & 3u) {
        case 0: f.seq_raw = s->next[d]; break;
        case 1: f.seq_raw = s->next[d] + (uint32_t)(int32_t)(int8_t)rd8(&r); break;
        case 2: f.seq_raw = s->next[d] - rd16(&r); break;
        default: f.seq_raw = rd32(&r); break;
        }
        switch ((ctl >> 2) & 3u) {
        case 0: f.ack_raw = s->next[1 - d]; break;
        case 1: f.ack_raw = s->next[1 - d] - rd8(&r); break;
        case 2: f.ack_raw = s->last_ack[d]; break;
        default: f.ack_raw = rd32(&r); break;
        }
        switch ((ctl >> 4) & 3u) {
        case 0: f.payload_len = 0; break;
        case 1: f.payload_len = rd8(&r); break;
        case 2: f.payload_len = rd16(&r); break;
        default: f.payload_len = rd32(&r); break;
        }
        switch ((ctl >> 6) & 3u) {
        case 0: f.window_raw = 0; break;
        case 1: f.window_raw = s->last_win[d]; break;
        case 2: f.window_raw = rd16(&r); break;
        default: f.window_raw = 65535; break;
        }

        if (extra & 0x01) {
            uint8_t o = rd8(&r);
            f.opts.has_mss = (o & 0x01) != 0;
            f.opts.has_wscale = (o & 0x02) != 0;
            f.opts.sack_permitted = (o & 0x04) != 0;
            f.opts.has_timestamps = (o & 0x08) != 0;
            f.opts.has_tfo = (o & 0x10) != 0;
            f.opts.sack_blocks = (uint8_t)((o >> 5) & 7u);
            if (f.opts.has_mss)
                f.opts.mss = rd16(&r);
            if (f.opts.has_wscale)
                f.opts.wscale_shift = rd8(&r);
            if (f.opts.has_timestamps) {
                f.opts.tsval = rd32(&r);
                f.opts.tsecr = rd32(&r);
            }
        }
        if (extra & 0x02) {
            f.analysis = rd32(&r);
            if (!(extra & 0x04))
                f.analysis &= (UINT32_C(1) << EXPLAIN_TA_COUNT) - 1u;
            f.dup_ack_count = (f.analysis & EXPLAIN_TA_DUPLICATE_ACK) ? rd8(&r) : 0;
        }
        f.has_analysis = (extra & 0x08) != 0;
        if (extra & 0x10) {
            uint32_t syn = (f.flags & EXPLAIN_TH_SYN) ? 1u : 0u;
            uint32_t fin = (f.flags & EXPLAIN_TH_FIN) ? 1u : 0u;
            f.has_ws_nxtseq = true;
            f.ws_seq = f.seq_raw - s->engine.side[0].base;
            /* Wireshark counts SYN+FIN as one. */
            f.ws_nxtseq = f.ws_seq + f.payload_len + ((syn | fin) ? 1u : 0u);
            if (extra & 0x20) {
                f.ws_seq = rd32(&r);
                f.ws_nxtseq = rd32(&r);
            }
        }
        frame += (extra & 0x40) ? 1u + rd8(&r) : 1u;
        f.frame = frame;
        f.stream = (extra & 0x80) ? rd32(&r) : si;

        explain_result_t res;
        explain_segment(&s->engine, &f, &res);
        check_result(&f, &res);

        /* Totals of a side never go down, except when a SYN starts over. */
        unsigned side = res.sender_side;
        if (f.flags & EXPLAIN_TH_SYN) {
            s->totals_set[0] = s->totals_set[1] = false;
        } else if (s->totals_set[side]
                   && (res.payload_total < s->payload_total[side]
                       || res.seq_consumed < s->seq_consumed[side])) {
            abort();
        }
        s->totals_set[side] = true;
        s->payload_total[side] = res.payload_total;
        s->seq_consumed[side] = res.seq_consumed;

        if (!sparse || seg % 8 == 7 || r.n == 0)
            tell(&how, &res, text);

        /* Our own idea of the flow, for the next plausible numbers. */
        if (!(f.flags & EXPLAIN_TH_RST)) {
            uint32_t nxt = res.nxtseq_raw;
            if ((int32_t)(nxt - s->next[d]) > 0 || (f.flags & EXPLAIN_TH_SYN))
                s->next[d] = nxt;
        }
        if (f.flags & EXPLAIN_TH_ACK)
            s->last_ack[d] = f.ack_raw;
        s->last_win[d] = f.window_raw;
    }
    g_string_free(text, TRUE);
    return 0;
}
