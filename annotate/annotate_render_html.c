/* annotate_render_html.c - the worksheet as one self-contained HTML page
 * (inline CSS, no scripts, no external resources) that prints well.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_worksheet.h"

#include <inttypes.h>

#include "annotate_escape.h"
#include "annotate_ladder.h"

static const char style[] =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;"
    "font-size:11pt;line-height:1.4;color:#111;margin:1.5em auto;max-width:80em;padding:0 1em}\n"
    "h1{font-size:1.5em;margin:0 0 .3em}\n"
    "h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #999}\n"
    "h3{font-size:1em;margin:.8em 0 .2em}\n"
    "p.legend,p.selection,p.caveat{color:#333}\n"
    "p.caveat{border-left:3px solid #b80;padding-left:.6em}\n"
    "table{border-collapse:collapse;width:100%;font-size:.92em}\n"
    "th,td{border:1px solid #999;padding:.25em .45em;vertical-align:top;text-align:left}\n"
    "th{background:#eee}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.flow{font-family:ui-monospace,\"DejaVu Sans Mono\",Consolas,monospace;white-space:nowrap}\n"
    "tr.failed td{background:#fde8e8}\n"
    "tr.failed td:first-child{border-left:4px solid #b00}\n"
    "p.check{margin:.3em 0 0;font-weight:bold;color:#900}\n"
    "ul.verdict{margin:.2em 0 0;padding-left:1.4em}\n"
    "figure.ladder{margin:.6em 0 1em}figure.ladder svg{max-width:100%;height:auto}\n"
    "tr:target td{background:#fff3bf}\n"
    "@media print{body{font-size:9.5pt;margin:0;max-width:none}"
    "section.stream{break-before:page}section.stream:first-of-type{break-before:auto}"
    "tr{break-inside:avoid}thead{display:table-header-group}"
    "h2,h3{break-after:avoid}"
    "figure.ladder{break-inside:avoid}section.stream table{break-before:page}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "@page{margin:12mm}\n";

/* Appends one table row of a stream (its id is what the ladder's arrow
 * links to). */
static void row_html(GString *h, const annotate_ws_row_t *row, uint32_t stream)
{
    char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX];
    annotate_ws_cells(row, cells);
    char anchor[48];
    annotate_ladder_anchor(stream, row->frame, anchor, sizeof anchor);
    g_string_append_printf(h, "<tr id=\"%s\"%s>", anchor, row->failed ? " class=\"failed\"" : "");
    annotate_html_element(h, "td", "flow", cells[ANNOTATE_COL_FLOW]);
    for (int c = ANNOTATE_COL_FRAME; c < ANNOTATE_COL_EXPLANATION; c++)
        annotate_html_element(h, "td", "num", cells[c]);
    g_string_append(h, "<td>");
    annotate_escape_html(h, row->explanation);
    for (char **m = row->messages; *m != NULL; m++) {
        g_string_append(h, "<p class=\"check\">\u26a0 ");
        annotate_escape_html(h, *m);
        g_string_append(h, "</p>");
    }
    g_string_append(h, "</td></tr>\n");
}

/* Appends the index of the streams (large worksheets only); each stream
 * links to its section in this page. */
static void index_html(GString *h, const annotate_ws_view_t *view)
{
    char *intro = annotate_ws_index_intro(view);
    g_string_append(h, "<section class=\"index\">\n");
    annotate_html_element(h, "h2", NULL, "Index of streams");
    g_string_append(h, "\n");
    annotate_html_element(h, "p", "index", intro);
    g_free(intro);
    g_string_append(h, "\n<table>\n<thead><tr>");
    for (int c = 0; c < ANNOTATE_IDX_COUNT; c++)
        annotate_html_element(h, "th", NULL, annotate_ws_index_headings[c]);
    g_string_append(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < view->stream_count; i++) {
        char *cells[ANNOTATE_IDX_COUNT];
        annotate_ws_index_cells(view->streams[i], cells);
        g_string_append_printf(h, "<tr><td class=\"num\"><a href=\"#stream-%" PRIu32 "\">",
                               view->streams[i]->id);
        annotate_escape_html(h, cells[ANNOTATE_IDX_STREAM]);
        g_string_append(h, "</a></td>");
        for (int c = ANNOTATE_IDX_CLIENT; c < ANNOTATE_IDX_COUNT; c++)
            annotate_html_element(h, "td", c == ANNOTATE_IDX_PACKETS || c == ANNOTATE_IDX_BYTES ? "num" : NULL,
                    cells[c]);
        g_string_append(h, "</tr>\n");
        annotate_ws_index_cells_free(cells);
    }
    g_string_append(h, "</tbody>\n</table>\n</section>\n");
}


/* Appends the explain plugin's end-of-stream summary of a stream, or why
 * there is none. */
