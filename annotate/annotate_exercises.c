/* annotate_exercises.c - exercise sheets and answer keys, in HTML (like
 * the worksheet: one self-contained page) or Markdown. Every answer is a
 * field of the packet it is about (annotate_blanks.c): nothing here
 * computes TCP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_exercises.h"

#include <inttypes.h>
#include <string.h>

#include "annotate_blanks.h"
#include "annotate_escape.h"
#include "annotate_ladder.h"

static const char html_style[] =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;"
    "font-size:11pt;line-height:1.4;color:#111;margin:1.5em auto;max-width:80em;padding:0 1em}\n"
    "h1{font-size:1.5em;margin:0 0 .3em}\n"
    "h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #999}\n"
    "table{border-collapse:collapse;width:100%;font-size:.92em}\n"
    "th,td{border:1px solid #999;padding:.25em .45em;vertical-align:top;text-align:left}\n"
    "th{background:#eee}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.flow{font-family:ui-monospace,\"DejaVu Sans Mono\",Consolas,monospace;white-space:nowrap}\n"
    "td.blank{background:#fff9db}\n"
    "figure.ladder{margin:.6em 0 1em}figure.ladder svg{max-width:100%;height:auto}\n"
    "ol.questions li{margin:.2em 0 .9em}\n"
    "p.reasoning{border-bottom:1px solid #555;height:1.6em;margin:.2em 0}\n"
    "p.answer strong{color:#0b7285}\n"
    "@media print{body{font-size:9.5pt;margin:0;max-width:none}"
    "section.stream{break-before:page}section.stream:first-of-type{break-before:auto}"
    "tr,li{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "@page{margin:12mm}\n";

/* One question: a blank of a row. */
typedef struct {
    const annotate_ws_row_t *row;
    annotate_blank_t         blank;
    unsigned                 number;   /* 1, 2, ... over the whole sheet */
} question_t;

/* The table columns a blank empties. */
static bool column_blanked(int column, uint32_t blanks)
{
#define HAS(b) ((blanks & ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_##b)) != 0)
    switch (column) {
    case ANNOTATE_COL_SEQ: case ANNOTATE_COL_SEQ_RAW: return HAS(SEQ);
    case ANNOTATE_COL_ACK: case ANNOTATE_COL_ACK_RAW: return HAS(ACK);
    case ANNOTATE_COL_LEN:                            return HAS(LEN);
    case ANNOTATE_COL_NXTSEQ:                         return HAS(NEXT_SEQ);
    default:                                          return false;
    }
#undef HAS
}

/* The question's words: "Frame 5 (client <-[ACK]- server), ack: Acknowledgment number (relative)". */
static char *question_text(const question_t *q)
{
    char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX];
    annotate_ws_cells(q->row, cells);
    return g_strdup_printf("Frame %" PRIu32 " (%s) \u2014 %s", q->row->frame, cells[ANNOTATE_COL_FLOW],
                           annotate_blank_question(q->blank));
}

/* How the answer follows, when it is more than reading a field. */
static char *derivation(const question_t *q)
{
    const annotate_ws_row_t *r = q->row;
    if (q->blank == ANNOTATE_BLANK_ACKED && r->has_acked_new)
        return g_strdup_printf("ack %" PRIu32 " minus this side's previous ack %" PRIu32,
                               r->ack_rel, r->ack_rel - r->acked_new);
    if (q->blank == ANNOTATE_BLANK_NEXT_SEQ && r->has_nxtseq) {
        GString *s = g_string_new(NULL);
        g_string_append_printf(s, "seq %" PRIu32 " + len %" PRIu32, r->seq_rel, r->len);
        if (r->flags & EXPLAIN_TH_SYN)
            g_string_append(s, " + 1 for the SYN");
        if (r->flags & EXPLAIN_TH_FIN)
            g_string_append(s, " + 1 for the FIN");
        return g_string_free(s, FALSE);
    }
    return NULL;
}

