/* test_engine.c - table-driven unit tests of the TCP reasoning.
 *
 * Every expected number below was worked out by hand from the segments
 * (see the comment on each row), not taken from the engine's output.
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

#define CHK(name) EXPLAIN_CHECK_BIT(EXPLAIN_CHECK_##name)
#define NOTE(name) EXPLAIN_NOTE_BIT(EXPLAIN_NOTE_##name)

/* Sentinel for "do not compare". */
#define ANY 0xFFFFFFFFu

typedef test_seg_t seg_t;

/* What the engine must say about it. */
typedef struct {
    explain_step_t  step;
    explain_phase_t phase;
    explain_role_t  role;
    uint32_t        seq_rel;
    uint32_t        ack_rel;       /* ANY when the ACK flag is off */
    uint32_t        nxtseq_rel;
    uint32_t        acked;
    uint32_t        checks_failed; /* checks that found something off: failed or explained */
    uint64_t        notes;         /* notes that must be present */
} expect_t;

typedef struct {
    const char     *name;
    uint16_t        client_port;
    uint16_t        server_port;
    size_t          count;
    const seg_t    *segs;
    const expect_t *expect;
} scenario_t;

static explain_facts_t facts_for(const scenario_t *sc, const seg_t *seg, uint32_t frame)
{
    test_ports_t ports = { sc->client_port, sc->server_port };
    return test_facts(seg, frame, ports);
}

static void run_scenario(gconstpointer data)
{
    const scenario_t *sc = data;
    explain_stream_t stream;
    explain_result_t r;

    explain_stream_init(&stream);
    for (size_t i = 0; i < sc->count; i++) {
        explain_facts_t f = facts_for(sc, &sc->segs[i], (uint32_t)i + 1);
        const expect_t *e = &sc->expect[i];

        g_test_message("%s: segment %zu", sc->name, i + 1);
        explain_segment(&stream, &f, &r);
        g_assert_cmpstr(explain_step_label(r.step), ==, explain_step_label(e->step));
        g_assert_cmpstr(explain_phase_label(r.phase), ==, explain_phase_label(e->phase));
        g_assert_cmpstr(explain_role_label(r.role), ==, explain_role_label(e->role));
        g_assert_cmpuint(r.seq_rel, ==, e->seq_rel);
        g_assert_cmpuint(r.nxtseq_rel, ==, e->nxtseq_rel);
        if (e->ack_rel != ANY) {
            g_assert_true(r.ack_known);
            g_assert_cmpuint(r.ack_rel, ==, e->ack_rel);
        }
        g_assert_cmpuint(r.acked_new, ==, e->acked);
        g_assert_cmphex(r.checks_failed | r.checks_explained, ==, e->checks_failed);
        g_assert_cmphex(r.checks_failed & r.checks_explained, ==, 0);
        g_assert_cmphex(r.notes & e->notes, ==, e->notes);
    }
}

/* ------------------------------------------------------------------ */
/* The note's netcat session: client ISN 4126488336, server ISN 547479085. */

#define C_ISN TEST_NOTE_CLIENT_ISN
#define S_ISN TEST_NOTE_SERVER_ISN
#define note_segs test_note_flow

