/* test_ladder.c - unit tests of the teaching outputs of
 * tcp-explain-annotate: blanks, ladder labels and spans, the SVG and
 * Mermaid drawings of made-up streams, GIFT escaping and questions.
 * No tshark: packets are built here, as annotate_fields.c would fill them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "annotate_blanks.h"
#include "annotate_gift.h"
#include "annotate_ladder.h"
#include "annotate_worksheet.h"

/* A packet of stream 0 between 10.0.0.1:1000 (client) and 10.0.0.2:80. */
static annotate_packet_t packet(uint32_t frame, bool from_client, uint16_t flags, uint8_t step,
                                uint32_t seq, uint32_t ack, uint32_t len, double t)
{
    annotate_packet_t p = {
        .frame = frame, .is_tcp = true, .explained = true, .stream = 0,
        .src_addr = from_client ? "10.0.0.1" : "10.0.0.2",
        .dst_addr = from_client ? "10.0.0.2" : "10.0.0.1",
        .src_port = from_client ? 1000 : 80, .dst_port = from_client ? 80 : 1000,
        .flags = flags, .role = from_client ? EXPLAIN_ROLE_CLIENT : EXPLAIN_ROLE_SERVER,
        .step = step, .seq_rel = seq, .ack_rel = ack, .len = len,
        .has_ack = (flags & EXPLAIN_TH_ACK) != 0, .has_ack_rel = (flags & EXPLAIN_TH_ACK) != 0,
        .has_nxtseq = true,
        .nxtseq = seq + len + ((flags & EXPLAIN_TH_SYN) ? 1 : 0) + ((flags & EXPLAIN_TH_FIN) ? 1 : 0),
        .has_time = true, .time_rel = t,
        .summary = "a summary with ~ = # { } : in it", .text = "",
    };
    return p;
}

#define SYN EXPLAIN_TH_SYN
#define ACK EXPLAIN_TH_ACK
#define PSH EXPLAIN_TH_PSH
#define RST EXPLAIN_TH_RST

/* Handshake, data 1..100, a gap 101..200, data 201..300 (lost_before),
 * a duplicate ACK, the retransmission of 101, a reset. */
static annotate_worksheet_t *events_worksheet(void)
{
    annotate_worksheet_t *ws = annotate_worksheet_new("unit", false);
    annotate_packet_t ps[] = {
        packet(1, true, SYN, EXPLAIN_STEP_SYN, 0, 0, 0, 0.0),
        packet(2, false, SYN | ACK, EXPLAIN_STEP_SYN_ACK, 0, 1, 0, 0.01),
        packet(3, true, ACK, EXPLAIN_STEP_HANDSHAKE_ACK, 1, 1, 0, 0.02),
        packet(4, true, PSH | ACK, EXPLAIN_STEP_DATA, 1, 1, 100, 0.03),
        packet(5, false, ACK, EXPLAIN_STEP_ACK, 1, 101, 0, 0.04),
        packet(6, true, PSH | ACK, EXPLAIN_STEP_DATA, 201, 1, 100, 0.05),
        packet(7, false, ACK, EXPLAIN_STEP_ACK, 1, 101, 0, 0.06),
        packet(8, true, PSH | ACK, EXPLAIN_STEP_DATA, 101, 1, 100, 9.0),
        packet(9, true, RST | ACK, EXPLAIN_STEP_RST, 301, 1, 0, 9.01),
    };
    ps[5].lost_before = true;
    ps[6].dup_ack = true;
    ps[7].retransmission = true;
    for (size_t i = 0; i < G_N_ELEMENTS(ps); i++)
        annotate_worksheet_add(ws, &ps[i], true);
    return ws;
}

static const annotate_config_t default_config = { .jobs = 1 };

static void test_blanks_parse(void)
{
    uint32_t mask = 0;
    g_assert_true(annotate_blanks_parse("next_seq,ack", &mask));
    g_assert_cmpuint(mask, ==, ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_NEXT_SEQ) |
                               ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK));
    g_assert_true(annotate_blanks_parse("bytes_acked", &mask));
    g_assert_cmpuint(mask, ==, ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACKED));
    g_assert_true(annotate_blanks_parse(" step ", &mask));
    g_assert_cmpuint(mask, ==, ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_STEP));
    uint32_t kept = mask;
    g_assert_false(annotate_blanks_parse("nextseq", &mask));
    g_assert_false(annotate_blanks_parse("", &mask));
    g_assert_false(annotate_blanks_parse("ack,", &mask));
    g_assert_cmpuint(mask, ==, kept);
}

