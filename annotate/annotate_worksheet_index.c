/* annotate_worksheet_index.c - what keeps the worksheet of a large capture
 * usable: an index of its streams at the top, and the note of a stream
 * whose rows were cut by --max-rows. Plain text; the renderers lay it out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_worksheet.h"

#include <inttypes.h>

const char *const annotate_ws_index_headings[ANNOTATE_IDX_COUNT] = {
    [ANNOTATE_IDX_STREAM] = "Stream",
    [ANNOTATE_IDX_CLIENT] = "Client",
    [ANNOTATE_IDX_SERVER] = "Server",
    [ANNOTATE_IDX_VERDICT] = "Verdict",
    [ANNOTATE_IDX_PACKETS] = "Packets",
    [ANNOTATE_IDX_BYTES] = "Data bytes (client / server)",
    [ANNOTATE_IDX_EVENTS] = "Events",
};

bool annotate_ws_wants_index(const annotate_ws_view_t *view)
{
    return view->stream_count > ANNOTATE_WS_INDEX_MIN_STREAMS || view->streams_capped > 0;
}

char *annotate_ws_index_intro(const annotate_ws_view_t *view)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "Index of the %zu %s below: each one's verdict in short, its "
                           "packets and data bytes, and its retransmissions, resets and "
                           "failed checks.", view->stream_count,
                           view->stream_count == 1 ? "stream" : "streams");
    if (view->streams_capped > 0)
        g_string_append_printf(s, " At most %" PRIu32 " packets are listed per stream "
                               "(--max-rows); %" PRIu32 " %s more, and say%s so under %s "
                               "table. Verdicts and this index count every packet.",
                               view->max_rows, view->streams_capped,
                               view->streams_capped == 1 ? "stream has" : "streams have",
                               view->streams_capped == 1 ? "s" : "",
                               view->streams_capped == 1 ? "its" : "their");
    return g_string_free(s, FALSE);
}

/* The verdict's "Complete" line in a few words, from the same facts
 * (annotate_ws_completeness()). */
static char *short_verdict(const annotate_ws_stream_t *st)
{
    annotate_ws_completeness_t c = annotate_ws_completeness(st);
    bool handshake = c.handshake, closed = c.closed, reset = c.reset;
    if (handshake && closed && !reset)
        return g_strdup("complete");
    const char *open = st->roles_by_port ? "handshake not captured"
                     : !handshake ? "handshake incomplete" : "handshake captured";
    const char *end = reset ? "reset"
                    : closed ? "closed"
                    : (st->side[0].fin_sent || st->side[1].fin_sent) ? "close incomplete"
                    : "still open at the end";
    return g_strdup_printf("%s; %s", open, end);
}

/* "2 retransmissions, 1 RST, 3 failed checks" or "none". */
static char *events(const annotate_ws_stream_t *st)
{
    GString *s = g_string_new(NULL);
    uint32_t resent = st->resent.count, rst = st->steps[EXPLAIN_STEP_RST].count;
    uint32_t failed = st->failed.count;
    if (resent > 0)
        g_string_append_printf(s, "%" PRIu32 " %s", resent,
                               resent == 1 ? "retransmission" : "retransmissions");
    if (rst > 0)
        g_string_append_printf(s, "%s%" PRIu32 " RST", s->len ? ", " : "", rst);
    if (failed > 0)
        g_string_append_printf(s, "%s%" PRIu32 " failed %s", s->len ? ", " : "", failed,
                               failed == 1 ? "check" : "checks");
    if (s->len == 0)
        g_string_append(s, "none");
    return g_string_free(s, FALSE);
}

void annotate_ws_index_cells(const annotate_ws_stream_t *stream, char *cells[ANNOTATE_IDX_COUNT])
{
    cells[ANNOTATE_IDX_STREAM] = g_strdup_printf("%" PRIu32, stream->id);
    cells[ANNOTATE_IDX_CLIENT] = annotate_ws_endpoint(&stream->side[0]);
    cells[ANNOTATE_IDX_SERVER] = annotate_ws_endpoint(&stream->side[1]);
    cells[ANNOTATE_IDX_VERDICT] = short_verdict(stream);
    cells[ANNOTATE_IDX_PACKETS] = g_strdup_printf("%" PRIu32, stream->packets);
    cells[ANNOTATE_IDX_BYTES] = g_strdup_printf("%" PRIu64 " / %" PRIu64,
                                                stream->side[0].payload_total,
                                                stream->side[1].payload_total);
    cells[ANNOTATE_IDX_EVENTS] = events(stream);
}

void annotate_ws_index_cells_free(char *cells[ANNOTATE_IDX_COUNT])
{
    for (int c = 0; c < ANNOTATE_IDX_COUNT; c++)
        g_free(cells[c]);
}

char *annotate_ws_cap_note(const annotate_ws_view_t *view, const annotate_ws_stream_t *stream)
{
    if (stream->rows_left_out == 0)
        return NULL;
    uint32_t shown = stream->rows->len;
    return g_strdup_printf("Only the first %" PRIu32 " of this stream's %" PRIu32 " %s are "
                           "listed (--max-rows %" PRIu32 "; give a larger number, or 0 for "
                           "all, or pick packets with --streams or --filter). The verdict "
                           "counts every packet of the stream.",
                           shown, shown + stream->rows_left_out,
                           view->config->stream_count > 0 || view->config->filter != NULL
                               ? "selected packets" : "packets",
                           view->max_rows);
}
