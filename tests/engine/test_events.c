/* test_events.c - table-driven tests of what goes wrong: loss,
 * retransmission, reordering, windows, keep-alives, resets and odd shapes.
 *
 * Each case is a short conversation; the expectations are about its last
 * segment and were worked out by hand (see the comment on each case).
 * Client port 40000, server port 80 (tests/support/test_segments.h); every
 * SYN offers window scale shift 8.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "explain_engine.h"
#include "test_segments.h"

#define F EXPLAIN_TH_FIN
#define S EXPLAIN_TH_SYN
#define R EXPLAIN_TH_RST
#define P EXPLAIN_TH_PSH
#define A EXPLAIN_TH_ACK
#define EV(name) EXPLAIN_EVENT_##name
#define TFO TEST_TFO

typedef test_seg_t seg_t;

/* Numbers to compare on the last segment; 0 means "do not compare". */
typedef struct {
    uint32_t orig_frame;
    uint32_t dup_ack_count;
    uint32_t prev_window_raw;
    uint64_t in_flight;
    uint64_t retrans_bytes;
    uint32_t prev_next_raw;
} numbers_t;

typedef struct {
    const char     *name;
    size_t          count;
    seg_t           segs[12];
    explain_event_t main_event;
    uint32_t        also_events;    /* further event bits that must be set */
    numbers_t       numbers;
} event_case_t;

/* The handshake most cases start with: ISNs 1000 and 5000. */
#define HANDSHAKE \
    { 'c', S, 1000, 0, 0, 1000 }, { 's', S | A, 5000, 1001, 0, 1000 }, \
    { 'c', A, 1001, 5001, 0, 100 }

