/* test_store.c - /store/...: the compact per-capture store gives back, for
 * any frame and in any order, exactly the result the first pass computed.
 *
 * The captures here are made up by a small seeded generator: many
 * interleaved connections with handshakes, data both ways, resends, gaps,
 * zero windows and teardowns, long enough to cross several checkpoints.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "explain_engine.h"
#include "explain_pack.h"
#include "explain_store.h"
#include "test_segments.h"

#define F EXPLAIN_TH_FIN
#define S EXPLAIN_TH_SYN
#define P EXPLAIN_TH_PSH
#define A EXPLAIN_TH_ACK
#define R EXPLAIN_TH_RST

/* One connection's segments, made up front. */
typedef struct {
    GArray  *segs;        /* test_seg_t */
    guint    next;        /* next segment to hand out */
    uint16_t client_port;
} conn_t;

/* Appends a segment. */
static void push(GArray *segs, char dir, uint16_t flags, uint32_t seq, uint32_t ack,
                 uint32_t len, uint16_t win)
{
    test_seg_t seg = { dir, flags, seq, ack, len, win };
    g_array_append_val(segs, seg);
}

/* A connection of about `length` segments: handshake, data both ways with
 * some resends, gaps and a zero window, then FIN/FIN or a reset. */
static void make_conn(conn_t *conn, GRand *rand, guint length, uint16_t client_port)
{
    conn->segs = g_array_new(FALSE, FALSE, sizeof(test_seg_t));
    conn->next = 0;
    conn->client_port = client_port;
    uint32_t c = (uint32_t)g_rand_int(rand), s = (uint32_t)g_rand_int(rand);
    bool midstream = g_rand_int_range(rand, 0, 10) == 0;
    if (!midstream) {
        push(conn->segs, 'c', S, c, 0, 0, 64240);
        push(conn->segs, 's', S | A, s, c + 1, 0, 65160);
        c++, s++;
        push(conn->segs, 'c', A, c, s, 0, 502);
    }
    static const uint32_t lens[] = { 0, 1, 100, 536, 1448, 1448, 1448 };
    uint32_t c_sent_last = c, s_sent_last = s;
    for (guint i = 0; i < length; i++) {
        bool from_client = g_rand_boolean(rand);
        uint32_t *mine = from_client ? &c : &s;
        uint32_t *theirs = from_client ? &s : &c;
        uint32_t *last = from_client ? &c_sent_last : &s_sent_last;
        uint32_t len = lens[g_rand_int_range(rand, 0, G_N_ELEMENTS(lens))];
        uint16_t win = (uint16_t)(g_rand_int_range(rand, 0, 20) == 0 ? 0 : 500 + g_rand_int_range(rand, 0, 3));
        char dir = from_client ? 'c' : 's';
        int roll = g_rand_int_range(rand, 0, 100);
        if (roll < 4 && *last != *mine) {
            push(conn->segs, dir, P | A, *last, *theirs, *mine - *last, win);   /* a resend */
        } else if (roll < 7) {
            *mine += 1448;   /* a segment the capture missed: a gap */
            push(conn->segs, dir, P | A, *mine, *theirs, len, win);
            *last = *mine;
            *mine += len;
        } else {
            push(conn->segs, dir, len > 0 ? P | A : A, *mine, *theirs, len, win);
            *last = *mine;
            *mine += len;
        }
    }
    if (g_rand_int_range(rand, 0, 8) == 0) {
        push(conn->segs, 's', R | A, s, c, 0, 0);
        return;
    }
    push(conn->segs, 'c', F | A, c, s, 0, 502);
    push(conn->segs, 's', F | A, s, c + 1, 0, 502);
    push(conn->segs, 'c', A, c + 1, s + 1, 0, 502);
}

/* A made-up capture: facts[i] is frame i + 1. */
typedef struct {
    GArray *facts;     /* explain_facts_t */
    GArray *results;   /* explain_result_t from the first pass */
} capture_t;

/* Builds a capture of conns connections of about length segments each,
 * interleaved at random, and runs its first pass through store. */
