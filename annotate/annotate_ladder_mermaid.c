/* annotate_ladder_mermaid.c - the ladder of one stream as a Mermaid
 * sequenceDiagram, which GitLab, GitHub and many editors draw from a
 * ```mermaid block. Mermaid cannot colour single arrows, so special
 * packets sit on a coloured band (rect) and a lost range is an arrow that
 * ends in a cross (--x).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_ladder.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "annotate_blanks.h"

/* The band behind a kind of packet (rgba of its SVG colour). */
static const char *band(annotate_arrow_kind_t kind)
{
    switch (kind) {
    case ANNOTATE_ARROW_RESENT:  return "rgba(217, 72, 15, 0.18)";
    case ANNOTATE_ARROW_DUP_ACK: return "rgba(28, 126, 214, 0.18)";
    case ANNOTATE_ARROW_RESET:   return "rgba(156, 54, 181, 0.18)";
    case ANNOTATE_ARROW_MISSING: return "rgba(224, 49, 49, 0.18)";
    default:                     return NULL;
    }
}

/* Appends text for a message or note: Mermaid reads ';' and '#' as
 * syntax and '<' '>' as markup, so they become its #code; entities, and
 * a line break becomes a space. */
static void escape(GString *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case ';':  g_string_append(out, "#59;"); break;
        case '#':  g_string_append(out, "#35;"); break;
        case '<':  g_string_append(out, "#60;"); break;
        case '>':  g_string_append(out, "#62;"); break;
        case '%':  g_string_append(out, "#37;"); break;
        case '\n': case '\r': case '\t': g_string_append_c(out, ' '); break;
        default:   g_string_append_c(out, *p); break;
        }
    }
}

/* One packet: "C->>S: [PSH,ACK] seq=1 ack=1 len=34<br/>frame 4 at 3.512460 s, data". */
static void message(GString *out, const annotate_ws_row_t *row, double t0,
                    const annotate_ladder_opts_t *opts)
{
    uint32_t blanks = opts->exercise ? annotate_blanks_for_row(row, opts->blanks) : 0;
    annotate_arrow_kind_t kind = annotate_ladder_kind(row);
    const char *colour = band(kind);
    if (colour != NULL)
        g_string_append_printf(out, "    rect %s\n", colour);
    char label[160];
    annotate_ladder_label(row, blanks, label, sizeof label);
    g_string_append_printf(out, "%s    %s%s%s: ", colour ? "    " : "", row->side == 0 ? "C" : "S",
                           kind == ANNOTATE_ARROW_RESENT ? "-->>" : "->>", row->side == 0 ? "S" : "C");
    escape(out, label);
    g_string_append_printf(out, "<br/>frame %" PRIu32, row->frame);
    if (row->has_time) {
        char when[48];
        snprintf(when, sizeof when, " at %.6f s", row->time - t0);
        g_string_append(out, when);
    }
    g_string_append(out, ", ");
    escape(out, annotate_ladder_step(row, blanks));
    if (kind == ANNOTATE_ARROW_RESENT && blanks == 0)
        g_string_append(out, " (retransmission)");
    else if (kind == ANNOTATE_ARROW_DUP_ACK && blanks == 0)
        g_string_append(out, " (duplicate ACK)");
    if (row->has_rtt) {
        char rtt[32];
        annotate_ladder_seconds(row->rtt, rtt, sizeof rtt);
        g_string_append_printf(out, ", RTT %s", rtt);
    }
    g_string_append(out, "\n");
    if (colour != NULL)
        g_string_append(out, "    end\n");
}

void annotate_ladder_mermaid(GString *out, const annotate_ws_stream_t *s,
                             const annotate_ladder_opts_t *opts)
{
    guint head_end, tail_start, rows = annotate_ladder_rows(s);
    annotate_ladder_span(s, opts->packets, &head_end, &tail_start);
    char *client = annotate_ws_endpoint(&s->side[0]);
    char *server = annotate_ws_endpoint(&s->side[1]);
    g_string_append(out, "sequenceDiagram\n");
    g_string_append_printf(out, "    %%%% TCP stream %" PRIu32 ". Bands: orange retransmission, "
                           "blue duplicate ACK, purple reset, red sequence numbers never seen.\n",
                           s->id);
    g_string_append(out, "    participant C as client ");
    escape(out, client);
    g_string_append(out, "\n    participant S as server ");
    escape(out, server);
    g_string_append(out, "\n");
    g_free(client);
    g_free(server);

    /* An idle time counts as long like in the SVG: over three times the
     * median spacing of the drawn packets. */
    double t0 = 0.0;
    bool have_t0 = false;
    const annotate_ws_row_t *previous = NULL;
    double median = annotate_ladder_median_gap(s, head_end, tail_start);

    for (guint r = 0; r < rows; r++) {
        if (r == head_end && head_end < tail_start) {
            const annotate_ws_row_t *a = annotate_ladder_row(s, head_end);
            const annotate_ws_row_t *b = annotate_ladder_row(s, tail_start - 1);
            g_string_append_printf(out, "    Note over C,S: \u22ee %u packets not drawn (frames %"
                                   PRIu32 "\u2013%" PRIu32 ")\n",
                                   tail_start - head_end, a->frame, b->frame);
            r = tail_start;
            previous = NULL;
        }
        const annotate_ws_row_t *row = annotate_ladder_row(s, r);
        if (!have_t0 && row->has_time) {
            t0 = row->time;
            have_t0 = true;
        }
        if (previous != NULL && previous->has_time && row->has_time && median > 0.0) {
            double dt = row->time - previous->time;
            if (dt > 3.0 * median) {
                char secs[32];
                annotate_ladder_seconds(dt, secs, sizeof secs);
                g_string_append_printf(out, "    Note over C,S: \u2248 %s later\n", secs);
            }
        }
        if (row->gap_before && row->gap_to > row->gap_from) {
            g_string_append_printf(out, "    rect %s\n", band(ANNOTATE_ARROW_MISSING));
            g_string_append_printf(out, "        %s--x%s: seq=%" PRIu32 "\u2026%" PRIu32 " (%" PRIu32
                                   ") never seen in the capture\n    end\n",
                                   row->side == 0 ? "C" : "S", row->side == 0 ? "S" : "C",
                                   row->gap_from, row->gap_to - 1, row->gap_to - row->gap_from);
        }
        message(out, row, t0, opts);
        previous = row;
    }
}