static const event_case_t cases[] = {
    /* 1001..1101 sent in frame 4 and again in frame 6. */
    { "retransmission", 6,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 'c', A, 1101, 5001, 100, 100 },
        { 'c', A, 1001, 5001, 100, 100 } },
      EV(RETRANSMISSION), 0, { .orig_frame = 4, .retrans_bytes = 100, .prev_next_raw = 1201 } },
    /* The server acked 1101 before the resend of 1001..1101: unnecessary. */
    { "spurious-retransmission", 6,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 's', A, 5001, 1101, 0, 100 },
        { 'c', A, 1001, 5001, 100, 100 } },
      EV(SPURIOUS_RETRANSMISSION), EXPLAIN_EVENT_BIT(EV(RETRANSMISSION)),
      { .orig_frame = 4, .retrans_bytes = 100 } },
    /* 1101..1201 missing; the server acks 1101 once, then twice more
     * (duplicates 1 and 2); the client resends 1101 at once. */
    { "fast-retransmission", 9,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 'c', A, 1201, 5001, 100, 100 },
        { 's', A, 5001, 1101, 0, 100 }, { 's', A, 5001, 1101, 0, 100 },
        { 's', A, 5001, 1101, 0, 100 }, { 'c', A, 1101, 5001, 100, 100 } },
      EV(FAST_RETRANSMISSION), EXPLAIN_EVENT_BIT(EV(RETRANSMISSION)), { 0 } },
    /* Frame 8 of the case above: the second duplicate ACK. */
    { "duplicate-ack", 8,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 'c', A, 1201, 5001, 100, 100 },
        { 's', A, 5001, 1101, 0, 100 }, { 's', A, 5001, 1101, 0, 100 },
        { 's', A, 5001, 1101, 0, 100 } },
      EV(DUP_ACK), 0, { .dup_ack_count = 2 } },
    /* seq jumps from the expected 1101 to 1201: a 100-byte gap. */
    { "lost-segment", 5,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 'c', A, 1201, 5001, 100, 100 } },
      EV(LOST_SEGMENT), 0, { .prev_next_raw = 1101 } },
    /* The missing 1101..1201 arrives after 1201..1301, never seen before. */
    { "out-of-order", 6,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 'c', A, 1201, 5001, 100, 100 },
        { 'c', A, 1101, 5001, 100, 100 } },
      EV(OUT_OF_ORDER), 0, { .prev_next_raw = 1301 } },
    { "zero-window", 5,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 's', A, 5001, 1101, 0, 0 } },
      EV(ZERO_WINDOW), 0, { 0 } },
    /* Window 0, then one byte at the next seq 1101: a probe. */
    { "zero-window-probe", 6,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 's', A, 5001, 1101, 0, 0 },
        { 'c', A, 1101, 5001, 1, 100 } },
      EV(ZERO_WINDOW_PROBE), 0, { 0 } },
    /* The answer to the probe: ack still 1101, window still 0. */
    { "zero-window-probe-ack", 7,
      { HANDSHAKE, { 'c', A, 1001, 5001, 100, 100 }, { 's', A, 5001, 1101, 0, 0 },
        { 'c', A, 1101, 5001, 1, 100 }, { 's', A, 5001, 1101, 0, 0 } },
      EV(ZERO_WINDOW_PROBE_ACK), EXPLAIN_EVENT_BIT(EV(ZERO_WINDOW)), { 0 } },
    /* Server window 1 x 256 = 256 bytes from ack 1001: 1001 + 256 = 1257,
     * exactly where the client's 256 bytes end. */
    { "window-full", 5,
      { HANDSHAKE, { 's', A, 5001, 1001, 0, 1 }, { 'c', A, 1001, 5001, 256, 100 } },
      EV(WINDOW_FULL), 0, { .in_flight = 256 } },
    /* Same seq and ack, only the window moves from 100 to 200. */
    { "window-update", 5,
      { HANDSHAKE, { 's', A, 5001, 1001, 0, 100 }, { 's', A, 5001, 1001, 0, 200 } },
      EV(WINDOW_UPDATE), 0, { .prev_window_raw = 100 } },
    /* After 10 bytes acked (next 1011), one old byte at 1010. */
    { "keep-alive", 6,
      { HANDSHAKE, { 'c', A, 1001, 5001, 10, 100 }, { 's', A, 5001, 1011, 0, 100 },
        { 'c', A, 1010, 5001, 1, 100 } },
      EV(KEEP_ALIVE), 0, { 0 } },
    { "keep-alive-ack", 7,
      { HANDSHAKE, { 'c', A, 1001, 5001, 10, 100 }, { 's', A, 5001, 1011, 0, 100 },
        { 'c', A, 1010, 5001, 1, 100 }, { 's', A, 5001, 1011, 0, 100 } },
      EV(KEEP_ALIVE_ACK), 0, { 0 } },
    /* Client acks 9999, far beyond the server's next seq 5001. */
    { "ack-unseen", 4,
      { HANDSHAKE, { 'c', A, 1001, 9999, 0, 100 } },
      EV(ACK_UNSEEN), 0, { 0 } },
    /* A RST answering the SYN. */
    { "rst-refused", 2,
      { { 'c', S, 1000, 0, 0, 1000 }, { 's', R | A, 0, 1001, 0, 0 } },
      EV(RST_REFUSED), 0, { 0 } },
    { "rst-abort", 4,
      { HANDSHAKE, { 'c', R | A, 1001, 5001, 0, 0 } },
      EV(RST_ABORT), 0, { 0 } },
    { "rst-after-fin", 5,
      { HANDSHAKE, { 'c', F | A, 1001, 5001, 0, 100 }, { 's', R, 5001, 0, 0, 0 } },
      EV(RST_AFTER_FIN), 0, { 0 } },
    /* Both send a SYN before either sees the other's. */
    { "simultaneous-open", 2,
      { { 'c', S, 1000, 0, 0, 1000 }, { 's', S, 5000, 0, 0, 1000 } },
      EV(SIMULTANEOUS_OPEN), 0, { 0 } },
    /* The server's FIN acks 1001, not the client's FIN at 1001 (+1 = 1002). */
    { "simultaneous-close", 5,
      { HANDSHAKE, { 'c', F | A, 1001, 5001, 0, 100 }, { 's', F | A, 5001, 1001, 0, 100 } },
      EV(SIMULTANEOUS_CLOSE), 0, { 0 } },
    /* The client closed (FIN acked); the server still sends 10 bytes. */
    { "half-close", 6,
      { HANDSHAKE, { 'c', F | A, 1001, 5001, 0, 100 }, { 's', A, 5001, 1002, 0, 100 },
        { 's', P | A, 5001, 1002, 10, 100 } },
      EV(HALF_CLOSE), 0, { 0 } },
    /* A SYN carrying 10 bytes: accepted when the SYN-ACK acks 1000 + 1 + 10. */
    { "tfo-accepted", 2,
      { { 'c', S | TFO, 1000, 0, 10, 1000 }, { 's', S | A, 5000, 1011, 0, 1000 } },
      EV(TFO_ACCEPTED), 0, { 0 } },
    /* ... ignored when the SYN-ACK only acks 1000 + 1. */
    { "tfo-ignored", 2,
      { { 'c', S | TFO, 1000, 0, 10, 1000 }, { 's', S | A, 5000, 1001, 0, 1000 } },
      EV(TFO_IGNORED), 0, { 0 } },
    { "tfo-syn", 1,
      { { 'c', S | TFO, 1000, 0, 10, 1000 } },
      EV(TFO_SYN), 0, { 0 } },
    { "syn-data", 1,
      { { 'c', S, 1000, 0, 10, 1000 } },
      EV(SYN_DATA), 0, { 0 } },
    /* 4294967201 + 100 = 4294967301 > 2^32 - 1: the raw seq wraps. */
    { "seq-wrap", 4,
      { { 'c', S, 4294967200u, 0, 0, 1000 }, { 's', S | A, 5000, 4294967201u, 0, 1000 },
        { 'c', A, 4294967201u, 5001, 0, 100 }, { 'c', A, 4294967201u, 5001, 100, 100 } },
      EV(SEQ_WRAP), 0, { 0 } },
    /* No handshake: the scale factor is unknown. */
    { "window-scale-unknown", 1,
      { { 'c', A, 1001, 5001, 100, 100 } },
      EV(WINDOW_SCALE_UNKNOWN), 0, { 0 } },
    /* A new ISN on the same ports after a reset. */
    { "reused-ports", 3,
      { { 'c', S, 1000, 0, 0, 1000 }, { 's', R | A, 0, 1001, 0, 0 },
        { 'c', S, 777, 0, 0, 1000 } },
      EV(REUSED_PORTS), 0, { 0 } },
    /* The same SYN (ISN 1000) twice: the second repeats frame 1. */
    { "syn-retransmitted", 2,
      { { 'c', S, 1000, 0, 0, 1000 }, { 'c', S, 1000, 0, 0, 1000 } },
      EV(RETRANSMISSION), 0, { .orig_frame = 1 } },
    /* An ordinary data segment: nothing unusual. */
    { "none", 4,
      { HANDSHAKE, { 'c', P | A, 1001, 5001, 100, 100 } },
      EV(NONE), 0, { 0 } },
};