/* Collects the questions of a stream's drawn-or-not rows, numbering on
 * from *next. */
static GArray *questions_of(const annotate_ws_stream_t *s, uint32_t chosen, unsigned *next)
{
    GArray *qs = g_array_new(FALSE, FALSE, sizeof(question_t));
    for (guint r = 0; r < s->rows->len; r++) {
        const annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
        uint32_t blanks = annotate_blanks_for_row(row, chosen);
        for (unsigned b = 0; b < ANNOTATE_BLANK_COUNT; b++) {
            if (blanks & ANNOTATE_BLANK_BIT(b)) {
                question_t q = { row, (annotate_blank_t)b, (*next)++ };
                g_array_append_val(qs, q);
            }
        }
    }
    return qs;
}

/* The first question number of a row, or 0. */
static unsigned first_question(const GArray *qs, const annotate_ws_row_t *row)
{
    for (guint i = 0; i < qs->len; i++)
        if (g_array_index(qs, question_t, i).row == row)
            return g_array_index(qs, question_t, i).number;
    return 0;
}

static const char sheet_intro[] =
    "Fill in each blank (" ANNOTATE_BLANK_MARK ") in the ladder and the table, then answer the "
    "questions below them and write your reasoning on the line. Numbers are relative: each side "
    "counts from its own initial sequence number (ISN), which is 0. Next seq = Seq + Len, plus 1 "
    "for a SYN and 1 for a FIN.";
static const char key_intro[] =
    "The answers to the exercise sheet, each with the explanation of its packet. Every answer is "
    "the value Wireshark and the tcp-explain plugin give for that packet.";

/* ---- HTML ---- */

static void html_stream(GString *h, const annotate_ws_view_t *view, const annotate_ws_stream_t *s,
                        bool answers, unsigned *next)
{
    uint32_t chosen = view->config->blanks;
    GArray *qs = questions_of(s, chosen, next);
    char *heading = annotate_ws_stream_heading(s);
    g_string_append_printf(h, "<section class=\"stream\" id=\"stream-%" PRIu32 "\">\n", s->id);
    annotate_html_element(h, "h2", NULL, heading);
    g_string_append_c(h, '\n');
    g_free(heading);
    annotate_ladder_opts_t ladder = {
        .packets = view->config->ladder_packets,
        .exercise = !answers,
        .blanks = chosen,
        .links = true,
    };
    g_string_append(h, "<figure class=\"ladder\">\n");
    annotate_ladder_svg(h, s, &ladder);
    g_string_append(h, "</figure>\n<table>\n<thead><tr>");
    for (int c = 0; c < ANNOTATE_COL_COUNT; c++) {
        g_string_append(h, "<th>");
        annotate_escape_html(h, annotate_ws_headings[c]);
        g_string_append(h, "</th>");
    }
    g_string_append(h, "</tr></thead>\n<tbody>\n");
    for (guint r = 0; r < s->rows->len; r++) {
        const annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
        uint32_t blanks = annotate_blanks_for_row(row, chosen);
        char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX];
        annotate_ws_cells(row, cells);
        char anchor[48];
        annotate_ladder_anchor(s->id, row->frame, anchor, sizeof anchor);
        g_string_append_printf(h, "<tr id=\"%s\"><td class=\"flow\">", anchor);
        annotate_escape_html(h, cells[ANNOTATE_COL_FLOW]);
        g_string_append(h, "</td>");
        for (int c = ANNOTATE_COL_FRAME; c < ANNOTATE_COL_EXPLANATION; c++) {
            bool blank = column_blanked(c, blanks);
            g_string_append_printf(h, "<td class=\"num%s\">", blank ? " blank" : "");
            if (blank && answers)
                g_string_append(h, "<strong>");
            annotate_escape_html(h, blank && !answers ? ANNOTATE_BLANK_MARK : cells[c]);
            if (blank && answers)
                g_string_append(h, "</strong>");
            g_string_append(h, "</td>");
        }
        unsigned q = first_question(qs, row);
        if (q != 0 && !answers)
            g_string_append_printf(h, "<td class=\"blank\">see question %u</td></tr>\n", q);
        else {
            g_string_append(h, "<td>");
            annotate_escape_html(h, row->explanation);
            g_string_append(h, "</td></tr>\n");
        }
    }
    g_string_append(h, "</tbody>\n</table>\n");
    if (qs->len > 0) {
        g_string_append_printf(h, "<h3>Questions</h3>\n<ol class=\"questions\" start=\"%u\">\n",
                               g_array_index(qs, question_t, 0).number);
        for (guint i = 0; i < qs->len; i++) {
            const question_t *q = &g_array_index(qs, question_t, i);
            char *words = question_text(q);
            g_string_append(h, "<li>");
            annotate_escape_html(h, words);
            g_free(words);
            char answer[128];
            annotate_blank_answer(q->row, q->blank, answer, sizeof answer);
            if (answers) {
                g_string_append(h, "<p class=\"answer\">Answer: <strong>");
                annotate_escape_html(h, answer);
                g_string_append(h, "</strong>");
                char *how = derivation(q);
                if (how != NULL) {
                    g_string_append(h, " (");
                    annotate_escape_html(h, how);
                    g_string_append(h, ")");
                    g_free(how);
                }
                g_string_append(h, "</p><p class=\"explanation\">");
                annotate_escape_html(h, q->row->explanation);
                g_string_append(h, "</p>");
            } else {
                g_string_append(h, ": " ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK
                                   "<p class=\"reasoning\">Reasoning:</p>");
            }
            g_string_append(h, "</li>\n");
        }
        g_string_append(h, "</ol>\n");
    }
    g_string_append(h, "</section>\n");
    g_array_free(qs, TRUE);
}

