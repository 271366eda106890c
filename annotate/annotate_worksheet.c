/* annotate_worksheet.c - collects the streams and rows of a worksheet.
 *
 * Rows are kept in memory (text only, selected packets only) because a
 * worksheet is grouped by stream while packets arrive in capture order;
 * the per-stream verdict state is small and covers every packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_worksheet.h"

#include <string.h>

struct annotate_worksheet {
    char       *name;
    bool        full;
    uint32_t    max_rows;    /* rows kept per stream, 0: all */
    const volatile sig_atomic_t *stop;
    GPtrArray  *streams;     /* annotate_ws_stream_t *, indexed by tcp.stream */
    uint32_t    stream_total;
};

annotate_worksheet_t *annotate_worksheet_new(const char *name, bool full)
{
    annotate_worksheet_t *ws = g_new0(annotate_worksheet_t, 1);
    ws->name = g_strdup(name);
    ws->full = full;
    ws->streams = g_ptr_array_new();
    return ws;
}

void annotate_worksheet_set_max_rows(annotate_worksheet_t *ws, uint32_t max_rows)
{
    ws->max_rows = max_rows;
}

void annotate_worksheet_set_stop(annotate_worksheet_t *ws, const volatile sig_atomic_t *stop)
{
    ws->stop = stop;
}

/* The stream record for id, created on first use. */
static annotate_ws_stream_t *stream_for(annotate_worksheet_t *ws, uint32_t id)
{
    if (id >= ws->streams->len)
        g_ptr_array_set_size(ws->streams, (guint)id + 1);
    annotate_ws_stream_t *s = g_ptr_array_index(ws->streams, id);
    if (s == NULL) {
        s = g_new0(annotate_ws_stream_t, 1);
        s->id = id;
        s->rows = g_array_new(FALSE, TRUE, sizeof(annotate_ws_row_t));
        s->roles_by_port = true;
        g_ptr_array_index(ws->streams, id) = s;
        ws->stream_total++;
    }
    return s;
}

/* Which side sent the packet: by its role, or (role unknown) by matching
 * the endpoint against the sides seen so far. */
static uint8_t side_of(const annotate_ws_stream_t *s, const annotate_packet_t *p)
{
    if (p->role == EXPLAIN_ROLE_CLIENT)
        return 0;
    if (p->role == EXPLAIN_ROLE_SERVER)
        return 1;
    for (uint8_t i = 0; i < 2; i++) {
        if (s->side[i].addr != NULL && s->side[i].port == p->src_port &&
            strcmp(s->side[i].addr, p->src_addr) == 0)
            return i;
    }
    return s->side[0].seen ? 1 : 0;
}

/* Counts frame into f, keeping the first few and the last. */
static void note_frame(annotate_ws_frames_t *f, uint32_t frame)
{
    if (f->count < ANNOTATE_WS_LIST_FRAMES)
        f->frames[f->count] = frame;
    f->count++;
    f->last = frame;
}

