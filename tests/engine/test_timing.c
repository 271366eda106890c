/* test_timing.c - /timing/...: which segments an ACK answers, RTT, bytes in
 * flight and waiting, retransmission timing, SACK, the handshake's
 * conclusions and the end-of-stream totals (explain_timing.h).
 *
 * Every expected number is worked out by hand in the comments from the
 * conversation's times and sequence numbers, not taken from the engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "explain_catalog.h"
#include "explain_engine.h"
#include "explain_narrative.h"
#include "explain_narrative_timing.h"
#include "explain_store.h"
#include "explain_timing.h"
#include "test_segments.h"

#define S EXPLAIN_TH_SYN
#define A EXPLAIN_TH_ACK
#define F EXPLAIN_TH_FIN
#define P EXPLAIN_TH_PSH

#define MS INT64_C(1000000)
#define T0 (INT64_C(1700000000) * 1000000000)

/* One segment and its time in ms after T0; sack edges are raw. */
typedef struct {
    test_seg_t seg;
    int64_t    ms;
    uint32_t   sack_le;
    uint32_t   sack_re;
} timed_seg_t;

static const test_ports_t ports = { 40000, 80 };

static explain_facts_t timed_facts(const timed_seg_t *t, uint32_t frame)
{
    explain_facts_t f = test_facts(&t->seg, frame, ports);
    f.time_ns = T0 + t->ms * MS;
    if (t->sack_re != 0) {
        f.opts.sack_blocks = 1;
        f.sack_le[0] = t->sack_le;
        f.sack_re[0] = t->sack_re;
    }
    return f;
}

/* Runs segs through a fresh stream; results[i] is frame i + 1's. */
static void run(const timed_seg_t *segs, size_t n, explain_result_t *results)
{
    explain_stream_t stream;
    explain_stream_init(&stream);
    for (size_t i = 0; i < n; i++) {
        explain_facts_t f = timed_facts(&segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, &results[i]);
    }
}

/* Client ISN 1000, server ISN 5000; every SYN offers MSS 1460, window
 * scale 8 and SACK (test_facts), so later windows are raw << 8. */
static const timed_seg_t flow[] = {
    /*  1 */ { { 'c', S, 1000, 0, 0, 64240 }, 0, 0, 0 },
    /*  2 */ { { 's', S | A, 5000, 1001, 0, 65160 }, 20, 0, 0 },
    /*  3 */ { { 'c', A, 1001, 5001, 0, 100 }, 40, 0, 0 },
    /*  4 */ { { 'c', A, 1001, 5001, 1000, 100 }, 41, 0, 0 },
    /*  5 */ { { 'c', A, 2001, 5001, 1000, 100 }, 42, 0, 0 },
    /*  6 */ { { 'c', A, 3001, 5001, 1000, 100 }, 43, 0, 0 },
    /*  7 */ { { 'c', A, 4001, 5001, 1000, 100 }, 44, 0, 0 },
    /*  8 */ { { 's', A, 5001, 3001, 0, 8 }, 62, 0, 0 },
    /*  9 */ { { 's', A, 5001, 5001, 0, 8 }, 64, 0, 0 },
    /* 10 */ { { 'c', A, 5001, 5001, 1000, 100 }, 65, 0, 0 },
    /* 11 */ { { 'c', A, 6001, 5001, 1048, 100 }, 66, 0, 0 },
    /* 12 */ { { 's', A, 5001, 7049, 0, 16 }, 300, 0, 0 },
    /* 13 */ { { 'c', F | A, 7049, 5001, 0, 100 }, 310, 0, 0 },
    /* 14 */ { { 's', F | A, 5001, 7050, 0, 16 }, 330, 0, 0 },
    /* 15 */ { { 'c', A, 7050, 5002, 0, 100 }, 350, 0, 0 },
};
#define FLOW_N G_N_ELEMENTS(flow)