static const expect_t note_expect[] = {
    /* SYN: relative 0, the SYN consumes one number: next 1. */
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0,
      NOTE(OPT_MSS) | NOTE(OPT_WSCALE) | NOTE(OPT_SACK_PERM) | NOTE(WINDOW_UNSCALED) },
    /* SYN-ACK: ack 4126488337 = ISN + 1, relative 1; acks 1 (the SYN). */
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 1, 1, 1, 0,
      NOTE(ACKS_SYN) },
    /* ACK: 547479086 = server ISN + 1, relative 1; established. */
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 1, 1, 0,
      NOTE(ACKS_SYN) | NOTE(WINDOW_SCALED) },
    /* PSH,ACK 34 bytes: seq 1, next 1 + 34 = 35, ack unchanged. */
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 35, 0, 0,
      NOTE(PSH) | NOTE(ACK_UNCHANGED) },
    /* Server ACK 4126488371 = 4126488337 + 34: relative 35, 34 new. */
    { EXPLAIN_STEP_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_SERVER, 1, 35, 1, 34, 0,
      NOTE(ACK_ADVANCES) },
    /* FIN,ACK: teardown 1, seq 35, FIN consumes one: next 36. */
    { EXPLAIN_STEP_FIN, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_CLIENT, 35, 1, 36, 0, 0, 0 },
    /* ACK 36 = 35 + 1 for the FIN: teardown 2. */
    { EXPLAIN_STEP_FIN_ACK, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_SERVER, 1, 36, 1, 1, 0,
      NOTE(ACKS_FIN) },
    /* Server FIN,ACK: teardown 3, seq 1, next 2. */
    { EXPLAIN_STEP_PASSIVE_FIN, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_SERVER, 1, 36, 2, 0, 0,
      NOTE(ACK_UNCHANGED) },
    /* Client ACK 2: teardown 4, closed, the books balance. */
    { EXPLAIN_STEP_LAST_ACK, EXPLAIN_PHASE_CLOSED, EXPLAIN_ROLE_CLIENT, 36, 2, 36, 1, 0,
      NOTE(ACKS_FIN) | NOTE(RECONCILE) },
};

static const scenario_t note_flow = {
    "note flow", 24491, 5000, G_N_ELEMENTS(note_segs), note_segs, note_expect
};

/* The totals the note reconciles by hand at its last packet. */
static void test_note_flow_books(void)
{
    explain_stream_t stream;
    explain_result_t r;

    explain_stream_init(&stream);
    for (size_t i = 0; i < G_N_ELEMENTS(note_segs); i++) {
        explain_facts_t f = facts_for(&note_flow, &note_segs[i], (uint32_t)i + 1);
        explain_segment(&stream, &f, &r);
        if (i == 2) {
            /* 10233 x 256 = 2619648 */
            g_assert_cmpint(r.wscale_shift, ==, 8);
            g_assert_cmpuint(r.window_bytes, ==, 2619648);
        }
        if (i == 4) {
            g_assert_cmpuint(r.prev_ack_raw, ==, 4126488337u);
            g_assert_cmpuint(r.ack_raw, ==, 4126488371u);
        }
    }
    /* Client: 36 = 1 SYN + 34 data + 1 FIN; server: 2 = 1 SYN + 0 + 1 FIN. */
    g_assert_cmpuint(r.seq_consumed, ==, 36);
    g_assert_cmpuint(r.syn_count, ==, 1);
    g_assert_cmpuint(r.payload_total, ==, 34);
    g_assert_cmpuint(r.fin_count, ==, 1);
    g_assert_cmpuint(r.peer_seq_consumed, ==, 2);
    g_assert_cmpuint(r.peer_syn_count, ==, 1);
    g_assert_cmpuint(r.peer_payload_total, ==, 0);
    g_assert_cmpuint(r.peer_fin_count, ==, 1);
    g_assert_cmpuint(r.isn_raw, ==, C_ISN);
    g_assert_cmpuint(r.peer_isn_raw, ==, S_ISN);
    /* Every check that can apply ran and passed on the last ACK. */
    g_assert_true(r.checks_applied & CHK(SEQ_CONTINUES));
    g_assert_true(r.checks_applied & CHK(ACK_WITHIN_SENT));
    g_assert_true(r.checks_applied & CHK(NOTHING_AFTER_FIN));
}

/* ------------------------------------------------------------------ */
/* RST answering a SYN: connection refused. ISN 1000. */

static const seg_t refused_segs[] = {
    { 'c', S,     1000, 0,    0, 64240 },
    { 's', R | A, 0,    1001, 0, 0 },
};
static const expect_t refused_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    /* The server's base comes from its first segment: seq 0 - 1, so relative 1. */
    { EXPLAIN_STEP_RST, EXPLAIN_PHASE_CLOSED, EXPLAIN_ROLE_SERVER, 1, 1, 1, 1, 0,
      NOTE(RST_IN_HANDSHAKE) },
};

