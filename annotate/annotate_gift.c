/* annotate_gift.c - the quiz as Moodle GIFT. One question per blank of
 * the exercise sheet; its title "sS fF kind" names the stream, the frame
 * and the field, so a question can be traced to its packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_gift.h"

#include <inttypes.h>
#include <string.h>

#include "annotate_blanks.h"
#include "annotate_ladder.h"

void annotate_gift_escape(GString *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (strchr("~=#{}:\\", *p) != NULL) {
            g_string_append_c(out, '\\');
            g_string_append_c(out, *p);
        } else if (*p == '\n' || *p == '\r' || *p == '\t') {
            g_string_append_c(out, ' ');
        } else {
            g_string_append_c(out, *p);
        }
    }
}

/* The steps a student can choose from, in connection order. */
static const unsigned step_order[] = {
    EXPLAIN_STEP_SYN, EXPLAIN_STEP_SYN_ACK, EXPLAIN_STEP_HANDSHAKE_ACK, EXPLAIN_STEP_DATA,
    EXPLAIN_STEP_ACK, EXPLAIN_STEP_FIN, EXPLAIN_STEP_FIN_ACK, EXPLAIN_STEP_PASSIVE_FIN,
    EXPLAIN_STEP_LAST_ACK, EXPLAIN_STEP_RST,
};
#define STEP_CHOICES 4

/* What is asked, in words, about the sender of row. */
static void ask(GString *q, const annotate_ws_row_t *row, annotate_blank_t blank)
{
    const char *who = row->side == 0 ? "client" : "server";
    switch (blank) {
    case ANNOTATE_BLANK_SEQ:
        g_string_append_printf(q, "What sequence number (relative) does the %s put in frame %" PRIu32 "?",
                               who, row->frame);
        break;
    case ANNOTATE_BLANK_ACK:
        g_string_append_printf(q, "What acknowledgment number (relative) does the %s send in frame %"
                               PRIu32 "?", who, row->frame);
        break;
    case ANNOTATE_BLANK_LEN:
        g_string_append_printf(q, "How many bytes of payload does frame %" PRIu32 " carry?", row->frame);
        break;
    case ANNOTATE_BLANK_NEXT_SEQ:
        g_string_append_printf(q, "After frame %" PRIu32 ", what is the %s's next sequence number "
                               "(relative)?", row->frame, who);
        break;
    case ANNOTATE_BLANK_ACKED:
        g_string_append_printf(q, "How many new sequence numbers does frame %" PRIu32
                               " acknowledge (its ack minus the %s's previous ack)?", row->frame, who);
        break;
    default:
        g_string_append_printf(q, "Which step of the connection is frame %" PRIu32 "?", row->frame);
        break;
    }
}

/* The packets the student needs: the one before (if any, in full) and
 * this one with the asked field hidden. */
static void context(GString *q, const annotate_ws_stream_t *s, guint r, annotate_blank_t blank)
{
    const annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
    char label[160];
    char *client = annotate_ws_endpoint(&s->side[0]);
    char *server = annotate_ws_endpoint(&s->side[1]);
    g_string_append_printf(q, "TCP stream %" PRIu32 " (client %s, server %s). ", s->id, client, server);
    g_free(client);
    g_free(server);
    if (r > 0) {
        const annotate_ws_row_t *before = &g_array_index(s->rows, annotate_ws_row_t, r - 1);
        annotate_ladder_label(before, 0, label, sizeof label);
        g_string_append_printf(q, "Frame %" PRIu32 ", %s to %s: %s. ", before->frame,
                               before->side == 0 ? "client" : "server",
                               before->side == 0 ? "server" : "client", label);
    }
    annotate_ladder_label(row, ANNOTATE_BLANK_BIT(blank), label, sizeof label);
    g_string_append_printf(q, "Frame %" PRIu32 ", %s to %s: %s. ", row->frame,
                           row->side == 0 ? "client" : "server", row->side == 0 ? "server" : "client",
                           label);
    if (blank == ANNOTATE_BLANK_ACKED && row->has_acked_new && row->ack_rel != row->acked_new)
        g_string_append_printf(q, "The %s's previous ack was %" PRIu32 ". ",
                               row->side == 0 ? "client" : "server", row->ack_rel - row->acked_new);
}

/* Appends one question. */
static void question(GString *out, const annotate_ws_stream_t *s, guint r, annotate_blank_t blank)
{
    const annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
    GString *text = g_string_new(NULL);
    context(text, s, r, blank);
    ask(text, row, blank);
    g_string_append_printf(out, "::s%" PRIu32 " f%" PRIu32 " %s::", s->id, row->frame,
                           annotate_blank_id(blank));
    annotate_gift_escape(out, text->str);
    g_string_free(text, TRUE);
    uint32_t n;
    if (annotate_blank_number(row, blank, &n)) {
        g_string_append_printf(out, " {#\n    =%" PRIu32 ":0#", n);
        annotate_gift_escape(out, row->explanation);
        g_string_append(out, "\n}\n\n");
        return;
    }
    /* Multiple choice: the right step and the next ones in connection
     * order (wrapping round), the right one at a place set by the frame. */
    const char *choices[STEP_CHOICES];
    size_t right = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(step_order); i++)
        if (step_order[i] == row->step)
            right = i;
    size_t place = row->frame % STEP_CHOICES;
    for (size_t c = 0, k = 1; c < STEP_CHOICES; c++) {
        if (c == place)
            choices[c] = annotate_ws_step_words(row->step);
        else
            choices[c] = annotate_ws_step_words(step_order[(right + 3 * k++) % G_N_ELEMENTS(step_order)]);
    }
    g_string_append(out, " {\n");
    for (size_t c = 0; c < STEP_CHOICES; c++) {
        g_string_append(out, c == place ? "    =" : "    ~");
        annotate_gift_escape(out, choices[c]);
        g_string_append_c(out, '#');
        annotate_gift_escape(out, row->explanation);
        g_string_append_c(out, '\n');
    }
    g_string_append(out, "}\n\n");
}

bool annotate_gift_write(const annotate_ws_view_t *view, FILE *out)
{
    GString *g = g_string_new(NULL);
    g_string_append(g, "// TCP quiz: ");
    annotate_gift_escape(g, view->name);
    g_string_append(g, "\n// Written by tcp-explain-annotate --quiz gift. In Moodle: Question bank >"
                       " Import > GIFT format.\n// Numbers are relative: each side counts from its "
                       "own initial sequence number, 0.\n\n");
    for (size_t i = 0; i < view->stream_count; i++) {
        const annotate_ws_stream_t *s = view->streams[i];
        for (guint r = 0; r < s->rows->len; r++) {
            const annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
            uint32_t blanks = annotate_blanks_for_row(row, view->config->blanks);
            for (unsigned b = 0; b < ANNOTATE_BLANK_COUNT; b++)
                if (blanks & ANNOTATE_BLANK_BIT(b))
                    question(g, s, r, (annotate_blank_t)b);
        }
    }
    bool ok = fwrite(g->str, 1, g->len, out) == g->len;
    g_string_free(g, TRUE);
    return ok;
}