static void test_handshake(void)
{
    explain_result_t r[FLOW_N];
    run(flow, FLOW_N, r);
    /* 2 answers the SYN of 1 (end 1001) 20 ms later; 3 the SYN-ACK of 2. */
    g_assert_true(r[1].timing.acks_known);
    g_assert_cmpuint(r[1].timing.acks_first, ==, 1);
    g_assert_cmpuint(r[1].timing.acks_segments, ==, 1);
    g_assert_true(r[1].timing.rtt_known);
    g_assert_cmpint(r[1].timing.rtt_ns, ==, 20 * MS);
    g_assert_cmpuint(r[2].timing.acks_last, ==, 2);
    g_assert_cmpint(r[2].timing.rtt_ns, ==, 20 * MS);
    /* 3 completes the handshake: both offered MSS 1460, SACK, shift 8. */
    const explain_timing_result_t *h = &r[2].timing;
    g_assert_true(h->handshake_summary);
    g_assert_cmpuint(h->mss_client, ==, 1460);
    g_assert_cmpuint(h->mss_server, ==, 1460);
    g_assert_true(h->sack_in_force);
    g_assert_true(h->wscale_in_force);
    g_assert_cmpint(h->wscale_client, ==, 8);
    g_assert_cmpint(h->wscale_server, ==, 8);
    g_assert_cmpuint(h->client_port, ==, 40000);
    g_assert_cmpuint(h->server_port, ==, 80);
    g_assert_cmpuint(h->client_addr_len, ==, 4);
    g_assert_false(r[1].timing.handshake_summary);
}

static void test_delayed_ack(void)
{
    explain_result_t r[FLOW_N];
    run(flow, FLOW_N, r);
    /* 8: ack 3001 covers 4 (end 2001) and 5 (end 3001): 2000 numbers;
     * RTT from 5 (42 ms) to 62 ms = 20 ms; the oldest, 4, 21 ms. The
     * first pair: no pattern yet. */
    const explain_timing_result_t *a = &r[7].timing;
    g_assert_true(a->acks_known);
    g_assert_cmpuint(a->acks_first, ==, 4);
    g_assert_cmpuint(a->acks_last, ==, 5);
    g_assert_cmpuint(a->acks_segments, ==, 2);
    g_assert_cmpuint(a->acks_bytes, ==, 2000);
    g_assert_cmpint(a->rtt_ns, ==, 20 * MS);
    g_assert_cmpint(a->oldest_ns, ==, 21 * MS);
    g_assert_false(a->delayed_ack);
    /* 9: ack 5001 covers 6 and 7, RTT 64 - 44 = 20 ms; two pairs in a row. */
    g_assert_cmpuint(r[8].timing.acks_first, ==, 6);
    g_assert_cmpuint(r[8].timing.acks_last, ==, 7);
    g_assert_cmpint(r[8].timing.rtt_ns, ==, 20 * MS);
    g_assert_true(r[8].timing.delayed_ack);
    /* A data segment answers nothing. */
    g_assert_false(r[3].timing.acks_known);
}

static void test_in_flight_and_wait(void)
{
    explain_result_t r[FLOW_N];
    run(flow, FLOW_N, r);
    /* 4..7: in flight 1000, 2000, 3000, 4000 (ack 1001 from frame 2);
     * the server's window 65160 in its SYN-ACK is unscaled. */
    for (unsigned i = 0; i < 4; i++) {
        g_assert_true(r[3 + i].timing.in_flight_known);
        g_assert_cmpuint(r[3 + i].timing.in_flight, ==, 1000u * (i + 1));
        g_assert_cmpuint(r[3 + i].timing.peer_window, ==, 65160);
        g_assert_cmpuint(r[3 + i].timing.must_wait, ==, EXPLAIN_WAIT_NONE);
    }
    /* 10: 6001 - 5001 = 1000 of 8 << 8 = 2048; 11: 7049 - 5001 = 2048 of
     * 2048: the window is full, the client must wait (from 66 ms). */
    g_assert_cmpuint(r[9].timing.in_flight, ==, 1000);
    g_assert_cmpuint(r[9].timing.peer_window, ==, 2048);
    g_assert_cmpuint(r[9].timing.must_wait, ==, EXPLAIN_WAIT_NONE);
    g_assert_cmpuint(r[10].timing.in_flight, ==, 2048);
    g_assert_cmpuint(r[10].timing.must_wait, ==, EXPLAIN_WAIT_WINDOW_FULL);
    /* 12 at 300 ms: ack 7049, window 16 << 8 = 4096 >= 0 in flight + 1460:
     * the client waited 300 - 66 = 234 ms; it answers 10 and 11 (RTT 234
     * ms from 11), the third pair in a row. It says 236 ms passed since
     * the server's frame 9 at 64 ms. */
    g_assert_true(r[11].timing.waited_known);
    g_assert_cmpint(r[11].timing.waited_ns, ==, 234 * MS);
    g_assert_cmpint(r[11].timing.rtt_ns, ==, 234 * MS);
    g_assert_true(r[11].timing.delayed_ack);
    g_assert_true(r[11].timing.has_prev);
    g_assert_cmpint(r[11].timing.since_prev_ns, ==, 236 * MS);
    g_assert_cmpint(r[11].timing.since_start_ns, ==, 300 * MS);
    g_assert_false(r[12].timing.waited_known);
}