static void test_blanks_rows(void)
{
    annotate_worksheet_t *ws = events_worksheet();
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, &default_config, 9);
    g_assert_cmpuint(view->stream_count, ==, 1);
    GArray *rows = view->streams[0]->rows;
    const annotate_ws_row_t *syn = &g_array_index(rows, annotate_ws_row_t, 0);
    const annotate_ws_row_t *ack5 = &g_array_index(rows, annotate_ws_row_t, 4);
    const annotate_ws_row_t *dup7 = &g_array_index(rows, annotate_ws_row_t, 6);
    const annotate_ws_row_t *rst = &g_array_index(rows, annotate_ws_row_t, 8);
    /* defaults per step */
    g_assert_cmpuint(annotate_blanks_for_row(syn, 0), ==, ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_NEXT_SEQ));
    g_assert_cmpuint(annotate_blanks_for_row(ack5, 0), ==,
                     ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK) | ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACKED));
    g_assert_cmpuint(annotate_blanks_for_row(rst, 0), ==, ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_STEP));
    /* a SYN has no ack to blank */
    g_assert_cmpuint(annotate_blanks_for_row(syn, ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK)), ==, 0);
    /* answers are the row's fields; acked against the side's previous ack */
    uint32_t n;
    g_assert_true(annotate_blank_number(ack5, ANNOTATE_BLANK_ACKED, &n));
    g_assert_cmpuint(n, ==, 100);   /* 101 - 1 (the SYN-ACK's ack) */
    g_assert_true(annotate_blank_number(dup7, ANNOTATE_BLANK_ACKED, &n));
    g_assert_cmpuint(n, ==, 0);     /* the duplicate ACK acknowledges nothing new */
    g_assert_true(annotate_blank_number(syn, ANNOTATE_BLANK_NEXT_SEQ, &n));
    g_assert_cmpuint(n, ==, 1);
    char answer[64];
    g_assert_true(annotate_blank_answer(rst, ANNOTATE_BLANK_STEP, answer, sizeof answer));
    g_assert_cmpstr(answer, ==, "RST");
    g_assert_false(annotate_blank_number(rst, ANNOTATE_BLANK_STEP, &n));
    annotate_worksheet_view_free(view);
    annotate_worksheet_free(ws);
}

static void test_ladder_rows(void)
{
    annotate_worksheet_t *ws = events_worksheet();
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, &default_config, 9);
    const annotate_ws_stream_t *s = view->streams[0];
    const annotate_ws_row_t *r = (const annotate_ws_row_t *)s->rows->data;
    g_assert_cmpint(annotate_ladder_kind(&r[0]), ==, ANNOTATE_ARROW_NORMAL);
    g_assert_cmpint(annotate_ladder_kind(&r[6]), ==, ANNOTATE_ARROW_DUP_ACK);
    g_assert_cmpint(annotate_ladder_kind(&r[7]), ==, ANNOTATE_ARROW_RESENT);
    g_assert_cmpint(annotate_ladder_kind(&r[8]), ==, ANNOTATE_ARROW_RESET);
    /* the gap before frame 6: the client's highest next seq was 101 */
    g_assert_true(r[5].gap_before);
    g_assert_cmpuint(r[5].gap_from, ==, 101);
    g_assert_cmpuint(r[5].gap_to, ==, 201);
    char label[160];
    annotate_ladder_label(&r[0], 0, label, sizeof label);
    g_assert_cmpstr(label, ==, "[SYN] seq=0 len=0");
    annotate_ladder_label(&r[4], ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK), label, sizeof label);
    g_assert_cmpstr(label, ==, "[ACK] seq=1 ack=____ len=0");
    annotate_ladder_label(&r[3], 0, label, sizeof label);
    g_assert_cmpstr(label, ==, "[PSH,ACK] seq=1 ack=1 len=100");
    g_assert_cmpstr(annotate_ladder_step(&r[8], ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_STEP)), ==, "step ____");
    guint head, tail;
    annotate_ladder_span(s, 0, &head, &tail);
    g_assert_cmpuint(head, ==, 9);
    g_assert_cmpuint(tail, ==, 9);
    annotate_ladder_span(s, 4, &head, &tail);   /* 9 > 2 * 4 */
    g_assert_cmpuint(head, ==, 4);
    g_assert_cmpuint(tail, ==, 5);
    char seconds[32];
    annotate_ladder_seconds(3.5124, seconds, sizeof seconds);
    g_assert_cmpstr(seconds, ==, "3.51 s");
    annotate_ladder_seconds(0.0003, seconds, sizeof seconds);
    g_assert_cmpstr(seconds, ==, "300 \u00b5s");
    annotate_worksheet_view_free(view);
    annotate_worksheet_free(ws);
}