static explain_facts_t facts_for(const seg_t *seg, uint32_t frame)
{
    static const test_ports_t ports = { 40000, 80 };
    return test_facts(seg, frame, ports);
}

static void run_case(gconstpointer data)
{
    const event_case_t *c = data;
    explain_stream_t stream;
    explain_result_t r;

    explain_stream_init(&stream);
    for (size_t i = 0; i < c->count; i++) {
        explain_facts_t f = facts_for(&c->segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, &r);
    }
    g_assert_cmpstr(explain_event_label(r.event), ==, explain_event_label(c->main_event));
    g_assert_cmphex(r.events & c->also_events, ==, c->also_events);
    if (c->numbers.orig_frame)
        g_assert_cmpuint(r.orig_frame, ==, c->numbers.orig_frame);
    if (c->numbers.dup_ack_count)
        g_assert_cmpuint(r.dup_ack_count, ==, c->numbers.dup_ack_count);
    if (c->numbers.prev_window_raw)
        g_assert_cmpuint(r.prev_window_raw, ==, c->numbers.prev_window_raw);
    if (c->numbers.in_flight)
        g_assert_cmpuint(r.in_flight, ==, c->numbers.in_flight);
    if (c->numbers.retrans_bytes)
        g_assert_cmpuint(r.retrans_bytes, ==, c->numbers.retrans_bytes);
    if (c->numbers.prev_next_raw)
        g_assert_cmpuint(r.prev_next_raw, ==, c->numbers.prev_next_raw);
}

/* A keep-alive does not fail the "seq continues" check. */
static void test_keep_alive_is_not_a_failure(void)
{
    const event_case_t *c = NULL;
    explain_stream_t stream;
    explain_result_t r;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (strcmp(cases[i].name, "keep-alive") == 0)
            c = &cases[i];
    }
    g_assert_nonnull(c);
    explain_stream_init(&stream);
    for (size_t i = 0; i < c->count; i++) {
        explain_facts_t f = facts_for(&c->segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, &r);
    }
    g_assert_false(explain_result_any_failed(&r));
}

/* The last result of a named case. */
static void run_named(const char *name, explain_result_t *r)
{
    explain_stream_t stream;
    const event_case_t *c = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (strcmp(cases[i].name, name) == 0)
            c = &cases[i];
    }
    g_assert_nonnull(c);
    explain_stream_init(&stream);
    for (size_t i = 0; i < c->count; i++) {
        explain_facts_t f = facts_for(&c->segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, r);
    }
}

/* New bytes are the bytes the capture shows for the first time, whatever
 * the order; sent again, every other captured payload byte. */
static void test_bytes_reconcile(void)
{
    explain_result_t r;

    /* 1001..1101 twice: 200 new (1001..1201), 100 sent again. */
    run_named("retransmission", &r);
    g_assert_cmpuint(r.payload_total, ==, 200);
    g_assert_cmpuint(r.retrans_bytes, ==, 100);
    g_assert_cmpuint(r.new_bytes, ==, 0);
    /* 1101..1201 first seen in the fast retransmission: 300 new, none again. */
    run_named("fast-retransmission", &r);
    g_assert_cmpuint(r.payload_total, ==, 300);
    g_assert_cmpuint(r.retrans_bytes, ==, 0);
    g_assert_cmpuint(r.new_bytes, ==, 100);
    g_assert_cmpuint(r.seq_consumed, ==, 301);   /* 1 SYN + 300: nothing left not captured */
}