static void test_summary(void)
{
    explain_result_t r[FLOW_N];
    run(flow, FLOW_N, r);
    for (size_t i = 0; i + 1 < FLOW_N; i++)
        g_assert_false(r[i].timing.stream_summary);
    /* 15 closes the stream at 350 ms. The client sent 4 x 1000 + 1000 +
     * 1048 = 6048 bytes; RTTs on its data: 20 (SYN), 20, 20, 234 ms (and
     * its FIN's, 330 - 310 = 20 ms), so min 20, max 234, average (20 + 20
     * + 20 + 234 + 20) / 5 = 62.8 ms. The server's data: its SYN-ACK, 20
     * ms (by frame 3) and its FIN, 350 - 330 = 20 ms. Smallest windows:
     * client 100 << 8 = 25600 (its SYN's 64240 is larger), server 8 << 8
     * = 2048; the window stopped the client once. */
    const explain_timing_result_t *t = &r[FLOW_N - 1].timing;
    g_assert_true(t->stream_summary);
    g_assert_cmpint(t->duration_ns, ==, 350 * MS);
    g_assert_cmpuint(t->client.payload, ==, 6048);
    g_assert_cmpuint(t->server.payload, ==, 0);
    g_assert_cmpuint(t->client.rtt_samples, ==, 5);
    g_assert_cmpuint(t->client.rtt_min_us, ==, 20000);
    g_assert_cmpuint(t->client.rtt_max_us, ==, 234000);
    g_assert_cmpuint(t->client.rtt_avg_us, ==, 62800);
    g_assert_cmpuint(t->server.rtt_samples, ==, 2);
    g_assert_cmpuint(t->client.min_window, ==, 25600);
    g_assert_cmpuint(t->server.min_window, ==, 2048);
    g_assert_cmpuint(t->client.blocked_count, ==, 1);
    g_assert_cmpuint(t->client.retrans_timeout + t->client.retrans_fast, ==, 0);
}

/* SYN retries at 0, 1 and 3 s; data lost and resent by the timer; a loss
 * repaired by fast retransmission after three duplicate ACKs with SACK. */
static const timed_seg_t lossy[] = {
    /*  1 */ { { 'c', S, 1000, 0, 0, 64240 }, 0, 0, 0 },
    /*  2 */ { { 'c', S, 1000, 0, 0, 64240 }, 1000, 0, 0 },
    /*  3 */ { { 'c', S, 1000, 0, 0, 64240 }, 3000, 0, 0 },
    /*  4 */ { { 's', S | A, 5000, 1001, 0, 65160 }, 3020, 0, 0 },
    /*  5 */ { { 'c', A, 1001, 5001, 0, 100 }, 3040, 0, 0 },
    /*  6 */ { { 'c', A, 1001, 5001, 100, 100 }, 3041, 0, 0 },
    /*  7 */ { { 'c', A, 1001, 5001, 100, 100 }, 3341, 0, 0 },
    /*  8 */ { { 's', A, 5001, 1101, 0, 100 }, 3361, 0, 0 },
    /*  9 */ { { 'c', A, 1101, 5001, 100, 100 }, 3362, 0, 0 },
    /* 10 */ { { 'c', A, 1201, 5001, 100, 100 }, 3363, 0, 0 },
    /* 11 */ { { 'c', A, 1301, 5001, 100, 100 }, 3364, 0, 0 },
    /* 12 */ { { 'c', A, 1401, 5001, 100, 100 }, 3365, 0, 0 },
    /* 13 */ { { 's', A, 5001, 1101, 0, 100 }, 3383, 1201, 1301 },
    /* 14 */ { { 's', A, 5001, 1101, 0, 100 }, 3384, 1201, 1401 },
    /* 15 */ { { 's', A, 5001, 1101, 0, 100 }, 3385, 1201, 1501 },
    /* 16 */ { { 'c', A, 1101, 5001, 100, 100 }, 3386, 0, 0 },
    /* 17 */ { { 's', A, 5001, 1501, 0, 100 }, 3406, 0, 0 },
};
#define LOSSY_N G_N_ELEMENTS(lossy)

