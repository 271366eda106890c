/* annotate_ladder_svg.c - the ladder of one stream as SVG: no script,
 * nothing fetched, the same element inline in the HTML worksheet and as a
 * file of its own.
 *
 * Layout, top to bottom: the two ends (address:port) over their lifelines;
 * one arrow per packet, its start at the packet's time stamp (left
 * column, seconds since the stream's first drawn packet), labelled with
 * flags and relative numbers above and the step below; the explanation in
 * the right column; the legend at the bottom. Time maps to height with a
 * minimum spacing (close packets stay readable) and a maximum: a longer
 * idle time is drawn as a broken axis with its length written on it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_ladder.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "annotate_blanks.h"
#include "annotate_escape.h"

enum {
    WIDTH = 1000,
    TIME_X = 96,          /* right edge of the time column */
    CLIENT_X = 180,
    SERVER_X = 560,
    NOTE_X = 584,         /* the explanation column */
    NOTE_CHARS = 62,      /* characters per explanation line */
    NOTE_LINES = 3,
    HEAD_Y = 12,
    HEAD_H = 40,
    TOP = 86,             /* first arrow */
    DROP = 16,            /* how far an arrow slants down */
    MIN_SPACING = 50,     /* between arrow starts */
    MAX_SPACING = 150,    /* longer idle times break the axis */
    BREAK_SPACING = 64,
    ELISION_SPACING = 60,
    LEGEND_LINE = 17,
};

/* Draws one arrow from (x1,y1) to (x2,y2) with a filled head at the end;
 * dash may be NULL. */
static void arrow(GString *out, double x1, double y1, double x2, double y2, const char *colour,
                  double width, const char *dash)
{
    g_string_append_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                           "stroke=\"%s\" stroke-width=\"%.1f\"%s%s%s/>",
                           x1, y1, x2, y2, colour, width, dash ? " stroke-dasharray=\"" : "",
                           dash ? dash : "", dash ? "\"" : "");
    double dx = x2 - x1, dy = y2 - y1;
    double len = sqrt(dx * dx + dy * dy);
    if (len <= 0.0)
        return;
    double ux = dx / len, uy = dy / len;
    double bx = x2 - 11.0 * ux, by = y2 - 11.0 * uy;
    g_string_append_printf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>",
                           x2, y2, bx - 4.5 * uy, by + 4.5 * ux, bx + 4.5 * uy, by - 4.5 * ux,
                           colour);
}

/* <text> with escaped content; attrs are extra attributes. */
static void text(GString *out, double x, double y, const char *attrs, const char *content)
{
    g_string_append_printf(out, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y, attrs[0] ? " " : "",
                           attrs);
    annotate_escape_html(out, content);
    g_string_append(out, "</text>");
}

/* Splits text into at most NOTE_LINES lines of NOTE_CHARS characters at
 * spaces; a cut-off text ends with an ellipsis. */
static GPtrArray *wrap(const char *content)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    gchar **words = g_strsplit_set(content, " \n\t", -1);
    GString *line = g_string_new(NULL);
    bool cut = false;
    for (gchar **w = words; *w != NULL; w++) {
        if (**w == '\0')
            continue;
        glong need = g_utf8_strlen(line->str, -1) + (line->len ? 1 : 0) + g_utf8_strlen(*w, -1);
        if (line->len > 0 && need > NOTE_CHARS) {
            if (lines->len + 1 == NOTE_LINES) {
                cut = true;
                break;
            }
            g_ptr_array_add(lines, g_string_free(line, FALSE));
            line = g_string_new(NULL);
        }
        if (line->len > 0)
            g_string_append_c(line, ' ');
        g_string_append(line, *w);
    }
    if (cut)
        g_string_append(line, " \u2026");
    if (line->len > 0)
        g_ptr_array_add(lines, g_string_free(line, FALSE));
    else
        g_string_free(line, TRUE);
    g_strfreev(words);
    return lines;
}

/* The broken-axis mark across both lifelines at y, with the idle time. */
static void axis_break(GString *out, double y, double seconds)
{
    for (int lane = 0; lane < 2; lane++) {
        double x = lane == 0 ? CLIENT_X : SERVER_X;
        g_string_append_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"10\" "
                               "fill=\"#fff\"/>", x - 8.0, y - 5.0);
        for (int k = -1; k <= 1; k += 2)
            g_string_append_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                                   "stroke=\"#555\" stroke-width=\"1.5\"/>",
                                   x - 9.0, y + 3.0 * k + 3.0, x + 9.0, y + 3.0 * k - 3.0);
    }
    char secs[32], label[96];
    annotate_ladder_seconds(seconds, secs, sizeof secs);
    snprintf(label, sizeof label, "\u2248 %s later", secs);
    text(out, (CLIENT_X + SERVER_X) / 2.0, y + 4.0,
         "class=\"gap\" text-anchor=\"middle\" font-style=\"italic\" fill=\"#555\"", label);
}