static capture_t first_pass(explain_store_t *store, guint conns, guint length, guint32 seed)
{
    GRand *rand = g_rand_new_with_seed(seed);
    conn_t *all = g_new0(conn_t, conns);
    guint remaining = 0;
    for (guint i = 0; i < conns; i++) {
        make_conn(&all[i], rand, length / 2 + (guint)g_rand_int_range(rand, 0, (gint32)length + 1),
                  (uint16_t)(20000 + i));
        remaining += all[i].segs->len;
    }

    capture_t cap = { g_array_new(FALSE, FALSE, sizeof(explain_facts_t)),
                      g_array_new(FALSE, FALSE, sizeof(explain_result_t)) };
    uint32_t frame = 0;
    while (remaining > 0) {
        guint pick = (guint)g_rand_int_range(rand, 0, (gint32)conns);
        while (all[pick].next == all[pick].segs->len)
            pick = (pick + 1) % conns;
        conn_t *conn = &all[pick];
        const test_seg_t *seg = &g_array_index(conn->segs, test_seg_t, conn->next++);
        remaining--;
        if (g_rand_int_range(rand, 0, 50) == 0)
            frame++;   /* a frame that is not TCP: no record */
        frame++;
        test_ports_t ports = { conn->client_port, 80 };
        explain_facts_t facts = test_facts(seg, frame, ports);
        facts.stream = pick;
        facts.has_analysis = true;
        explain_result_t result;
        g_assert_true(explain_store_add(store, &facts, &result));
        g_array_append_val(cap.facts, facts);
        g_array_append_val(cap.results, result);
    }
    for (guint i = 0; i < conns; i++)
        g_array_free(all[i].segs, TRUE);
    g_free(all);
    g_rand_free(rand);
    return cap;
}

static void capture_free(capture_t *cap)
{
    g_array_free(cap->facts, TRUE);
    g_array_free(cap->results, TRUE);
}

/* Asks the store for segment i of cap and compares with the first pass. */
static void assert_same_result(explain_store_t *store, const capture_t *cap, guint i)
{
    const explain_facts_t *facts = &g_array_index(cap->facts, explain_facts_t, i);
    const explain_result_t *expected = &g_array_index(cap->results, explain_result_t, i);
    explain_result_t got;
    memset(&got, 0xA5, sizeof(got));
    g_assert_true(explain_store_result(store, facts->frame, &got));
    g_assert_cmpuint(got.frame, ==, facts->frame);
    g_assert_cmpuint(got.seq_raw, ==, expected->seq_raw);
    g_assert_cmpuint(got.payload_total, ==, expected->payload_total);
    g_assert_cmphex(got.checks_failed, ==, expected->checks_failed);
    g_assert_cmpmem(&got, sizeof(got), expected, sizeof(*expected));
}

/* Every frame, in capture order (a second pass) and in reverse. */
static void test_replay_in_order(void)
{
    explain_store_t *store = explain_store_new();
    capture_t cap = first_pass(store, 600, 300, 11);
    g_assert_cmpuint(cap.facts->len, >, 600 * 150);
    for (guint i = 0; i < cap.facts->len; i++)
        assert_same_result(store, &cap, i);

    explain_store_stats_t stats;
    explain_store_get_stats(store, &stats);
    /* In order, each replay continues from the previous one of its stream:
     * one engine run per frame. */
    g_assert_cmpuint(stats.replayed, ==, cap.facts->len);

    for (guint i = cap.facts->len; i-- > 0;)
        assert_same_result(store, &cap, i);
    capture_free(&cap);
    explain_store_free(store);
}

/* Frames in random order, as the GUI asks when the user clicks around. */
static void test_replay_random_order(void)
{
    explain_store_t *store = explain_store_new();
    capture_t cap = first_pass(store, 300, 400, 12);
    GRand *rand = g_rand_new_with_seed(13);
    for (guint n = 0; n < 20000; n++)
        assert_same_result(store, &cap, (guint)g_rand_int_range(rand, 0, (gint32)cap.facts->len));
    g_rand_free(rand);

    explain_store_stats_t stats;
    explain_store_get_stats(store, &stats);
    g_assert_cmpuint(stats.streams, ==, 300);
    /* A replay never runs the engine more than a checkpoint's stretch. */
    g_assert_cmpuint(stats.replayed, <=, stats.replays * EXPLAIN_STORE_CHECKPOINT_EVERY);
    capture_free(&cap);
    explain_store_free(store);
}