static GString *html_document(const annotate_ws_view_t *view, bool answers)
{
    GString *h = g_string_new(NULL);
    char *title = g_strdup_printf("TCP exercises%s: %s", answers ? " \u2014 answers" : "", view->name);
    g_string_append(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"tcp-explain-annotate\">\n<title>");
    annotate_escape_html(h, title);
    g_string_append_printf(h, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_style);
    annotate_html_element(h, "h1", NULL, title);
    g_string_append_c(h, '\n');
    g_free(title);
    annotate_html_element(h, "p", "intro", answers ? key_intro : sheet_intro);
    g_string_append_c(h, '\n');
    if (!answers)
        g_string_append(h, "<p class=\"student\">Name: ________________________________</p>\n");
    if (view->stream_count == 0)
        g_string_append(h, "<p>No TCP packets to show.</p>\n");
    unsigned next = 1;
    for (size_t i = 0; i < view->stream_count; i++)
        html_stream(h, view, view->streams[i], answers, &next);
    g_string_append(h, "</body>\n</html>\n");
    return h;
}

/* ---- Markdown ---- */

static void md_stream(GString *md, const annotate_ws_view_t *view, const annotate_ws_stream_t *s,
                      bool answers, unsigned *next)
{
    uint32_t chosen = view->config->blanks;
    GArray *qs = questions_of(s, chosen, next);
    char *heading = annotate_ws_stream_heading(s);
    g_string_append(md, "## ");
    annotate_escape_markdown(md, heading);
    g_string_append(md, "\n\n```mermaid\n");
    g_free(heading);
    annotate_ladder_opts_t ladder = {
        .packets = view->config->ladder_packets,
        .exercise = !answers,
        .blanks = chosen,
    };
    annotate_ladder_mermaid(md, s, &ladder);
    g_string_append(md, "```\n\n|");
    for (int c = 0; c < ANNOTATE_COL_COUNT; c++)
        g_string_append_printf(md, " %s |", annotate_ws_headings[c]);
    g_string_append(md, "\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (guint r = 0; r < s->rows->len; r++) {
        const annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
        uint32_t blanks = annotate_blanks_for_row(row, chosen);
        char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX];
        annotate_ws_cells(row, cells);
        g_string_append_printf(md, "| `%s` | ", cells[ANNOTATE_COL_FLOW]);
        for (int c = ANNOTATE_COL_FRAME; c < ANNOTATE_COL_EXPLANATION; c++) {
            bool blank = column_blanked(c, blanks);
            if (blank && answers)
                g_string_append(md, "**");
            annotate_escape_markdown(md, blank && !answers ? ANNOTATE_BLANK_MARK : cells[c]);
            if (blank && answers)
                g_string_append(md, "**");
            g_string_append(md, " | ");
        }
        unsigned q = first_question(qs, row);
        if (q != 0 && !answers)
            g_string_append_printf(md, "see question %u |\n", q);
        else {
            annotate_escape_markdown(md, row->explanation);
            g_string_append(md, " |\n");
        }
    }
    if (qs->len > 0)
        g_string_append(md, "\n**Questions**\n\n");
    for (guint i = 0; i < qs->len; i++) {
        const question_t *q = &g_array_index(qs, question_t, i);
        char *words = question_text(q);
        g_string_append_printf(md, "%u. ", q->number);
        annotate_escape_markdown(md, words);
        g_free(words);
        char answer[128];
        annotate_blank_answer(q->row, q->blank, answer, sizeof answer);
        if (answers) {
            g_string_append(md, "  \n   Answer: **");
            annotate_escape_markdown(md, answer);
            g_string_append(md, "**");
            char *how = derivation(q);
            if (how != NULL) {
                g_string_append(md, " (");
                annotate_escape_markdown(md, how);
                g_string_append(md, ")");
                g_free(how);
            }
            g_string_append(md, "  \n   ");
            annotate_escape_markdown(md, q->row->explanation);
            g_string_append(md, "\n");
        } else {
            g_string_append(md, ": ");
            annotate_escape_markdown(md, ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK);
            g_string_append(md, "  \n   Reasoning: ");
            annotate_escape_markdown(md, ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK
                                     ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK);
            g_string_append(md, "\n");
        }
    }
    g_string_append(md, "\n");
    g_array_free(qs, TRUE);
}