/* Client aborts an established connection after 10 bytes. ISNs 100 / 900. */
static const seg_t client_rst_segs[] = {
    { 'c', S,     100, 0,   0,  1000 },
    { 's', S | A, 900, 101, 0,  1000 },
    { 'c', A,     101, 901, 0,  1000 },
    { 'c', P | A, 101, 901, 10, 1000 },
    { 'c', R,     111, 0,   0,  0 },
};
static const expect_t client_rst_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 11, 0, 0, 0 },
    /* seq 111 = 101 + 10 continues; a RST uses no numbers: next stays 11. */
    { EXPLAIN_STEP_RST, EXPLAIN_PHASE_CLOSED, EXPLAIN_ROLE_CLIENT, 11, ANY, 11, 0, 0,
      NOTE(RST_ESTABLISHED) },
};

/* The server resets after the client's FIN: reset during teardown. */
static const seg_t server_rst_segs[] = {
    { 'c', S,     100, 0,   0, 1000 },
    { 's', S | A, 900, 101, 0, 1000 },
    { 'c', A,     101, 901, 0, 1000 },
    { 'c', F | A, 101, 901, 0, 1000 },
    { 's', R | A, 901, 102, 0, 0 },
};
static const expect_t server_rst_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_FIN, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_CLIENT, 1, 1, 2, 0, 0, 0 },
    /* ack 102 = FIN at 101 + 1: acks the FIN, 1 new number. */
    { EXPLAIN_STEP_RST, EXPLAIN_PHASE_CLOSED, EXPLAIN_ROLE_SERVER, 1, 2, 1, 1, 0,
      NOTE(RST_AFTER_FIN) | NOTE(ACKS_FIN) },
};

/* ------------------------------------------------------------------ */
/* Capture starts mid-connection; client port 40000 > server port 80. */

static const seg_t midstream_segs[] = {
    { 'c', P | A, 1000, 5000, 100, 500 },
    { 's', P | A, 5000, 1100, 50,  500 },
    { 'c', A,     1100, 5050, 0,   500 },
    { 'c', F | A, 1100, 5050, 0,   500 },
    { 's', F | A, 5050, 1101, 0,   500 },
    { 'c', A,     1101, 5051, 0,   500 },
};
static const expect_t midstream_expect[] = {
    /* Wireshark's rule: base = first seq - 1 and peer base = ack - 1. */
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 101, 0, 0,
      NOTE(MIDSTREAM_FIRST) | NOTE(ROLE_BY_PORT) | NOTE(WINDOW_SCALE_UNKNOWN) },
    /* 1100 - 999 = 101; first ack counts from the client's first seq: 100 new. */
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_SERVER, 1, 101, 51, 100, 0, 0 },
    { EXPLAIN_STEP_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 101, 51, 101, 50, 0, 0 },
    { EXPLAIN_STEP_FIN, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_CLIENT, 101, 51, 102, 0, 0, 0 },
    /* Acks the client's FIN and sends its own: steps 2 and 3 at once. */
    { EXPLAIN_STEP_PASSIVE_FIN, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_SERVER, 51, 102, 52, 1, 0,
      NOTE(FIN_ALSO_ACKS_FIN) },
    { EXPLAIN_STEP_LAST_ACK, EXPLAIN_PHASE_CLOSED, EXPLAIN_ROLE_CLIENT, 102, 52, 102, 1, 0,
      NOTE(RECONCILE) },
};

/* ------------------------------------------------------------------ */
/* SYN retransmitted with the same ISN (7000), then the handshake. */

static const seg_t syn_retrans_segs[] = {
    { 'c', S,     7000, 0,    0, 1000 },
    { 'c', S,     7000, 0,    0, 1000 },
    { 's', S | A, 3000, 7001, 0, 1000 },
    { 'c', A,     7001, 3001, 0, 1000 },
};
static const expect_t syn_retrans_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    /* Same ISN: a retransmission, not a gap; no check fails. */
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0,
      NOTE(SYN_RETRANSMITTED) },
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 1, 1, 0, 0 },
};

/* ------------------------------------------------------------------ */
/* Data both ways with a delayed ACK covering two segments. ISNs 0 / 0. */