/* The same frame asked twice in a row is answered without the engine. */
static void test_same_frame_again(void)
{
    explain_store_t *store = explain_store_new();
    capture_t cap = first_pass(store, 3, 200, 14);
    guint i = cap.facts->len / 2;
    assert_same_result(store, &cap, i);
    explain_store_stats_t before, after;
    explain_store_get_stats(store, &before);
    assert_same_result(store, &cap, i);
    explain_store_get_stats(store, &after);
    g_assert_cmpuint(after.replayed, ==, before.replayed);
    capture_free(&cap);
    explain_store_free(store);
}

/* Frames never added have no result; a frame is added only once and only
 * in increasing order. */
static void test_unknown_and_repeated_frames(void)
{
    explain_store_t *store = explain_store_new();
    explain_result_t r;
    g_assert_false(explain_store_result(store, 1, &r));
    g_assert_false(explain_store_has(store, 0));

    explain_facts_t facts = test_facts(&test_note_flow[0], 5, test_note_ports);
    g_assert_true(explain_store_add(store, &facts, &r));
    g_assert_true(explain_store_has(store, 5));
    g_assert_false(explain_store_has(store, 4));
    g_assert_false(explain_store_result(store, 4, &r));
    g_assert_false(explain_store_result(store, 6, &r));
    g_assert_false(explain_store_result(store, UINT32_MAX, &r));

    explain_facts_t again = test_facts(&test_note_flow[1], 5, test_note_ports);
    g_assert_false(explain_store_add(store, &again, &r));       /* same frame */
    again.frame = 3;
    g_assert_false(explain_store_add(store, &again, &r));       /* going back */
    again.frame = 6;
    g_assert_true(explain_store_add(store, &again, &r));
    g_assert_cmpuint(r.step, ==, EXPLAIN_STEP_SYN_ACK);         /* the stream went on */
    g_assert_true(explain_store_result(store, 5, &r));
    g_assert_cmpuint(r.step, ==, EXPLAIN_STEP_SYN);
    explain_store_free(store);
}

/* The seed note's session through the store: the numbers of its last
 * packet (frame 9: ACK of the server's FIN, seq 36 ack 2, see
 * tests/fixtures/note_flow.expected). */
static void test_note_session(void)
{
    explain_store_t *store = explain_store_new();
    explain_result_t r;
    for (uint32_t i = 0; i < TEST_NOTE_PACKETS; i++) {
        explain_facts_t facts = test_facts(&test_note_flow[i], i + 1, test_note_ports);
        g_assert_true(explain_store_add(store, &facts, &r));
    }
    g_assert_true(explain_store_result(store, 4, &r));
    g_assert_cmpuint(r.seq_rel, ==, 1);
    g_assert_cmpuint(r.payload_len, ==, 34);
    g_assert_cmpuint(r.nxtseq_rel, ==, 35);
    g_assert_true(explain_store_result(store, 9, &r));
    g_assert_cmpuint(r.seq_rel, ==, 36);
    g_assert_cmpuint(r.ack_rel, ==, 2);
    g_assert_cmpuint(r.teardown_step, ==, 4);
    explain_store_free(store);
}

/* Memory: a long bulk transfer in a few streams, and many short
 * connections. The budget is 32 bytes per segment plus a bounded amount
 * per stream (2 KiB here: the engine's and the log's state, a map entry). */
static void test_bytes_per_segment(void)
{
    explain_store_t *store = explain_store_new();
    capture_t cap = first_pass(store, 4, 25000, 15);
    explain_store_stats_t stats;
    explain_store_get_stats(store, &stats);
    g_test_message("bulk: %" G_GUINT64_FORMAT " segments, log %.2f B/segment, "
                   "%.2f B/segment, %.0f B/stream, all %.2f B/segment; %" G_GUINT64_FORMAT
                   " checkpoints of %.0f B", stats.segments,
                   (double)stats.log_bytes / (double)stats.segments,
                   (double)stats.segment_bytes / (double)stats.segments,
                   (double)stats.stream_bytes / (double)stats.streams,
                   (double)stats.bytes / (double)stats.segments, stats.checkpoints,
                   (double)stats.checkpoint_bytes / (double)MAX(stats.checkpoints, 1));
    g_assert_cmpuint(stats.segment_bytes, <=, 32 * stats.segments);
    g_assert_cmpuint(stats.stream_bytes, <=, 2048 * stats.streams);
    g_assert_cmpuint(stats.bytes, <=, 32 * stats.segments + 2048 * stats.streams + 1024);
    capture_free(&cap);
    explain_store_free(store);

    store = explain_store_new();
    cap = first_pass(store, 5000, 8, 16);
    explain_store_get_stats(store, &stats);
    g_test_message("short: %" G_GUINT64_FORMAT " segments in %" G_GUINT64_FORMAT " streams, "
                   "%.2f B/segment, %.0f B/stream", stats.segments, stats.streams,
                   (double)stats.segment_bytes / (double)stats.segments,
                   (double)stats.stream_bytes / (double)stats.streams);
    g_assert_cmpuint(stats.segment_bytes, <=, 32 * stats.segments);
    g_assert_cmpuint(stats.stream_bytes, <=, 2048 * stats.streams);
    capture_free(&cap);
    explain_store_free(store);
}