static void test_retransmissions(void)
{
    explain_result_t r[LOSSY_N];
    run(lossy, LOSSY_N, r);
    /* 2: the SYN again 1 s after frame 1, no duplicate ACK: a timer. */
    g_assert_cmpuint(r[1].timing.retrans_kind, ==, EXPLAIN_RETRANS_TIMEOUT);
    g_assert_cmpuint(r[1].timing.retrans_prev_frame, ==, 1);
    g_assert_cmpint(r[1].timing.retrans_after_ns, ==, 1000 * MS);
    g_assert_cmpuint(r[1].timing.retrans_try, ==, 2);
    /* 3: try 3, 2 s after try 2: twice the wait, backoff. */
    g_assert_cmpuint(r[2].timing.retrans_try, ==, 3);
    g_assert_cmpint(r[2].timing.retrans_after_ns, ==, 2000 * MS);
    g_assert_true(r[2].timing.retrans_backoff);
    /* 4: Wireshark measures from the first SYN (3020 ms), as we do, but
     * the SYN was resent: the sample is ambiguous. */
    g_assert_cmpint(r[3].timing.rtt_ns, ==, 3020 * MS);
    g_assert_true(r[3].timing.rtt_resent);
    /* 7: the data of 6 again after 300 ms, no duplicate ACK: a timer. */
    g_assert_cmpuint(r[6].timing.retrans_kind, ==, EXPLAIN_RETRANS_TIMEOUT);
    g_assert_cmpuint(r[6].timing.retrans_prev_frame, ==, 6);
    g_assert_cmpint(r[6].timing.retrans_after_ns, ==, 300 * MS);
    /* 13: ack 1101 and SACK 1201-1301: relative to the client's ISN 1000
     * it holds 201-300 and misses 101-200. */
    g_assert_cmpuint(r[12].timing.sack_count, ==, 1);
    g_assert_cmpuint(r[12].timing.sack_le_rel[0], ==, 201);
    g_assert_cmpuint(r[12].timing.sack_re_rel[0], ==, 301);
    g_assert_true(r[12].timing.sack_missing);
    g_assert_cmpuint(r[12].timing.sack_missing_first, ==, 101);
    g_assert_cmpuint(r[12].timing.sack_missing_last, ==, 200);
    /* 16: after three duplicate ACKs: fast, 24 ms after frame 9. */
    g_assert_cmpuint(r[15].timing.retrans_kind, ==, EXPLAIN_RETRANS_FAST);
    g_assert_cmpuint(r[15].timing.retrans_prev_frame, ==, 9);
    g_assert_cmpint(r[15].timing.retrans_after_ns, ==, 24 * MS);
    /* 17: ack 1501 answers 9..12 at once; 12 ends there, sent 41 ms
     * earlier and never resent. */
    g_assert_cmpuint(r[16].timing.acks_first, ==, 9);
    g_assert_cmpuint(r[16].timing.acks_last, ==, 12);
    g_assert_cmpuint(r[16].timing.acks_segments, ==, 4);
    g_assert_cmpint(r[16].timing.rtt_ns, ==, 41 * MS);
    g_assert_false(r[16].timing.rtt_resent);
    /* 17 follows SACKs that reported a hole and has none: filled. */
    g_assert_true(r[16].timing.sack_recovered);
    g_assert_false(r[12].timing.sack_recovered);
    g_assert_false(r[7].timing.sack_recovered);
    /* 16: in flight 1501 - 1101 = 400, less the 300 SACK holds (15),
     * as Wireshark counts. */
    g_assert_cmpuint(r[15].timing.in_flight, ==, 100);
}

/* More segments in flight than the ring holds: the ACK covering the ones
 * not remembered names no frames and gives no RTT, never a wrong one. */