static const seg_t bidir_segs[] = {
    { 'c', S,     0,   0,   0,   1000 },
    { 's', S | A, 0,   1,   0,   1000 },
    { 'c', A,     1,   1,   0,   1000 },
    { 'c', P | A, 1,   1,   100, 1000 },
    { 'c', P | A, 101, 1,   100, 1000 },
    { 's', P | A, 1,   201, 300, 1000 },
    { 'c', A,     201, 301, 0,   1000 },
};
static const expect_t bidir_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 101, 0, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 101, 1, 201, 0, 0, 0 },
    /* One ack for both: 201 - 1 = 200 new. */
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_SERVER, 1, 201, 301, 200, 0, 0 },
    { EXPLAIN_STEP_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 201, 301, 201, 300, 0, 0 },
};

/* ------------------------------------------------------------------ */
/* Client ISN 4294967000: 1000 bytes in 400/400/200 wrap past 2^32
 * (4294967296). Data starts at 4294967001; + 400 = 4294967401, which is
 * 105 after the wrap; + 400 = 505; + 200 = 705. */

static const seg_t wrap_segs[] = {
    { 'c', S,     4294967000u, 0,   0,   1000 },
    { 's', S | A, 10,          4294967001u, 0, 1000 },
    { 'c', A,     4294967001u, 11,  0,   1000 },
    { 'c', A,     4294967001u, 11,  400, 1000 },
    { 'c', A,     105,         11,  400, 1000 },
    { 'c', P | A, 505,         11,  200, 1000 },
    { 's', A,     11,          705, 0,   1000 },
};
static const expect_t wrap_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 1, 1, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 1, 401, 0, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 401, 1, 801, 0, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 801, 1, 1001, 0, 0, 0 },
    /* 705 - 4294967000 mod 2^32 = 1001: all 1000 bytes acked at once. */
    { EXPLAIN_STEP_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_SERVER, 1, 1001, 1, 1000, 0, 0 },
};

/* ------------------------------------------------------------------ */
/* Failing checks, one per row where possible. ISNs 100 / 500. */

static const seg_t bad_segs[] = {
    { 'c', S,     100, 0,   0,  1000 },
    /* SYN-ACK acks 150, not 101. */
    { 's', S | A, 500, 150, 0,  1000 },
    /* Handshake ACK acks 600, not 501. */
    { 'c', A,     101, 600, 0,  1000 },
    /* seq jumps from 101 to 201: a 100-byte gap. */
    { 'c', A,     201, 501, 10, 1000 },
    { 'c', F | A, 211, 501, 0,  1000 },
    /* New data after the FIN (which sits at 211). */
    { 'c', A,     212, 501, 5,  1000 },
};
static const expect_t bad_expect[] = {
    { EXPLAIN_STEP_SYN, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_CLIENT, 0, ANY, 1, 0, 0, 0 },
    /* 150 is also beyond the client's next seq 101. */
    { EXPLAIN_STEP_SYN_ACK, EXPLAIN_PHASE_HANDSHAKE, EXPLAIN_ROLE_SERVER, 0, 50, 1, 50,
      CHK(SYNACK_ACK) | CHK(ACK_WITHIN_SENT), 0 },
    /* 600 is beyond the server's next seq 501. */
    { EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 1, 100, 1, 100,
      CHK(HANDSHAKE_ACK) | CHK(ACK_WITHIN_SENT), 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_ESTABLISHED, EXPLAIN_ROLE_CLIENT, 101, 1, 111, 0,
      CHK(SEQ_CONTINUES), 0 },
    { EXPLAIN_STEP_FIN, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_CLIENT, 111, 1, 112, 0, 0, 0 },
    { EXPLAIN_STEP_DATA, EXPLAIN_PHASE_TEARDOWN, EXPLAIN_ROLE_CLIENT, 112, 1, 117, 0,
      CHK(NOTHING_AFTER_FIN), 0 },
};

/* Three-valued checks on the failed-checks flow: the SYN-ACK's wrong ack
 * fails (nothing explains it), the 100-byte gap is explained by the gap
 * event, new data after the FIN fails. */