void annotate_worksheet_add(annotate_worksheet_t *ws, const annotate_packet_t *p, bool selected)
{
    annotate_ws_stream_t *s = stream_for(ws, p->stream);
    uint8_t i = side_of(s, p);
    annotate_ws_side_t *side = &s->side[i];
    annotate_ws_side_t *peer = &s->side[1 - i];
    if (side->addr == NULL) {
        side->addr = g_strdup(p->src_addr);
        side->port = p->src_port;
    }
    side->seen = true;
    if (peer->addr == NULL) {
        /* Name the receiver too, so both ends are known from the start. */
        peer->addr = g_strdup(p->dst_addr);
        peer->port = p->dst_port;
    }
    side->packets++;
    side->seq_consumed = p->seq_consumed;
    side->payload_total = p->payload_total;
    if (p->flags & EXPLAIN_TH_SYN) {
        side->syn_sent = true;
        s->roles_by_port = false;
    }
    if (p->flags & EXPLAIN_TH_FIN)
        side->fin_sent = true;
    if (p->has_ack_rel) {
        side->has_ack = true;
        side->last_ack_rel = p->ack_rel;
    }
    note_frame(&s->steps[p->step < EXPLAIN_STEP_COUNT ? p->step : 0], p->frame);
    if (p->retransmission)
        note_frame(&s->resent, p->frame);
    if (p->step == EXPLAIN_STEP_RST && s->steps[EXPLAIN_STEP_RST].count == 1) {
        s->rst_side = i;
        s->phase_before_rst = s->packets > 0 ? s->phase : EXPLAIN_PHASE_UNKNOWN;
    }
    s->phase = p->phase;
    s->packets++;
    if (p->check_failed)
        note_frame(&s->failed, p->frame);
    if (p->check_explained)
        note_frame(&s->explained, p->frame);
    if (!selected)
        return;
    if (ws->max_rows > 0 && s->rows->len >= ws->max_rows) {
        s->rows_left_out++;
        return;
    }
    annotate_ws_row_t row = {
        .frame = p->frame,
        .side = i,
        .step = p->step,
        .flags = p->flags,
        .has_ack = p->has_ack,
        .has_ack_rel = p->has_ack_rel,
        .has_nxtseq = p->has_nxtseq,
        .seq_rel = p->seq_rel,
        .seq_raw = p->seq_raw,
        .ack_rel = p->ack_rel,
        .ack_raw = p->ack_raw,
        .len = p->len,
        .nxtseq = p->nxtseq,
        .explanation = g_strdup(ws->full && p->text[0] != '\0' ? p->text : p->summary),
        .messages = g_new0(char *, p->message_count + 1),
        .failed = p->check_failed,
    };
    for (size_t m = 0; m < p->message_count; m++)
        row.messages[m] = g_strdup(p->messages[m]);
    g_array_append_val(s->rows, row);
}

bool annotate_worksheet_write(const annotate_worksheet_t *ws, annotate_worksheet_format_t format,
                              const annotate_config_t *config, uint32_t frames, FILE *out)
{
    GPtrArray *shown = g_ptr_array_new();
    uint32_t capped = 0;
    for (guint i = 0; i < ws->streams->len; i++) {
        const annotate_ws_stream_t *s = g_ptr_array_index(ws->streams, i);
        if (s != NULL && s->rows->len > 0) {
            g_ptr_array_add(shown, (gpointer)s);
            capped += s->rows_left_out > 0;
        }
    }
    annotate_ws_view_t view = {
        .name = ws->name,
        .frames = frames,
        .stream_total = ws->stream_total,
        .streams = (const annotate_ws_stream_t *const *)shown->pdata,
        .stream_count = shown->len,
        .config = config,
        .max_rows = ws->max_rows,
        .streams_capped = capped,
        .stop = ws->stop,
    };
    bool ok = format == ANNOTATE_WORKSHEET_HTML ? annotate_render_html(&view, out)
                                                : annotate_render_markdown(&view, out);
    g_ptr_array_free(shown, TRUE);
    return ok;
}

void annotate_worksheet_free(annotate_worksheet_t *ws)
{
    if (ws == NULL)
        return;
    for (guint i = 0; i < ws->streams->len; i++) {
        annotate_ws_stream_t *s = g_ptr_array_index(ws->streams, i);
        if (s == NULL)
            continue;
        for (guint r = 0; r < s->rows->len; r++) {
            annotate_ws_row_t *row = &g_array_index(s->rows, annotate_ws_row_t, r);
            g_free(row->explanation);
            g_strfreev(row->messages);
        }
        g_array_free(s->rows, TRUE);
        g_free(s->side[0].addr);
        g_free(s->side[1].addr);
        g_free(s);
    }
    g_ptr_array_free(ws->streams, TRUE);
    g_free(ws->name);
    g_free(ws);
}