static void test_ring_overflow(void)
{
    enum { N = EXPLAIN_TIMING_UNACKED + 8 };
    timed_seg_t segs[3 + N + 2];
    size_t n = 0;
    segs[n++] = (timed_seg_t){ { 'c', S, 1000, 0, 0, 64240 }, 0, 0, 0 };
    segs[n++] = (timed_seg_t){ { 's', S | A, 5000, 1001, 0, 65160 }, 10, 0, 0 };
    segs[n++] = (timed_seg_t){ { 'c', A, 1001, 5001, 0, 1000 }, 20, 0, 0 };
    for (unsigned i = 0; i < N; i++)
        segs[n++] = (timed_seg_t){ { 'c', A, 1001 + 100 * i, 5001, 100, 1000 }, 21 + i, 0, 0 };
    /* one ACK for the first 16 (all remembered), one for the rest */
    segs[n++] = (timed_seg_t){ { 's', A, 5001, 1001 + 100 * EXPLAIN_TIMING_UNACKED, 0, 1000 },
                               100, 0, 0 };
    segs[n++] = (timed_seg_t){ { 's', A, 5001, 1001 + 100 * N, 0, 1000 }, 110, 0, 0 };
    explain_result_t r[G_N_ELEMENTS(segs)];
    run(segs, n, r);
    const explain_timing_result_t *first = &r[n - 2].timing;
    g_assert_true(first->acks_known);
    g_assert_cmpuint(first->acks_segments, ==, EXPLAIN_TIMING_UNACKED);
    g_assert_cmpuint(first->acks_first, ==, 4);
    g_assert_cmpuint(first->acks_last, ==, 3 + EXPLAIN_TIMING_UNACKED);
    g_assert_true(first->rtt_known);
    const explain_timing_result_t *rest = &r[n - 1].timing;
    g_assert_false(rest->acks_known);
    g_assert_false(rest->rtt_known);
}

/* Rounds of 2, 4, 8, 9 and 10 full segments, each answered by one ACK 20
 * ms later: the peaks in flight double (2920 -> 5840 -> 11680), then grow
 * by one segment (11680 -> 13140): slow start, then congestion avoidance,
 * told on the first data segment of the round after. */
static void test_congestion_hints(void)
{
    static const unsigned rounds[] = { 2, 4, 8, 9, 10 };
    timed_seg_t segs[64];
    size_t n = 0, first_of[G_N_ELEMENTS(rounds)];
    int64_t ms = 0;
    uint32_t seq = 1001;
    segs[n++] = (timed_seg_t){ { 'c', S, 1000, 0, 0, 64240 }, ms, 0, 0 };
    segs[n++] = (timed_seg_t){ { 's', S | A, 5000, 1001, 0, 65160 }, ms += 20, 0, 0 };
    segs[n++] = (timed_seg_t){ { 'c', A, 1001, 5001, 0, 1000 }, ms += 1, 0, 0 };
    for (size_t r = 0; r < G_N_ELEMENTS(rounds); r++) {
        first_of[r] = n;
        for (unsigned i = 0; i < rounds[r]; i++) {
            segs[n++] = (timed_seg_t){ { 'c', A, seq, 5001, 1460, 1000 }, ms += 1, 0, 0 };
            seq += 1460;
        }
        segs[n++] = (timed_seg_t){ { 's', A, 5001, seq, 0, 1000 }, ms += 20, 0, 0 };
    }
    explain_result_t r[64];
    run(segs, n, r);
    /* round 1's first segment: nothing before it; round 2's: one round only */
    g_assert_cmpuint(r[first_of[0]].timing.congestion_hint, ==, EXPLAIN_CONGESTION_NONE);
    g_assert_cmpuint(r[first_of[1]].timing.congestion_hint, ==, EXPLAIN_CONGESTION_NONE);
    const explain_timing_result_t *t = &r[first_of[2]].timing;
    g_assert_cmpuint(t->congestion_hint, ==, EXPLAIN_CONGESTION_SLOW_START);
    g_assert_cmpuint(t->prev_round_peak, ==, 2920);
    g_assert_cmpuint(t->round_peak, ==, 5840);
    g_assert_cmpuint(r[first_of[3]].timing.congestion_hint, ==, EXPLAIN_CONGESTION_SLOW_START);
    g_assert_cmpuint(r[first_of[3]].timing.round_peak, ==, 11680);
    t = &r[first_of[4]].timing;
    g_assert_cmpuint(t->congestion_hint, ==, EXPLAIN_CONGESTION_AVOIDANCE);
    g_assert_cmpuint(t->prev_round_peak, ==, 11680);
    g_assert_cmpuint(t->round_peak, ==, 13140);
    /* only on a round's first segment */
    g_assert_cmpuint(r[first_of[4] + 1].timing.congestion_hint, ==, EXPLAIN_CONGESTION_NONE);
}