static void test_check_states(void)
{
    explain_stream_t stream;
    explain_result_t r;
    test_ports_t ports = { 40004, 80 };

    explain_stream_init(&stream);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_segs); i++) {
        explain_facts_t f = test_facts(&bad_segs[i], (uint32_t)i + 1, ports);
        explain_segment(&stream, &f, &r);
        if (i == 1) {
            g_assert_cmpint(explain_result_check_state(&r, EXPLAIN_CHECK_SYNACK_ACK), ==,
                            EXPLAIN_CHECK_FAILED);
            g_assert_true(explain_result_any_failed(&r));
        } else if (i == 3) {
            g_assert_cmpint(explain_result_check_state(&r, EXPLAIN_CHECK_SEQ_CONTINUES), ==,
                            EXPLAIN_CHECK_EXPLAINED);
            g_assert_true(explain_result_has_event(&r, EXPLAIN_EVENT_LOST_SEGMENT));
            g_assert_false(explain_result_any_failed(&r));
            g_assert_true(explain_result_any_explained(&r));
        } else if (i == 4) {
            g_assert_cmpint(explain_result_check_state(&r, EXPLAIN_CHECK_SEQ_CONTINUES), ==,
                            EXPLAIN_CHECK_PASSED);
            g_assert_cmpint(explain_result_check_state(&r, EXPLAIN_CHECK_SYNACK_ACK), ==,
                            EXPLAIN_CHECK_NOT_RUN);
        } else if (i == 5) {
            g_assert_cmpint(explain_result_check_state(&r, EXPLAIN_CHECK_NOTHING_AFTER_FIN), ==,
                            EXPLAIN_CHECK_FAILED);
        }
    }
    g_assert_cmpstr(explain_check_state_label(EXPLAIN_CHECK_EXPLAINED), ==, "explained");
}

static const scenario_t scenarios[] = {
    { "note-flow",   24491, 5000, G_N_ELEMENTS(note_segs), note_segs, note_expect },
    { "rst-refused", 50000, 81,   G_N_ELEMENTS(refused_segs), refused_segs, refused_expect },
    { "rst-client",  50001, 80,   G_N_ELEMENTS(client_rst_segs), client_rst_segs, client_rst_expect },
    { "rst-server",  50002, 80,   G_N_ELEMENTS(server_rst_segs), server_rst_segs, server_rst_expect },
    { "midstream",   40000, 80,   G_N_ELEMENTS(midstream_segs), midstream_segs, midstream_expect },
    { "syn-retransmitted", 40001, 80, G_N_ELEMENTS(syn_retrans_segs), syn_retrans_segs,
      syn_retrans_expect },
    { "bidirectional", 40002, 80, G_N_ELEMENTS(bidir_segs), bidir_segs, bidir_expect },
    { "seq-wrap",    40003, 80,   G_N_ELEMENTS(wrap_segs), wrap_segs, wrap_expect },
    { "failed-checks", 40004, 80, G_N_ELEMENTS(bad_segs), bad_segs, bad_expect },
};

/* ------------------------------------------------------------------ */

/* Wireshark's tcp.nxtseq agrees with ours, then disagrees. */
static void test_nxtseq_cross_check(void)
{
    explain_stream_t stream;
    explain_result_t r;
    explain_facts_t f;
    scenario_t sc = { "nxtseq", 40000, 80, 0, NULL, NULL };
    seg_t syn = { 'c', S, 1000, 0, 0, 100 };
    seg_t data = { 'c', A, 1001, 0, 10, 100 };

    explain_stream_init(&stream);
    f = facts_for(&sc, &syn, 1);
    f.has_ws_nxtseq = true;
    f.ws_seq = 0;
    f.ws_nxtseq = 1;            /* SYN: 0 + 1 */
    explain_segment(&stream, &f, &r);
    g_assert_true(r.checks_applied & CHK(NXTSEQ_AGREES));
    g_assert_false(explain_result_failed(&r, EXPLAIN_CHECK_NXTSEQ_AGREES));

    f = facts_for(&sc, &data, 2);
    f.has_ws_nxtseq = true;
    f.ws_seq = 1;
    f.ws_nxtseq = 12;           /* says 11 bytes; we count 10 */
    explain_segment(&stream, &f, &r);
    g_assert_true(explain_result_failed(&r, EXPLAIN_CHECK_NXTSEQ_AGREES));
    g_assert_cmpuint(r.ws_nxtseq_raw, ==, 1012);
    g_assert_cmpuint(r.nxtseq_raw, ==, 1011);
}