static void summary_html(GString *h, const annotate_ws_stream_t *stream)
{
    g_string_append(h, "<h3>Summary</h3>\n");
    if (stream->stream_summary == NULL) {
        g_string_append(h, "<p class=\"summary\">");
        annotate_escape_html(h, annotate_ws_no_summary);
        g_string_append(h, "</p>\n");
        return;
    }
    g_string_append(h, "<ul class=\"summary\">\n");
    gchar **lines = g_strsplit(stream->stream_summary, "\n", -1);
    for (gchar **l = lines; *l != NULL; l++) {
        if (**l == '\0')
            continue;
        g_string_append(h, "<li>");
        annotate_escape_html(h, *l);
        g_string_append(h, "</li>\n");
    }
    g_strfreev(lines);
    g_string_append(h, "</ul>\n");
}
/* Appends the section of one stream: heading, table, verdict. */
static void stream_html(GString *h, const annotate_ws_view_t *view,
                        const annotate_ws_stream_t *stream)
{
    char *heading = annotate_ws_stream_heading(stream);
    g_string_append_printf(h, "<section class=\"stream\" id=\"stream-%" PRIu32 "\">\n", stream->id);
    annotate_html_element(h, "h2", NULL, heading);
    g_string_append(h, "\n");
    g_free(heading);
    const char *caveat = annotate_ws_stream_caveat(stream);
    if (caveat != NULL) {
        annotate_html_element(h, "p", "caveat", caveat);
        g_string_append(h, "\n");
    }
    annotate_ladder_opts_t ladder = {
        .packets = view->config->ladder_packets,
        .links = true,
    };
    g_string_append(h, "<figure class=\"ladder\">\n");
    annotate_ladder_svg(h, stream, &ladder);
    g_string_append(h, "</figure>\n");
    g_string_append(h, "<table>\n<thead><tr>");
    for (int c = 0; c < ANNOTATE_COL_COUNT; c++)
        annotate_html_element(h, "th", NULL, annotate_ws_headings[c]);
    g_string_append(h, "</tr></thead>\n<tbody>\n");
    for (guint r = 0; r < stream->rows->len; r++)
        row_html(h, &g_array_index(stream->rows, annotate_ws_row_t, r), stream->id);
    g_string_append(h, "</tbody>\n</table>\n");
    char *cap = annotate_ws_cap_note(view, stream);
    if (cap != NULL) {
        annotate_html_element(h, "p", "caveat", cap);
        g_string_append(h, "\n");
        g_free(cap);
    }
    g_string_append(h, "<h3>Verdict</h3>\n<ul class=\"verdict\">\n");
    annotate_ws_verdict_line_t lines[ANNOTATE_WS_VERDICT_MAX];
    size_t n = annotate_ws_verdict(stream, lines);
    for (size_t i = 0; i < n; i++) {
        g_string_append(h, "<li><strong>");
        annotate_escape_html(h, lines[i].label);
        g_string_append(h, ":</strong> ");
        annotate_escape_html(h, lines[i].text);
        g_string_append(h, "</li>\n");
    }
    annotate_ws_verdict_free(lines, n);
    g_string_append(h, "</ul>\n");
    summary_html(h, stream);
    g_string_append(h, "</section>\n");
}

bool annotate_render_html(const annotate_ws_view_t *view, FILE *out)
{
    GString *h = g_string_new(NULL);
    char *title = annotate_ws_title(view);
    char *intro = annotate_ws_intro(view);
    char *selection = annotate_ws_selection(view);
    g_string_append(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"tcp-explain-annotate\">\n");
    annotate_html_element(h, "title", NULL, title);
    g_string_append_printf(h, "\n<style>\n%s</style>\n</head>\n<body>\n", style);
    annotate_html_element(h, "h1", NULL, title);
    g_string_append(h, "\n");
    annotate_html_element(h, "p", "intro", intro);
    g_string_append(h, "\n");
    annotate_html_element(h, "p", "legend", annotate_ws_legend);
    g_string_append(h, "\n");
    if (selection != NULL) {
        annotate_html_element(h, "p", "selection", selection);
        g_string_append(h, "\n");
    }
    if (view->stream_count == 0)
        g_string_append(h, "<p>No TCP packets to show.</p>\n");
    if (annotate_ws_wants_index(view))
        index_html(h, view);
    g_free(title);
    g_free(intro);
    g_free(selection);
    /* Written stream by stream: memory holds one section at a time. */
    bool ok = true;
    for (size_t i = 0; i < view->stream_count && ok && !ANNOTATE_WS_STOPPED(view); i++) {
        ok = fwrite(h->str, 1, h->len, out) == h->len;
        g_string_truncate(h, 0);
        stream_html(h, view, view->streams[i]);
    }
    g_string_append(h, "</body>\n</html>\n");
    ok = ok && !ANNOTATE_WS_STOPPED(view) && fwrite(h->str, 1, h->len, out) == h->len;
    g_string_free(h, TRUE);
    return ok;
}
