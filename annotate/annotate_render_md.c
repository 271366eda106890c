/* annotate_render_md.c - the worksheet as GitHub-flavoured Markdown.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_worksheet.h"

#include "annotate_escape.h"
#include "annotate_ladder.h"

#define WARNING_SIGN "\u26a0"

/* Appends one table row of a stream. */
static void row_markdown(GString *md, const annotate_ws_row_t *row)
{
    char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX];
    annotate_ws_cells(row, cells);
    /* The flow is our own text (words, flags, brackets, arrows): a code
     * span keeps its arrows aligned and needs no escaping. */
    g_string_append_printf(md, "| `%s` | ", cells[ANNOTATE_COL_FLOW]);
    if (row->failed)
        g_string_append(md, WARNING_SIGN " ");
    for (int c = ANNOTATE_COL_FRAME; c < ANNOTATE_COL_EXPLANATION; c++) {
        annotate_escape_markdown(md, cells[c]);
        g_string_append(md, " | ");
    }
    annotate_escape_markdown(md, row->explanation);
    for (char **m = row->messages; *m != NULL; m++) {
        g_string_append(md, "<br>**" WARNING_SIGN "** ");
        annotate_escape_markdown(md, *m);
    }
    g_string_append(md, " |\n");
}

/* Appends the index of the streams (large worksheets only). */
static void index_markdown(GString *md, const annotate_ws_view_t *view)
{
    char *intro = annotate_ws_index_intro(view);
    g_string_append(md, "## Index of streams\n\n");
    annotate_escape_markdown(md, intro);
    g_string_append(md, "\n\n|");
    g_free(intro);
    for (int c = 0; c < ANNOTATE_IDX_COUNT; c++)
        g_string_append_printf(md, " %s |", annotate_ws_index_headings[c]);
    g_string_append(md, "\n|---:|---|---|---|---:|---:|---|\n");
    for (size_t i = 0; i < view->stream_count; i++) {
        char *cells[ANNOTATE_IDX_COUNT];
        annotate_ws_index_cells(view->streams[i], cells);
        g_string_append(md, "|");
        for (int c = 0; c < ANNOTATE_IDX_COUNT; c++) {
            g_string_append(md, " ");
            annotate_escape_markdown(md, cells[c]);
            g_string_append(md, " |");
        }
        g_string_append(md, "\n");
        annotate_ws_index_cells_free(cells);
    }
    g_string_append(md, "\n");
}

/* Appends the explain plugin's end-of-stream summary of a stream, or why
 * there is none. */
static void summary_markdown(GString *md, const annotate_ws_stream_t *stream)
{
    g_string_append(md, "**Summary**\n\n");
    if (stream->stream_summary == NULL) {
        annotate_escape_markdown(md, annotate_ws_no_summary);
        g_string_append(md, "\n\n");
        return;
    }
    gchar **lines = g_strsplit(stream->stream_summary, "\n", -1);
    for (gchar **l = lines; *l != NULL; l++) {
        if (**l == '\0')
            continue;
        g_string_append(md, "- ");
        annotate_escape_markdown(md, *l);
        g_string_append(md, "\n");
    }
    g_strfreev(lines);
    g_string_append(md, "\n");
}

/* Appends the section of one stream: heading, table, verdict, summary. */
static void stream_markdown(GString *md, const annotate_ws_view_t *view,
                            const annotate_ws_stream_t *stream)
{
    char *heading = annotate_ws_stream_heading(stream);
    g_string_append(md, "## ");
    annotate_escape_markdown(md, heading);
    g_string_append(md, "\n\n");
    g_free(heading);
    const char *caveat = annotate_ws_stream_caveat(stream);
    if (caveat != NULL) {
        annotate_escape_markdown(md, caveat);
        g_string_append(md, "\n\n");
    }
    annotate_ladder_opts_t ladder = { .packets = view->config->ladder_packets };
    g_string_append(md, "```mermaid\n");
    annotate_ladder_mermaid(md, stream, &ladder);
    g_string_append(md, "```\n\n");
    g_string_append(md, "|");
    for (int c = 0; c < ANNOTATE_COL_COUNT; c++)
        g_string_append_printf(md, " %s |", annotate_ws_headings[c]);
    g_string_append(md, "\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (guint r = 0; r < stream->rows->len; r++)
        row_markdown(md, &g_array_index(stream->rows, annotate_ws_row_t, r));
    char *cap = annotate_ws_cap_note(view, stream);
    if (cap != NULL) {
        g_string_append(md, "\n");
        annotate_escape_markdown(md, cap);
        g_string_append(md, "\n");
        g_free(cap);
    }

    annotate_ws_verdict_line_t lines[ANNOTATE_WS_VERDICT_MAX];
    size_t n = annotate_ws_verdict(stream, lines);
    g_string_append(md, "\n**Verdict**\n\n");
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(md, "- **%s:** ", lines[i].label);
        annotate_escape_markdown(md, lines[i].text);
        g_string_append(md, "\n");
    }
    g_string_append(md, "\n");
    annotate_ws_verdict_free(lines, n);
    summary_markdown(md, stream);
}

bool annotate_render_markdown(const annotate_ws_view_t *view, FILE *out)
{
    GString *md = g_string_new(NULL);
    char *title = annotate_ws_title(view);
    char *intro = annotate_ws_intro(view);
    char *selection = annotate_ws_selection(view);
    g_string_append(md, "# ");
    annotate_escape_markdown(md, title);
    g_string_append(md, "\n\n");
    annotate_escape_markdown(md, intro);
    g_string_append(md, "\n\n");
    annotate_escape_markdown(md, annotate_ws_legend);
    g_string_append(md, "\n\n");
    if (selection != NULL) {
        annotate_escape_markdown(md, selection);
        g_string_append(md, "\n\n");
    }
    if (view->stream_count == 0)
        g_string_append(md, "No TCP packets to show.\n\n");
    if (annotate_ws_wants_index(view))
        index_markdown(md, view);
    g_free(title);
    g_free(intro);
    g_free(selection);
    /* Written stream by stream, so that memory holds one section at a time
     * (a worksheet of a large capture is large). Each chunk is written but
     * its last newline, kept for the next: the file ends in one, not two. */
    bool ok = true;
    for (size_t i = 0; i < view->stream_count && ok && !ANNOTATE_WS_STOPPED(view); i++) {
        ok = fwrite(md->str, 1, md->len - 1, out) == md->len - 1;
        g_string_assign(md, "\n");
        stream_markdown(md, view, view->streams[i]);
    }
    if (ok && md->len >= 2 && md->str[md->len - 1] == '\n' && md->str[md->len - 2] == '\n')
        g_string_truncate(md, md->len - 1);
    ok = ok && !ANNOTATE_WS_STOPPED(view) && fwrite(md->str, 1, md->len, out) == md->len;
    g_string_free(md, TRUE);
    return ok;
}