/* IPv6 endpoints decide the direction by address and port. */
static void test_ipv6_direction(void)
{
    explain_stream_t stream;
    explain_result_t r;
    explain_facts_t f;
    explain_endpoint_t a = { .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, .addr_len = 16, .port = 443 };
    explain_endpoint_t b = { .addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }, .addr_len = 16, .port = 443 };

    explain_stream_init(&stream);
    memset(&f, 0, sizeof f);
    f.src = b;
    f.dst = a;
    f.flags = S;
    f.seq_raw = 77;
    explain_segment(&stream, &f, &r);
    g_assert_cmpuint(r.role, ==, EXPLAIN_ROLE_CLIENT);

    f.src = a;
    f.dst = b;
    f.flags = S | A;
    f.seq_raw = 5;
    f.ack_raw = 78;
    explain_segment(&stream, &f, &r);
    g_assert_cmpuint(r.role, ==, EXPLAIN_ROLE_SERVER);
    g_assert_cmpuint(r.sender_side, ==, 1);
    g_assert_false(explain_result_any_failed(&r));
}

/* A SYN with a new ISN after a closed connection starts counting again. */
static void test_new_connection_same_ports(void)
{
    explain_stream_t stream;
    explain_result_t r;
    scenario_t sc = { "reuse", 40000, 80, 0, NULL, NULL };
    seg_t first = { 'c', S, 100, 0, 0, 100 };
    seg_t reset = { 's', R | A, 0, 101, 0, 0 };
    seg_t again = { 'c', S, 9000, 0, 0, 100 };
    explain_facts_t f;

    explain_stream_init(&stream);
    f = facts_for(&sc, &first, 1);
    explain_segment(&stream, &f, &r);
    f = facts_for(&sc, &reset, 2);
    explain_segment(&stream, &f, &r);
    g_assert_cmpuint(r.phase, ==, EXPLAIN_PHASE_CLOSED);
    f = facts_for(&sc, &again, 3);
    explain_segment(&stream, &f, &r);
    g_assert_true(explain_result_has_note(&r, EXPLAIN_NOTE_NEW_CONNECTION));
    g_assert_cmpuint(r.step, ==, EXPLAIN_STEP_SYN);
    g_assert_cmpuint(r.seq_rel, ==, 0);
    g_assert_cmpuint(r.isn_raw, ==, 9000);
    g_assert_cmpuint(r.phase, ==, EXPLAIN_PHASE_HANDSHAKE);
    g_assert_false(explain_result_any_failed(&r));
}

/* Random segments: no crash, totals never decrease, the role of a side
 * changes only with a new connection. */
static void test_random_segments_keep_invariants(void)
{
    GRand *rand = g_rand_new_with_seed(20261126);
    explain_stream_t stream;
    explain_result_t r;
    uint64_t last_total[2] = { 0, 0 };
    int last_role[2] = { -1, -1 };

    explain_stream_init(&stream);
    for (int i = 0; i < 200000; i++) {
        explain_facts_t f;
        bool from_a = g_rand_boolean(rand);
        memset(&f, 0, sizeof f);
        f.src.addr_len = 4;
        f.src.addr[3] = from_a ? 1 : 2;
        f.src.port = from_a ? 1111 : 2222;
        f.dst.addr_len = 4;
        f.dst.addr[3] = from_a ? 2 : 1;
        f.dst.port = from_a ? 2222 : 1111;
        f.flags = (uint16_t)g_rand_int_range(rand, 0, 0x200);
        f.seq_raw = g_rand_int(rand) % 8 == 0 ? g_rand_int(rand) : (uint32_t)(i * 7);
        f.ack_raw = g_rand_int(rand);
        f.payload_len = (uint32_t)g_rand_int_range(rand, 0, 3000);
        f.window_raw = (uint16_t)g_rand_int(rand);
        f.opts.has_wscale = g_rand_boolean(rand);
        f.opts.wscale_shift = (uint8_t)g_rand_int_range(rand, 0, 255);
        f.has_ws_nxtseq = g_rand_boolean(rand);
        f.ws_seq = g_rand_int(rand);
        f.ws_nxtseq = g_rand_int(rand);
        explain_segment(&stream, &f, &r);

        g_assert_cmpuint(r.step, <, EXPLAIN_STEP_COUNT);
        g_assert_cmpuint(r.phase, <, EXPLAIN_PHASE_COUNT);
        g_assert_cmpuint(r.checks_failed & ~r.checks_applied, ==, 0);
        g_assert_cmpint(r.wscale_shift, <=, 14);
        if (explain_result_has_note(&r, EXPLAIN_NOTE_NEW_CONNECTION)) {
            last_total[0] = last_total[1] = 0;
            last_role[0] = last_role[1] = -1;
        }
        int side = from_a == (stream.side[0].endpoint.port == 1111) ? 0 : 1;
        g_assert_cmpuint(r.sender_side, ==, side);
        g_assert_cmpuint(r.payload_total, >=, last_total[side]);
        last_total[side] = r.payload_total;
        if (last_role[side] >= 0 && r.role_basis == EXPLAIN_ROLE_BASIS_SYN
            && !(r.flags & EXPLAIN_TH_SYN))
            g_assert_cmpint(r.role, ==, last_role[side]);
        last_role[side] = r.role;
    }
    g_rand_free(rand);
}