/* The sentences, with IPv6 endpoints written as Wireshark writes them,
 * and the summary on the closing segment. */
static void test_sentences(void)
{
    explain_stream_t stream;
    explain_stream_init(&stream);
    static const uint8_t c6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 };
    static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x20 };
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    explain_telling_t how = { .catalog = catalog, .voice = EXPLAIN_VOICE_TEACHING };
    GString *all = g_string_new(NULL);
    for (size_t i = 0; i < FLOW_N; i++) {
        explain_facts_t f = timed_facts(&flow[i], (uint32_t)i + 1);
        bool from_client = flow[i].seg.dir == 'c';
        memcpy(f.src.addr, from_client ? c6 : s6, 16);
        memcpy(f.dst.addr, from_client ? s6 : c6, 16);
        f.src.addr_len = f.dst.addr_len = 16;
        explain_result_t r;
        explain_segment(&stream, &f, &r);
        explain_narrative_text(&how, &r, all);
        g_string_append_c(all, '\n');
    }
    g_test_message("%s", all->str);
    g_assert_nonnull(strstr(all->str, "client [2001:db8::10]:40000, server [2001:db8:1::20]:80"));
    g_assert_nonnull(strstr(all->str, "frames 4 and 5 (2000 sequence numbers); the oldest was sent 21.0 ms earlier"));
    g_assert_nonnull(strstr(all->str, "a round-trip time of 234.0 ms"));
    g_assert_nonnull(strstr(all->str, "the delayed-ACK pattern"));
    g_assert_nonnull(strstr(all->str, "In flight after this segment: 2048 bytes, of the 2048"));
    g_assert_nonnull(strstr(all->str, "after it had to wait 234.0 ms"));
    g_assert_nonnull(strstr(all->str, "Stream summed up: 350.0 ms; client 6048 new bytes"));
    g_assert_nonnull(strstr(all->str, "min 20.0 ms, average 62.8 ms, max 234.0 ms (samples: 5)"));
    g_assert_nonnull(strstr(all->str, "times the window made the client wait: 1"));
    g_string_free(all, TRUE);
    explain_catalog_free(catalog);
}

/* The store replays streams from checkpoints: timing must come out the
 * same whatever the order frames are asked in. */
static void test_replay_identical(void)
{
    explain_store_t *store = explain_store_new();
    explain_result_t first[LOSSY_N];
    for (size_t i = 0; i < LOSSY_N; i++) {
        explain_facts_t f = timed_facts(&lossy[i], (uint32_t)i + 1);
        g_assert_true(explain_store_add(store, &f, &first[i]));
    }
    for (size_t k = 0; k < LOSSY_N; k++) {
        size_t i = (k * 7) % LOSSY_N;
        explain_result_t again;
        g_assert_true(explain_store_result(store, (uint32_t)i + 1, &again));
        g_assert_true(memcmp(&again.timing, &first[i].timing, sizeof again.timing) == 0);
    }
    explain_store_free(store);
}

/* A stream the capture cuts: flow's first 12 frames (no FIN), frame by
 * frame with a second stream (its frames 101.., stream 1) in the store.
 * Only frame 12 is stream 0's last; its summary so far counts what
 * happened up to 300 ms: the client's 6048 bytes; RTTs on its data 20
 * (SYN, by frame 2), 20 (frames 4-5 by 8), 20 (6-7 by 9) and 234 ms
 * (10-11 by 12): min 20, max 234, average 294 / 4 = 73.5 ms; smallest
 * windows client 25600, server 2048; the window stopped the client once.
 * The whole flow closes at frame 15: no summary "so far" there. */