/* Streams that go idle give their live state up and get it back from
 * their log: every result of the first pass is still the engine's own on
 * that stream alone (an engine per stream, run beside the store), and a
 * later pass still replays the same. Idle after 3 frames here, so almost
 * every segment of 400 interleaved streams rebuilds its stream's state,
 * across checkpoints too. */
static void test_idle_streams_rebuilt(void)
{
    explain_store_t *store = explain_store_new();
    explain_store_set_idle_frames(store, 3);
    capture_t cap = first_pass(store, 400, 400, 17);

    GHashTable *engines = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    for (guint i = 0; i < cap.facts->len; i++) {
        const explain_facts_t *facts = &g_array_index(cap.facts, explain_facts_t, i);
        explain_stream_t *engine = g_hash_table_lookup(engines, GUINT_TO_POINTER(facts->stream));
        if (engine == NULL) {
            engine = g_new(explain_stream_t, 1);
            explain_stream_init(engine);
            g_hash_table_insert(engines, GUINT_TO_POINTER(facts->stream), engine);
        }
        explain_result_t alone;
        explain_segment(engine, facts, &alone);
        g_assert_cmpmem(&g_array_index(cap.results, explain_result_t, i), sizeof(alone),
                        &alone, sizeof(alone));
    }
    g_hash_table_destroy(engines);

    explain_store_stats_t stats;
    explain_store_get_stats(store, &stats);
    g_test_message("%" G_GUINT64_FORMAT " rebuilds for %" G_GUINT64_FORMAT " segments, "
                   "%" G_GUINT64_FORMAT " live states for %" G_GUINT64_FORMAT " streams",
                   stats.rebuilds, stats.segments, stats.live_states, stats.streams);
    g_assert_cmpuint(stats.rebuilds, >, stats.segments / 2);
    g_assert_cmpuint(stats.live_states, <, stats.streams);

    for (guint i = 0; i < cap.facts->len; i++)
        assert_same_result(store, &cap, i);
    GRand *rand = g_rand_new_with_seed(18);
    for (guint n = 0; n < 5000; n++)
        assert_same_result(store, &cap, (guint)g_rand_int_range(rand, 0, (gint32)cap.facts->len));
    g_rand_free(rand);
    capture_free(&cap);
    explain_store_free(store);
}

/* The same facts added to a second store with no result wanted for
 * (about) defer_permille of them, as a pass that shows nothing does:
 * every result wanted then, and every result asked for afterwards in
 * order and at random, is the one the first pass gave; the engine caught
 * up with the log makes the checkpoints, so a random replay still stays
 * within a checkpoint's stretch. */
static void check_deferred(guint32 defer_permille, uint32_t idle_frames, guint32 seed)
{
    explain_store_t *reference = explain_store_new();
    capture_t cap = first_pass(reference, 200, 600, seed);
    explain_store_free(reference);

    explain_store_t *store = explain_store_new();
    if (idle_frames != 0)
        explain_store_set_idle_frames(store, idle_frames);
    GRand *rand = g_rand_new_with_seed(seed + 1);
    guint deferred = 0;
    for (guint i = 0; i < cap.facts->len; i++) {
        const explain_facts_t *facts = &g_array_index(cap.facts, explain_facts_t, i);
        if ((guint32)g_rand_int_range(rand, 0, 1000) < defer_permille) {
            g_assert_true(explain_store_add(store, facts, NULL));
            deferred++;
        } else {
            explain_result_t got;
            g_assert_true(explain_store_add(store, facts, &got));
            g_assert_cmpmem(&got, sizeof(got), &g_array_index(cap.results, explain_result_t, i),
                            sizeof(got));
        }
    }
    g_assert_cmpuint(deferred, >, 0);
    for (guint i = 0; i < cap.facts->len; i++)
        assert_same_result(store, &cap, i);
    explain_store_stats_t before;
    explain_store_get_stats(store, &before);
    for (guint n = 0; n < 5000; n++)
        assert_same_result(store, &cap, (guint)g_rand_int_range(rand, 0, (gint32)cap.facts->len));
    explain_store_stats_t after;
    explain_store_get_stats(store, &after);
    g_assert_cmpuint(after.replayed - before.replayed, <=,
                     (after.replays - before.replays) * EXPLAIN_STORE_CHECKPOINT_EVERY);
    g_rand_free(rand);
    capture_free(&cap);
    explain_store_free(store);
}