/* Appends one packet's arrow, labels, time and explanation at y. */
static void packet(GString *out, const annotate_ws_stream_t *s, const annotate_ws_row_t *row,
                   double y, double t0, const annotate_ladder_opts_t *opts)
{
    uint32_t blanks = opts->exercise ? annotate_blanks_for_row(row, opts->blanks) : 0;
    annotate_arrow_kind_t kind = annotate_ladder_kind(row);
    const char *colour = annotate_ladder_kind_colour(kind);
    double x1 = row->side == 0 ? CLIENT_X : SERVER_X;
    double x2 = row->side == 0 ? SERVER_X : CLIENT_X;
    char anchor[48];
    annotate_ladder_anchor(s->id, row->frame, anchor, sizeof anchor);
    g_string_append_printf(out, "<g class=\"arrow %s\" data-frame=\"%" PRIu32 "\" data-from=\"%s\">",
                           annotate_ladder_kind_css(kind), row->frame,
                           row->side == 0 ? "client" : "server");
    if (opts->links)
        g_string_append_printf(out, "<a href=\"#%s\">", anchor);
    g_string_append(out, "<title>");
    char title[64];
    snprintf(title, sizeof title, "Frame %" PRIu32 ": ", row->frame);
    annotate_escape_html(out, title);
    annotate_escape_html(out, blanks != 0 ? "see the table" : row->summary);
    g_string_append(out, "</title>");
    /* the arrow, drawn just short of the far lifeline */
    double tip = x2 + (x2 > x1 ? -2.0 : 2.0);
    arrow(out, x1, y, tip, y + DROP, colour, kind == ANNOTATE_ARROW_RESET ? 2.6 : 1.6,
          kind == ANNOTATE_ARROW_RESENT ? "9 4" : NULL);
    char label[160];
    annotate_ladder_label(row, blanks, label, sizeof label);
    double mid = (CLIENT_X + SERVER_X) / 2.0;
    g_string_append_printf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                           "font-family=\"DejaVu Sans Mono,Consolas,monospace\" font-size=\"12\" "
                           "fill=\"%s\">", mid, y + DROP / 2.0 - 10.0,
                           kind == ANNOTATE_ARROW_NORMAL ? "#111" : colour);
    annotate_escape_html(out, label);
    g_string_append(out, "</text>");
    char step[96];
    snprintf(step, sizeof step, "%s", annotate_ladder_step(row, blanks));
    if (kind != ANNOTATE_ARROW_NORMAL && kind != ANNOTATE_ARROW_RESET && blanks == 0) {
        size_t used = strlen(step);
        snprintf(step + used, sizeof step - used, " (%s)",
                 kind == ANNOTATE_ARROW_RESENT ? "retransmission" : "duplicate ACK");
    }
    text(out, mid, y + DROP / 2.0 + 15.0,
         "class=\"step\" text-anchor=\"middle\" font-style=\"italic\" font-size=\"11\" fill=\"#444\"",
         step);
    if (opts->links)
        g_string_append(out, "</a>");
    g_string_append(out, "</g>");
    if (row->has_time) {
        char when[48];
        snprintf(when, sizeof when, "%.6f s", row->time - t0);
        text(out, TIME_X, y + 4.0, "class=\"time\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\"",
             when);
    }
    /* The explanation column: the frame, the RTT when known, the summary
     * (not on a student's sheet: it gives the answers away). */
    GString *note = g_string_new(NULL);
    g_string_append_printf(note, "Frame %" PRIu32, row->frame);
    if (row->has_rtt) {
        char rtt[32];
        annotate_ladder_seconds(row->rtt, rtt, sizeof rtt);
        g_string_append_printf(note, " (RTT %s)", rtt);
    }
    if (!opts->exercise) {
        g_string_append(note, ": ");
        g_string_append(note, row->summary);
    }
    GPtrArray *lines = wrap(note->str);
    g_string_free(note, TRUE);
    g_string_append_printf(out, "<text class=\"note\" x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#222\">",
                           NOTE_X, y + 4.0);
    for (guint i = 0; i < lines->len; i++) {
        g_string_append_printf(out, "<tspan x=\"%d\" dy=\"%s\">", NOTE_X, i == 0 ? "0" : "13");
        annotate_escape_html(out, g_ptr_array_index(lines, i));
        g_string_append(out, "</tspan>");
    }
    g_string_append(out, "</text>\n");
    g_ptr_array_free(lines, TRUE);
}