static void test_summary_so_far(void)
{
    explain_store_t *store = explain_store_new();
    explain_result_t r[12];
    for (size_t i = 0; i < 12; i++) {
        explain_facts_t f = timed_facts(&flow[i], (uint32_t)i + 1);
        g_assert_true(explain_store_add(store, &f, &r[i]));
        g_assert_false(r[i].timing.stream_summary);
    }
    for (size_t i = 0; i < 4; i++) {
        explain_facts_t f = timed_facts(&flow[i], (uint32_t)i + 101);
        f.stream = 1;
        explain_result_t other;
        g_assert_true(explain_store_add(store, &f, &other));
    }
    explain_stream_t state;
    for (uint32_t frame = 1; frame < 12; frame++)
        g_assert_false(explain_store_is_last_of_stream(store, frame, &state));
    g_assert_false(explain_store_is_last_of_stream(store, 103, NULL));
    g_assert_true(explain_store_is_last_of_stream(store, 104, NULL));
    g_assert_false(explain_store_is_last_of_stream(store, 50, NULL));   /* never added */
    g_assert_true(explain_store_is_last_of_stream(store, 12, &state));

    explain_result_t last;
    g_assert_true(explain_store_result(store, 12, &last));
    g_assert_true(explain_timing_summary_so_far(&state, &last));
    const explain_timing_result_t *t = &last.timing;
    g_assert_true(t->stream_summary);
    g_assert_true(t->summary_so_far);
    g_assert_cmpint(t->duration_ns, ==, 300 * MS);
    g_assert_cmpuint(t->client.payload, ==, 6048);
    g_assert_cmpuint(t->server.payload, ==, 0);
    g_assert_cmpuint(t->client.rtt_samples, ==, 4);
    g_assert_cmpuint(t->client.rtt_min_us, ==, 20000);
    g_assert_cmpuint(t->client.rtt_max_us, ==, 234000);
    g_assert_cmpuint(t->client.rtt_avg_us, ==, 73500);
    g_assert_cmpuint(t->client.min_window, ==, 25600);
    g_assert_cmpuint(t->server.min_window, ==, 2048);
    g_assert_cmpuint(t->client.blocked_count, ==, 1);
    /* Only the summary changed: the rest is frame 12's result. */
    g_assert_cmpint(last.timing.rtt_ns, ==, r[11].timing.rtt_ns);
    g_assert_cmpuint(last.timing.acks_first, ==, r[11].timing.acks_first);

    /* Told: the reason first, then the totals. */
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    explain_telling_t how = { .catalog = catalog, .voice = EXPLAIN_VOICE_TEACHING };
    GString *text = g_string_new(NULL);
    explain_narrative_text(&how, &last, text);
    const char *so_far = strstr(text->str, "The capture has no later packet of this stream");
    const char *totals = strstr(text->str, "Stream summed up: 300.0 ms; client 6048 new bytes");
    g_assert_nonnull(so_far);
    g_assert_nonnull(totals);
    g_assert_true(so_far < totals);
    g_assert_nonnull(strstr(text->str, "min 20.0 ms, average 73.5 ms, max 234.0 ms (samples: 4)"));
    g_string_free(text, TRUE);
    explain_catalog_free(catalog);
    explain_store_free(store);

    /* The whole flow: frame 15 closed it and had the summary. */
    explain_stream_t closed;
    explain_store_t *full = explain_store_new();
    explain_result_t fr;
    for (size_t i = 0; i < FLOW_N; i++) {
        explain_facts_t f = timed_facts(&flow[i], (uint32_t)i + 1);
        g_assert_true(explain_store_add(full, &f, &fr));
    }
    g_assert_true(explain_store_is_last_of_stream(full, FLOW_N, &closed));
    g_assert_true(explain_store_result(full, FLOW_N, &fr));
    g_assert_true(fr.timing.stream_summary);
    g_assert_false(explain_timing_summary_so_far(&closed, &fr));
    g_assert_false(fr.timing.summary_so_far);
    explain_store_free(full);
}

/* Durations in Spanish take the catalog's decimal comma
 * (word.decimal_separator), whatever the process locale; English keeps
 * the point. The flow closes at 350 ms with RTTs 20 to 234 ms, average
 * 62.8 ms; its pause before frame 12 is 300 - 66 = 234 ms. */