/* Our verdict against Wireshark's flags: agree, then disagree. */
static void test_tcp_analysis_comparison(void)
{
    const event_case_t *c = &cases[0];   /* retransmission */
    explain_stream_t stream;
    explain_result_t r;
    const explain_check_t check = EXPLAIN_CHECK_TCP_ANALYSIS;

    g_assert_cmpstr(c->name, ==, "retransmission");
    for (int round = 0; round < 2; round++) {
        explain_stream_init(&stream);
        for (size_t i = 0; i < c->count; i++) {
            explain_facts_t f = facts_for(&c->segs[i], (uint32_t)i + 1);
            f.has_analysis = true;
            if (i == c->count - 1 && round == 0)
                f.analysis = EXPLAIN_TA_RETRANSMISSION;
            explain_segment(&stream, &f, &r);
            if (i < c->count - 1)
                g_assert_false(explain_result_failed(&r, check));
        }
        g_assert_true(r.checks_applied & EXPLAIN_CHECK_BIT(check));
        /* Round 0: both say retransmission; round 1: Wireshark says nothing. */
        g_assert_cmpint(explain_result_failed(&r, check), ==, round == 1);
    }
}

/* A plain SYN carrying 10 bytes that the SYN-ACK accepts (1000 + 1 + 10):
 * no Fast Open event, and the SYN-ACK check passes. */
static void test_syn_data_accepted_without_tfo(void)
{
    static const seg_t segs[] = {
        { 'c', S, 1000, 0, 10, 1000 }, { 's', S | A, 5000, 1011, 0, 1000 },
    };
    explain_stream_t stream;
    explain_result_t r;

    explain_stream_init(&stream);
    for (size_t i = 0; i < G_N_ELEMENTS(segs); i++) {
        explain_facts_t f = facts_for(&segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, &r);
    }
    g_assert_cmpstr(explain_event_label(r.event), ==, "none");
    g_assert_true(r.checks_applied & EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_SYNACK_ACK));
    g_assert_false(explain_result_any_failed(&r));
}

/* Wireshark flags reused ports (it gave the new SYN a new tcp.stream, so
 * our record starts afresh): the event comes from its flag. */
static void test_reused_ports_from_wireshark(void)
{
    static const seg_t syn = { 'c', S, 300000, 0, 0, 1000 };
    explain_stream_t stream;
    explain_result_t r;
    explain_facts_t f = facts_for(&syn, 7);

    f.analysis = EXPLAIN_TA_REUSED_PORTS;
    explain_stream_init(&stream);
    explain_segment(&stream, &f, &r);
    g_assert_cmpstr(explain_event_label(r.event), ==, "reused_ports");

    /* The same SYN again (Wireshark 4.4 flags it too): a retransmission. */
    f.frame = 8;
    explain_segment(&stream, &f, &r);
    g_assert_cmpstr(explain_event_label(r.event), ==, "retransmission");
}

/* Without Wireshark's analysis, the comparison does not run. */
static void test_no_analysis_no_comparison(void)
{
    explain_stream_t stream;
    explain_result_t r;
    explain_facts_t f = facts_for(&cases[0].segs[0], 1);

    explain_stream_init(&stream);
    explain_segment(&stream, &f, &r);
    g_assert_false(r.checks_applied & EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_TCP_ANALYSIS));
}

static void test_every_event_has_a_case(void)
{
    uint32_t covered = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        covered |= EXPLAIN_EVENT_BIT(cases[i].main_event);
    for (int e = 0; e < EXPLAIN_EVENT_COUNT; e++) {
        if (!(covered & EXPLAIN_EVENT_BIT(e)))
            g_error("no test case has main event %s", explain_event_label((explain_event_t)e));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = g_strdup_printf("/events/%s", cases[i].name);
        g_test_add_data_func(path, &cases[i], run_case);
        g_free(path);
    }
    g_test_add_func("/events/keep-alive-is-not-a-failure", test_keep_alive_is_not_a_failure);
    g_test_add_func("/events/bytes-reconcile", test_bytes_reconcile);
    g_test_add_func("/events/tcp-analysis-comparison", test_tcp_analysis_comparison);
    g_test_add_func("/events/no-analysis-no-comparison", test_no_analysis_no_comparison);
    g_test_add_func("/events/syn-data-accepted-without-tfo", test_syn_data_accepted_without_tfo);
    g_test_add_func("/events/reused-ports-from-wireshark", test_reused_ports_from_wireshark);
    g_test_add_func("/events/every-event-has-a-case", test_every_event_has_a_case);
    return g_test_run();
}