/* How many times needle occurs in haystack. */
static unsigned count(const char *haystack, const char *needle)
{
    unsigned n = 0;
    for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_svg(void)
{
    annotate_worksheet_t *ws = events_worksheet();
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, &default_config, 9);
    GString *svg = g_string_new(NULL);
    annotate_ladder_opts_t opts = { .links = true, .standalone = true };
    annotate_ladder_svg(svg, view->streams[0], &opts);
    g_assert_true(g_str_has_prefix(svg->str, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    g_assert_cmpuint(count(svg->str, "<g class=\"arrow "), ==, 10);   /* 9 packets + the gap */
    g_assert_cmpuint(count(svg->str, "<g class=\"arrow missing\""), ==, 1);
    g_assert_cmpuint(count(svg->str, "<g class=\"arrow resent\""), ==, 1);
    g_assert_cmpuint(count(svg->str, "<g class=\"arrow dupack\""), ==, 1);
    g_assert_cmpuint(count(svg->str, "<g class=\"arrow reset\""), ==, 1);
    g_assert_cmpuint(count(svg->str, "<a href=\"#s0-f"), ==, 9);
    g_assert_nonnull(strstr(svg->str, "seq=101\u2026200 (100) never seen"));
    /* 8.94 s between frames 7 and 8, far over 3 x the median 0.01 s */
    g_assert_nonnull(strstr(svg->str, "\u2248 8.94 s later"));
    /* special characters of the summary are escaped */
    g_assert_null(strstr(svg->str, "<script"));
    g_assert_cmpuint(count(svg->str, "</svg>"), ==, 1);
    g_string_free(svg, TRUE);

    /* first and last 2: an elision mark for frames 3-7 */
    svg = g_string_new(NULL);
    opts.packets = 2;
    annotate_ladder_svg(svg, view->streams[0], &opts);
    g_assert_cmpuint(count(svg->str, "<g class=\"arrow "), ==, 4);
    g_assert_nonnull(strstr(svg->str, "\u22ee 5 packets not drawn (frames 3\u20137)"));
    g_string_free(svg, TRUE);
    annotate_worksheet_view_free(view);
    annotate_worksheet_free(ws);
}

static void test_mermaid(void)
{
    annotate_worksheet_t *ws = events_worksheet();
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, &default_config, 9);
    GString *m = g_string_new(NULL);
    annotate_ladder_opts_t opts = { 0 };
    annotate_ladder_mermaid(m, view->streams[0], &opts);
    g_assert_true(g_str_has_prefix(m->str, "sequenceDiagram\n"));
    g_assert_nonnull(strstr(m->str, "    participant C as client 10.0.0.1:1000\n"));
    g_assert_nonnull(strstr(m->str, "        C--xS: seq=101\u2026200 (100) never seen in the capture\n"));
    g_assert_nonnull(strstr(m->str, "        C-->>S: [PSH,ACK] seq=101 ack=1 len=100<br/>frame 8"));
    g_assert_cmpuint(count(m->str, "    rect "), ==, 4);
    g_assert_cmpuint(count(m->str, "    end\n"), ==, 4);
    g_assert_nonnull(strstr(m->str, "Note over C,S: \u2248 8.94 s later\n"));
    g_string_free(m, TRUE);
    annotate_worksheet_view_free(view);
    annotate_worksheet_free(ws);
}

static void test_gift_escape(void)
{
    GString *g = g_string_new(NULL);
    annotate_gift_escape(g, "a~b=c#d{e}f:g\\h\ni");
    g_assert_cmpstr(g->str, ==, "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h i");
    g_string_free(g, TRUE);
}

static void test_gift_questions(void)
{
    annotate_worksheet_t *ws = events_worksheet();
    annotate_config_t config = default_config;
    config.blanks = ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK) | ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_STEP);
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, &config, 9);
    char *buffer = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buffer, &size);
    g_assert_true(annotate_gift_write(view, f));
    fclose(f);
    /* ack for the 8 packets with ACK, step for all 9 */
    g_assert_cmpuint(count(buffer, "\n::s0 f"), ==, 17);
    g_assert_nonnull(strstr(buffer, "::s0 f5 ack::"));
    g_assert_nonnull(strstr(buffer, "{#\n    =101:0#a summary with \\~ \\= \\# \\{ \\} \\: in it\n}"));
    g_assert_nonnull(strstr(buffer, "::s0 f9 step::"));
    g_assert_null(strstr(buffer, "::s0 f1 ack::"));
    /* a step question has one right answer among four */
    const char *q = strstr(buffer, "::s0 f9 step::");
    const char *end = strstr(q, "\n}\n");
    char *block = g_strndup(q, (gsize)(end - q));
    g_assert_cmpuint(count(block, "\n    ="), ==, 1);
    g_assert_cmpuint(count(block, "\n    ~"), ==, 3);
    g_assert_nonnull(strstr(block, "\n    =RST#"));
    g_free(block);
    free(buffer);
    annotate_worksheet_view_free(view);
    annotate_worksheet_free(ws);
}