/* The arrow that never arrives: sequence numbers from..to-1 of side
 * never appear in the capture. */
static void missing(GString *out, const annotate_ws_row_t *row, double y)
{
    const char *colour = annotate_ladder_kind_colour(ANNOTATE_ARROW_MISSING);
    double x1 = row->side == 0 ? CLIENT_X : SERVER_X;
    double x2 = row->side == 0 ? SERVER_X : CLIENT_X;
    double end = x1 + (x2 - x1) * 0.62;
    g_string_append(out, "<g class=\"arrow missing\">");
    g_string_append_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                           "stroke=\"%s\" stroke-width=\"1.6\" stroke-dasharray=\"5 4\"/>",
                           x1, y, end, y + DROP * 0.62, colour);
    double cy = y + DROP * 0.62;
    g_string_append_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"%s\" "
                           "stroke-width=\"2.4\"/>", end - 6, cy - 6, end + 6, cy + 6, end - 6,
                           cy + 6, end + 6, cy - 6, colour);
    char label[128];
    snprintf(label, sizeof label, "seq=%" PRIu32 "\u2026%" PRIu32 " (%" PRIu32 ") never seen",
             row->gap_from, row->gap_to - 1, row->gap_to - row->gap_from);
    g_string_append_printf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                           "font-family=\"DejaVu Sans Mono,Consolas,monospace\" font-size=\"12\" "
                           "fill=\"%s\">", (CLIENT_X + SERVER_X) / 2.0, y - 2.0, colour);
    annotate_escape_html(out, label);
    g_string_append(out, "</text></g>\n");
}

/* The elision mark: rows [from, to) are not drawn. */
static void elision(GString *out, const annotate_ws_stream_t *s, guint from, guint to, double y)
{
    const annotate_ws_row_t *a = annotate_ladder_row(s, from);
    const annotate_ws_row_t *b = annotate_ladder_row(s, to - 1);
    g_string_append_printf(out, "<rect class=\"elision\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"22\" "
                           "fill=\"#f1f3f5\" stroke=\"#adb5bd\" stroke-dasharray=\"3 3\"/>",
                           CLIENT_X - 60, y - 15.0, SERVER_X - CLIENT_X + 120);
    char label[160];
    snprintf(label, sizeof label, "\u22ee %u packets not drawn (frames %" PRIu32 "\u2013%" PRIu32
             ")", to - from, a->frame, b->frame);
    text(out, (CLIENT_X + SERVER_X) / 2.0, y, "class=\"elision\" text-anchor=\"middle\" fill=\"#333\"",
         label);
    g_string_append(out, "\n");
}

/* One end's heading box: "client" over "address:port". */
static void end_heading(GString *out, double x, const char *who, const annotate_ws_side_t *side)
{
    char *where = annotate_ws_endpoint(side);
    g_string_append_printf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"230\" height=\"%d\" rx=\"4\" "
                           "fill=\"#f8f9fa\" stroke=\"#333\"/>", x - 115.0, HEAD_Y, HEAD_H);
    text(out, x, HEAD_Y + 16, "class=\"end\" text-anchor=\"middle\" font-weight=\"bold\"", who);
    text(out, x, HEAD_Y + 32, "class=\"endpoint\" text-anchor=\"middle\" "
         "font-family=\"DejaVu Sans Mono,Consolas,monospace\" font-size=\"12\"", where);
    g_free(where);
}

/* The legend: one sample per arrow kind, and how to read the drawing. */
static double legend(GString *out, double y)
{
    for (unsigned k = 0; k < ANNOTATE_ARROW_COUNT; k++, y += LEGEND_LINE) {
        const char *colour = annotate_ladder_kind_colour(k);
        g_string_append_printf(out, "<g class=\"legend %s\">", annotate_ladder_kind_css(k));
        if (k == ANNOTATE_ARROW_MISSING)
            g_string_append_printf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
                                   "stroke-width=\"1.6\" stroke-dasharray=\"5 4\"/>"
                                   "<path d=\"M%d %.1fL%d %.1fM%d %.1fL%d %.1f\" stroke=\"%s\" "
                                   "stroke-width=\"2\"/>", CLIENT_X, y - 4, CLIENT_X + 40, y - 4,
                                   colour, CLIENT_X + 37, y - 9, CLIENT_X + 47, y + 1,
                                   CLIENT_X + 37, y + 1, CLIENT_X + 47, y - 9, colour);
        else
            arrow(out, CLIENT_X, y - 4, CLIENT_X + 50, y - 4, colour,
                  k == ANNOTATE_ARROW_RESET ? 2.6 : 1.6, k == ANNOTATE_ARROW_RESENT ? "9 4" : NULL);
        text(out, CLIENT_X + 62, y, "font-size=\"11\" fill=\"#222\"", annotate_ladder_kind_legend(k));
        g_string_append(out, "</g>\n");
    }
    text(out, CLIENT_X, y + 4, "font-size=\"11\" fill=\"#555\"",
         "Time runs down: each arrow starts at its packet's time stamp (left, from the first "
         "packet drawn).");
    text(out, CLIENT_X, y + 4 + LEGEND_LINE, "font-size=\"11\" fill=\"#555\"",
         "The slant only shows the direction: one capture point cannot tell when a packet arrived.");
    return y + 4 + LEGEND_LINE;
}