static void test_decimal_separator(void)
{
    explain_result_t r[FLOW_N];
    run(flow, FLOW_N, r);
    explain_catalog_t *catalog = explain_catalog_new_builtin();
    explain_telling_t en = { .catalog = catalog, .voice = EXPLAIN_VOICE_TEACHING };
    explain_telling_t es = { .catalog = catalog, .voice = EXPLAIN_VOICE_TEACHING,
                             .language = "es_ES.UTF-8" };
    GString *text_en = g_string_new(NULL), *text_es = g_string_new(NULL);
    explain_narrative_text(&en, &r[FLOW_N - 1], text_en);
    explain_narrative_text(&es, &r[FLOW_N - 1], text_es);
    g_test_message("%s\n%s", text_en->str, text_es->str);
    g_assert_nonnull(strstr(text_en->str, "min 20.0 ms, average 62.8 ms, max 234.0 ms"));
    g_assert_nonnull(strstr(text_es->str, "350,0 ms"));
    g_assert_nonnull(strstr(text_es->str, "20,0 ms"));
    g_assert_nonnull(strstr(text_es->str, "62,8 ms"));
    g_assert_nonnull(strstr(text_es->str, "234,0 ms"));
    g_assert_null(strstr(text_es->str, "62.8"));
    g_assert_cmpstr(explain_narrative_decimal_separator(&en), ==, ".");
    g_assert_cmpstr(explain_narrative_decimal_separator(&es), ==, ",");

    /* The first number's point only, whichever character printf used. */
    char out[32];
    explain_narrative_localize_decimal(&es, "1.17 s", out, sizeof out);
    g_assert_cmpstr(out, ==, "1,17 s");
    explain_narrative_localize_decimal(&en, "1,17 s", out, sizeof out);
    g_assert_cmpstr(out, ==, "1.17 s");
    explain_narrative_localize_decimal(&es, "3674", out, sizeof out);
    g_assert_cmpstr(out, ==, "3674");
    explain_narrative_localize_decimal(&es, "12 ms.", out, sizeof out);
    g_assert_cmpstr(out, ==, "12 ms.");

    /* Cut short exactly as snprintf("%.*s%s%s") would cut it: every
     * size from none to more than enough, a one- and a two-byte
     * separator. */
    static const char *const nums[] = { "1.17 s", "234.0 ms", "0.40 ms", "7" };
    static const char *const seps[] = { ",", "\xc2\xb7" };
    explain_catalog_t *middot = explain_catalog_new_builtin();
    static const char override[] = "[word.decimal_separator]\nteaching=\xc2\xb7\n";
    char *error = NULL;
    g_assert_true(explain_catalog_merge_data(middot, override, sizeof override - 1, "test",
                                             &error));
    g_assert_null(error);
    explain_telling_t dot = { .catalog = middot, .voice = EXPLAIN_VOICE_TEACHING };
    const explain_telling_t *tellings[] = { &es, &dot };
    for (size_t s = 0; s < G_N_ELEMENTS(seps); s++) {
        g_assert_cmpstr(explain_narrative_decimal_separator(tellings[s]), ==, seps[s]);
        for (size_t k = 0; k < G_N_ELEMENTS(nums); k++) {
            const char *point = strchr(nums[k], '.');
            for (size_t size = 0; size <= 12; size++) {
                char want[16], got[16];
                memset(want, 'x', sizeof want);
                memset(got, 'x', sizeof got);
                if (point != NULL)
                    snprintf(want, size, "%.*s%s%s", (int)(point - nums[k]), nums[k], seps[s],
                             point + 1);
                else if (size > 0)
                    g_strlcpy(want, nums[k], size);
                explain_narrative_localize_decimal(tellings[s], nums[k], got, size);
                g_assert_cmpmem(got, sizeof got, want, sizeof want);
            }
        }
    }
    explain_catalog_free(middot);
    g_string_free(text_en, TRUE);
    g_string_free(text_es, TRUE);
    explain_catalog_free(catalog);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/timing/handshake", test_handshake);
    g_test_add_func("/timing/delayed-ack", test_delayed_ack);
    g_test_add_func("/timing/in-flight-and-wait", test_in_flight_and_wait);
    g_test_add_func("/timing/summary", test_summary);
    g_test_add_func("/timing/summary-so-far", test_summary_so_far);
    g_test_add_func("/timing/retransmissions", test_retransmissions);
    g_test_add_func("/timing/ring-overflow", test_ring_overflow);
    g_test_add_func("/timing/congestion-hints", test_congestion_hints);
    g_test_add_func("/timing/sentences", test_sentences);
    g_test_add_func("/timing/decimal-separator", test_decimal_separator);
    g_test_add_func("/timing/replay-identical", test_replay_identical);
    return g_test_run();
}