/* The worksheet as text: md or html. */
static char *render(const annotate_worksheet_t *ws, bool html)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    g_assert_nonnull(out);
    g_assert_true(annotate_worksheet_write(ws, html ? ANNOTATE_WORKSHEET_HTML
                                                    : ANNOTATE_WORKSHEET_MD,
                                           &default_config, 9, out));
    fclose(out);
    return buf;
}

/* Each stream's section ends with the plugin's summary, sentence by
 * sentence, or says why there is none. */
static void test_worksheet_summary(void)
{
    annotate_worksheet_t *ws = events_worksheet();   /* no packet carries a summary */
    char *md = render(ws, false);
    char *html = render(ws, true);
    g_assert_nonnull(strstr(md, "**Summary**\n\nNo summary: the explain plugin gave none"));
    g_assert_nonnull(strstr(html, "<h3>Summary</h3>\n<p class=\"summary\">No summary: the explain plugin gave none"));
    free(md);
    free(html);
    annotate_worksheet_free(ws);

    ws = annotate_worksheet_new("unit", false);
    annotate_packet_t a = packet(1, true, SYN, EXPLAIN_STEP_SYN, 0, 0, 0, 0.0);
    annotate_packet_t b = packet(2, false, SYN | ACK, EXPLAIN_STEP_SYN_ACK, 0, 1, 0, 0.01);
    b.stream_summary = "Stream summed up: 10.0 ms.\nRetransmissions: 0 <none>.";
    annotate_worksheet_add(ws, &a, true);
    annotate_worksheet_add(ws, &b, false);   /* not a row: still the stream's summary */
    md = render(ws, false);
    html = render(ws, true);
    g_assert_nonnull(strstr(md, "**Summary**\n\n- Stream summed up: 10.0 ms.\n- Retransmissions: 0 "));
    g_assert_null(strstr(md, "No summary"));
    g_assert_nonnull(strstr(html, "<li>Stream summed up: 10.0 ms.</li>\n<li>Retransmissions: 0 &lt;none&gt;.</li>"));
    free(md);
    free(html);
    annotate_worksheet_free(ws);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ladder/blanks/parse", test_blanks_parse);
    g_test_add_func("/ladder/blanks/rows", test_blanks_rows);
    g_test_add_func("/ladder/rows", test_ladder_rows);
    g_test_add_func("/ladder/svg", test_svg);
    g_test_add_func("/ladder/mermaid", test_mermaid);
    g_test_add_func("/ladder/gift/escape", test_gift_escape);
    g_test_add_func("/ladder/gift/questions", test_gift_questions);
    g_test_add_func("/ladder/worksheet/summary", test_worksheet_summary);
    return g_test_run();
}