/* tshark -r X: no result wanted on the whole first pass. */
static void test_deferred_all(void)
{
    check_deferred(1000, 0, 21);
}

/* A tree now and then (a filter that matches some packets): results
 * wanted in between deferred stretches. */
static void test_deferred_mixed(void)
{
    check_deferred(700, 0, 22);
}

/* Deferred streams going idle and rebuilt (idle after 3 frames). */
static void test_deferred_idle(void)
{
    check_deferred(500, 3, 23);
}

/* Many short streams, one after another as in a real capture (a few open
 * at once): the live states follow the open streams, so what the store
 * keeps per stream is its slot, not an engine's state. */
static void test_bytes_per_short_stream(void)
{
    explain_store_t *store = explain_store_new();
    explain_result_t r;
    uint32_t frame = 0;
    for (uint32_t stream = 0; stream < 20000; stream++) {
        test_ports_t ports = { (uint16_t)(1024 + stream % 60000), 80 };
        for (uint32_t i = 0; i < TEST_NOTE_PACKETS; i++) {
            explain_facts_t facts = test_facts(&test_note_flow[i], ++frame, ports);
            facts.stream = stream;
            g_assert_true(explain_store_add(store, &facts, &r));
        }
    }
    explain_store_stats_t stats;
    explain_store_get_stats(store, &stats);
    g_test_message("%" G_GUINT64_FORMAT " streams: %.1f B/stream, %.1f B/segment, "
                   "%" G_GUINT64_FORMAT " live states", stats.streams,
                   (double)stats.stream_bytes / (double)stats.streams,
                   (double)stats.segment_bytes / (double)stats.segments, stats.live_states);
    g_assert_cmpuint(stats.streams, ==, 20000);
    g_assert_cmpuint(stats.stream_bytes, <=, 256 * stats.streams);
    g_assert_cmpuint(stats.live_states, <=, 4 * EXPLAIN_STORE_IDLE_FRAMES / TEST_NOTE_PACKETS + 64);
    explain_store_free(store);
}

/* A stream gives its live state back when it closes (both FINs
 * acknowledged, or a reset): segments that come after (a FIN sent again,
 * a late ACK) rebuild it from the log, and every result is still the
 * engine's own on that stream alone, on the first pass and on replays. */