/* A RST answering a SYN that offered no window scale: no scaling can be in
 * force, so window 512 is 512 bytes (not "scale unknown"), and being a
 * reset it gets no window sentence. */
static void test_window_without_scale_option(void)
{
    explain_stream_t stream;
    explain_result_t r;
    scenario_t sc = { "no-wscale", 40000, 80, 0, NULL, NULL };
    seg_t syn = { 'c', S, 100, 0, 0, 1000 };
    seg_t reset = { 's', R | A, 0, 101, 0, 512 };
    explain_facts_t f;

    explain_stream_init(&stream);
    f = facts_for(&sc, &syn, 1);
    f.opts.has_wscale = false;
    explain_segment(&stream, &f, &r);
    f = facts_for(&sc, &reset, 2);
    explain_segment(&stream, &f, &r);
    g_assert_cmpint(r.wscale_shift, ==, -2);
    g_assert_cmpuint(r.window_bytes, ==, 512);
    /* A reset's window is no offer to receive: no window sentence at all. */
    g_assert_false(explain_result_has_note(&r, EXPLAIN_NOTE_WINDOW_SCALE_UNKNOWN));
    g_assert_false(explain_result_has_note(&r, EXPLAIN_NOTE_WINDOW_UNSCALED));
}

static void test_labels(void)
{
    g_assert_cmpstr(explain_step_label(EXPLAIN_STEP_SYN_ACK), ==, "syn-ack");
    g_assert_cmpstr(explain_step_label((explain_step_t)200), ==, "?");
    g_assert_cmpstr(explain_phase_label(EXPLAIN_PHASE_TEARDOWN), ==, "teardown");
    g_assert_cmpstr(explain_role_label(EXPLAIN_ROLE_SERVER), ==, "server");
    g_assert_cmpstr(explain_check_id(EXPLAIN_CHECK_SYNACK_ACK), ==, "synack_ack");
    g_assert_null(explain_check_id(EXPLAIN_CHECK_COUNT));
    g_assert_cmpint(explain_check_severity(EXPLAIN_CHECK_NXTSEQ_AGREES), ==, EXPLAIN_SEVERITY_NOTE);
    g_assert_cmpstr(explain_note_key(EXPLAIN_NOTE_PSH), ==, "psh");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(scenarios); i++) {
        char *path = g_strdup_printf("/engine/scenario/%s", scenarios[i].name);
        g_test_add_data_func(path, &scenarios[i], run_scenario);
        g_free(path);
    }
    g_test_add_func("/engine/note-flow/books", test_note_flow_books);
    g_test_add_func("/engine/check-states", test_check_states);
    g_test_add_func("/engine/nxtseq-cross-check", test_nxtseq_cross_check);
    g_test_add_func("/engine/ipv6-direction", test_ipv6_direction);
    g_test_add_func("/engine/new-connection-same-ports", test_new_connection_same_ports);
    g_test_add_func("/engine/random-invariants", test_random_segments_keep_invariants);
    g_test_add_func("/engine/window-without-scale-option", test_window_without_scale_option);
    g_test_add_func("/engine/labels", test_labels);
    return g_test_run();
}