void annotate_ladder_svg(GString *out, const annotate_ws_stream_t *s, const annotate_ladder_opts_t *opts)
{
    guint head_end, tail_start, rows = annotate_ladder_rows(s);
    annotate_ladder_span(s, opts->packets, &head_end, &tail_start);
    /* The median spacing gets the minimum spacing, so most packets sit
     * close together and slower ones stand out. */
    double median = annotate_ladder_median_gap(s, head_end, tail_start);
    double per_second = median > 0.0 ? MIN_SPACING / median : 0.0;

    /* Draw into body first: the height is known at the end. */
    GString *body = g_string_new(NULL);
    double y = TOP;
    double t0 = 0.0;
    bool have_t0 = false;
    const annotate_ws_row_t *previous = NULL;
    for (guint r = 0; r < rows; r++) {
        if (r == head_end && head_end < tail_start) {
            /* below the last arrow's step line, then room for the next label */
            y += DROP + 38.0;
            elision(body, s, head_end, tail_start, y);
            y += ELISION_SPACING - 14.0;
            r = tail_start;
            previous = NULL;
        }
        const annotate_ws_row_t *row = annotate_ladder_row(s, r);
        if (!have_t0 && row->has_time) {
            t0 = row->time;
            have_t0 = true;
        }
        if (previous != NULL) {
            double dt = (previous->has_time && row->has_time) ? row->time - previous->time : 0.0;
            double space = dt * per_second;
            if (space > MAX_SPACING) {
                axis_break(body, y + DROP + (BREAK_SPACING - DROP) / 2.0, dt);
                y += BREAK_SPACING + MIN_SPACING / 2.0;
            } else {
                y += space > MIN_SPACING ? space : MIN_SPACING;
            }
        }
        if (row->gap_before && row->gap_to > row->gap_from) {
            missing(body, row, y);
            y += MIN_SPACING;
        }
        packet(body, s, row, y, t0, opts);
        previous = row;
    }
    double bottom = y + DROP + 28.0;
    GString *legend_svg = g_string_new(NULL);
    double end = legend(legend_svg, bottom + 22.0);
    double height = end + 14.0;

    if (opts->standalone)
        g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    g_string_append_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" "
                           "id=\"ladder-%" PRIu32 "\" viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" "
                           "font-family=\"DejaVu Sans,Segoe UI,Roboto,sans-serif\" font-size=\"13\" "
                           "role=\"img\" aria-label=\"Ladder diagram of TCP stream %" PRIu32 "\">\n",
                           s->id, WIDTH, height, WIDTH, height, s->id);
    g_string_append_printf(out, "<rect width=\"%d\" height=\"%.0f\" fill=\"#fff\"/>\n", WIDTH, height);
    text(out, TIME_X, TOP - 18.0, "text-anchor=\"end\" font-size=\"11\" font-weight=\"bold\" fill=\"#555\"",
         "time");
    end_heading(out, CLIENT_X, "client", &s->side[0]);
    end_heading(out, SERVER_X, "server", &s->side[1]);
    for (int lane = 0; lane < 2; lane++)
        g_string_append_printf(out, "<line class=\"lifeline\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" "
                               "stroke=\"#868e96\" stroke-width=\"2\"/>",
                               lane == 0 ? CLIENT_X : SERVER_X, HEAD_Y + HEAD_H,
                               lane == 0 ? CLIENT_X : SERVER_X, bottom);
    g_string_append(out, "\n");
    g_string_append_len(out, body->str, (gssize)body->len);
    g_string_append_len(out, legend_svg->str, (gssize)legend_svg->len);
    g_string_append(out, "</svg>\n");
    g_string_free(body, TRUE);
    g_string_free(legend_svg, TRUE);
}