static GString *md_document(const annotate_ws_view_t *view, bool answers)
{
    GString *md = g_string_new("# ");
    char *title = g_strdup_printf("TCP exercises%s: %s", answers ? " \u2014 answers" : "", view->name);
    annotate_escape_markdown(md, title);
    g_free(title);
    g_string_append(md, "\n\n");
    annotate_escape_markdown(md, answers ? key_intro : sheet_intro);
    g_string_append(md, "\n\n");
    if (!answers) {
        g_string_append(md, "Name: ");
        annotate_escape_markdown(md, ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK
                                 ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK ANNOTATE_BLANK_MARK);
        g_string_append(md, "\n\n");
    }
    if (view->stream_count == 0)
        g_string_append(md, "No TCP packets to show.\n\n");
    unsigned next = 1;
    for (size_t i = 0; i < view->stream_count; i++)
        md_stream(md, view, view->streams[i], answers, &next);
    if (md->len >= 2 && md->str[md->len - 1] == '\n' && md->str[md->len - 2] == '\n')
        g_string_truncate(md, md->len - 1);
    return md;
}

bool annotate_exercises_write(const annotate_ws_view_t *view, annotate_worksheet_format_t format,
                              bool answers, FILE *out)
{
    GString *doc = format == ANNOTATE_WORKSHEET_MD ? md_document(view, answers)
                                                   : html_document(view, answers);
    bool ok = fwrite(doc->str, 1, doc->len, out) == doc->len;
    g_string_free(doc, TRUE);
    return ok;
}