static void test_closed_streams_rebuilt(void)
{
    enum { STREAMS = 300, LATE = 3 };
    static const test_seg_t late[LATE] = {
        { 's', EXPLAIN_TH_FIN | A, TEST_NOTE_SERVER_ISN + 1, TEST_NOTE_CLIENT_ISN + 36, 0, 10233 },
        { 'c', A, TEST_NOTE_CLIENT_ISN + 36, TEST_NOTE_SERVER_ISN + 2, 0, 10233 },
        { 'c', A, TEST_NOTE_CLIENT_ISN + 36, TEST_NOTE_SERVER_ISN + 2, 0, 10233 },
    };
    explain_store_t *store = explain_store_new();
    explain_stream_t *engines = g_new(explain_stream_t, STREAMS);
    GArray *results = g_array_new(FALSE, FALSE, sizeof(explain_result_t));
    uint32_t frame = 0;
    /* the whole session of every stream, a few streams open at once, then
     * the late segments of every stream */
    for (uint32_t pass = 0; pass < 2; pass++) {
        for (uint32_t stream = 0; stream < STREAMS; stream++) {
            test_ports_t ports = { (uint16_t)(30000 + stream), 80 };
            const test_seg_t *segs = pass == 0 ? test_note_flow : late;
            uint32_t count = pass == 0 ? TEST_NOTE_PACKETS : LATE;
            if (pass == 0)
                explain_stream_init(&engines[stream]);
            for (uint32_t i = 0; i < count; i++) {
                explain_facts_t facts = test_facts(&segs[i], ++frame, ports);
                facts.stream = stream;
                explain_result_t r, alone;
                g_assert_true(explain_store_add(store, &facts, &r));
                explain_segment(&engines[stream], &facts, &alone);
                g_assert_cmpmem(&r, sizeof(r), &alone, sizeof(alone));
                g_array_append_val(results, r);
            }
        }
        explain_store_stats_t stats;
        explain_store_get_stats(store, &stats);
        g_test_message("pass %u: %" G_GUINT64_FORMAT " rebuilds, %" G_GUINT64_FORMAT
                       " live states for %d streams", pass, stats.rebuilds, stats.live_states, STREAMS);
        if (pass == 0) {
            g_assert_cmpuint(stats.rebuilds, ==, 0);
            g_assert_cmpuint(stats.live_states, <=, 4);    /* one stream open at a time */
        } else {
            /* once each, on its first late segment; kept for the next ones */
            g_assert_cmpuint(stats.rebuilds, ==, STREAMS);
        }
    }
    for (uint32_t f = frame; f >= 1; f--) {            /* replays, backwards */
        explain_result_t r;
        g_assert_true(explain_store_result(store, f, &r));
        g_assert_cmpmem(&r, sizeof(r), &g_array_index(results, explain_result_t, f - 1), sizeof(r));
    }
    g_array_free(results, TRUE);
    g_free(engines);
    explain_store_free(store);
}

/* Checkpoints are packed without their zero bytes: any bytes come back
 * exactly, whatever their length and however many are zero; all zeros
 * cost one byte per 64, none zero at most EXPLAIN_PACK_MAX. */
static void test_pack_round_trip(void)
{
    static const size_t lengths[] = { 0, 1, 7, 8, 9, 63, 64, 65, 127, 1000, 1472 };
    GRand *rand = g_rand_new_with_seed(19);
    uint8_t in[1472], back[1472], packed[EXPLAIN_PACK_MAX(1472)];
    for (guint i = 0; i < G_N_ELEMENTS(lengths); i++) {
        size_t len = lengths[i];
        for (int zeros = 0; zeros <= 100; zeros += 10) {   /* percent of zero bytes */
            for (size_t k = 0; k < len; k++)
                in[k] = g_rand_int_range(rand, 0, 100) < zeros
                    ? 0 : (uint8_t)g_rand_int_range(rand, 1, 256);
            memset(packed, 0xa5, sizeof(packed));
            size_t used = explain_pack_zeros(in, len, packed);
            g_assert_cmpuint(used, <=, EXPLAIN_PACK_MAX(len));
            if (zeros == 100)
                g_assert_cmpuint(used, ==, (len + 63) / 64);
            memset(back, 0xa5, sizeof(back));
            g_assert_cmpuint(explain_unpack_zeros(packed, len, back), ==, used);
            g_assert_cmpmem(back, len, in, len);
        }
    }
    g_rand_free(rand);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/store/replay_in_order", test_replay_in_order);
    g_test_add_func("/store/replay_random_order", test_replay_random_order);
    g_test_add_func("/store/same_frame_again", test_same_frame_again);
    g_test_add_func("/store/unknown_and_repeated_frames", test_unknown_and_repeated_frames);
    g_test_add_func("/store/note_session", test_note_session);
    g_test_add_func("/store/bytes_per_segment", test_bytes_per_segment);
    g_test_add_func("/store/idle_streams_rebuilt", test_idle_streams_rebuilt);
    g_test_add_func("/store/bytes_per_short_stream", test_bytes_per_short_stream);
    g_test_add_func("/store/deferred_all", test_deferred_all);
    g_test_add_func("/store/deferred_mixed", test_deferred_mixed);
    g_test_add_func("/store/deferred_idle", test_deferred_idle);
    g_test_add_func("/store/pack_round_trip", test_pack_round_trip);
    g_test_add_func("/store/closed_streams_rebuilt", test_closed_streams_rebuilt);
    return g_test_run();
}
