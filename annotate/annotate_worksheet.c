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
    uint32_t    keep_last;   /* rows beyond max_rows kept for the ladder */
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

void annotate_worksheet_set_ladder_rows(annotate_worksheet_t *ws, uint32_t n)
{
    ws->keep_last = n > 0 ? n + 1 : 0;
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

/* Frees what a row owns. */
static void row_clear(annotate_ws_row_t *row)
{
    g_free(row->explanation);
    g_free(row->summary);
    g_strfreev(row->messages);
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
    bool had_ack = side->has_ack;
    uint32_t previous_ack = side->last_ack_rel;
    bool had_nxtseq = side->has_nxtseq;
    uint32_t previous_nxtseq = side->max_nxtseq;
    if (p->has_ack_rel) {
        side->has_ack = true;
        side->last_ack_rel = p->ack_rel;
    }
    if (p->has_nxtseq && (!side->has_nxtseq || p->nxtseq > side->max_nxtseq)) {
        side->has_nxtseq = true;
        side->max_nxtseq = p->nxtseq;
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
    if (p->stream_summary != NULL && p->stream_summary[0] != '\0') {
        g_free(s->stream_summary);   /* the latest: a stream has one, on its close or its end */
        s->stream_summary = g_strdup(p->stream_summary);
    }
    if (!selected)
        return;
    bool left_out = ws->max_rows > 0 && s->rows->len >= ws->max_rows;
    if (left_out) {
        s->rows_left_out++;
        if (ws->keep_last == 0)
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
        .has_time = p->has_time,
        .time = p->time_rel,
        .resent = p->retransmission,
        .dup_ack = p->dup_ack,
        .has_rtt = p->has_rtt,
        .rtt = p->rtt,
        .summary = g_strdup(p->summary),
    };
    /* A gap: Wireshark saw sequence numbers skipped, and this side's
     * highest next seq so far says which ones. */
    if (p->lost_before && had_nxtseq && p->seq_rel > previous_nxtseq) {
        row.gap_before = true;
        row.gap_from = previous_nxtseq;
        row.gap_to = p->seq_rel;
    }
    /* New sequence numbers acknowledged: against this side's previous ack
     * (the first ack after a SYN acknowledges from 0). */
    if (p->has_ack_rel && (p->flags & EXPLAIN_TH_ACK)) {
        uint32_t base = had_ack ? previous_ack : 0;
        if (p->ack_rel >= base) {
            row.has_acked_new = true;
            row.acked_new = p->ack_rel - base;
        }
    }
    for (size_t m = 0; m < p->message_count; m++)
        row.messages[m] = g_strdup(p->messages[m]);
    if (!left_out) {
        g_array_append_val(s->rows, row);
        return;
    }
    /* Left out of the table, kept for the ladder. */
    if (s->first_left_out == NULL) {
        s->first_left_out = g_new(annotate_ws_row_t, 1);
        *s->first_left_out = row;
        row.explanation = g_strdup(row.explanation);
        row.summary = g_strdup(row.summary);
        row.messages = g_strdupv(row.messages);
    }
    if (s->last_left_out == NULL)
        s->last_left_out = g_array_new(FALSE, TRUE, sizeof(annotate_ws_row_t));
    if (s->last_left_out->len < ws->keep_last) {
        g_array_append_val(s->last_left_out, row);
    } else {
        /* Full: the newest takes the oldest one's place. */
        annotate_ws_row_t *oldest = &g_array_index(s->last_left_out, annotate_ws_row_t,
                                                   s->last_left_out_start);
        row_clear(oldest);
        *oldest = row;
        s->last_left_out_start = (s->last_left_out_start + 1) % s->last_left_out->len;
    }
}

annotate_ws_view_t *annotate_worksheet_view_new(const annotate_worksheet_t *ws,
                                                const annotate_config_t *config, uint32_t frames)
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
    annotate_ws_view_t *view = g_new0(annotate_ws_view_t, 1);
    view->name = ws->name;
    view->frames = frames;
    view->stream_total = ws->stream_total;
    view->streams = (const annotate_ws_stream_t *const *)shown->pdata;
    view->stream_count = shown->len;
    view->config = config;
    view->max_rows = ws->max_rows;
    view->streams_capped = capped;
    view->stop = ws->stop;
    view->hold = shown;
    return view;
}

void annotate_worksheet_view_free(annotate_ws_view_t *view)
{
    if (view == NULL)
        return;
    g_ptr_array_free(view->hold, TRUE);
    g_free(view);
}

bool annotate_worksheet_write(const annotate_worksheet_t *ws, annotate_worksheet_format_t format,
                              const annotate_config_t *config, uint32_t frames, FILE *out)
{
    annotate_ws_view_t *view = annotate_worksheet_view_new(ws, config, frames);
    bool ok = format == ANNOTATE_WORKSHEET_HTML ? annotate_render_html(view, out)
                                                : annotate_render_markdown(view, out);
    annotate_worksheet_view_free(view);
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
        for (guint r = 0; r < s->rows->len; r++)
            row_clear(&g_array_index(s->rows, annotate_ws_row_t, r));
        g_array_free(s->rows, TRUE);
        if (s->first_left_out != NULL) {
            row_clear(s->first_left_out);
            g_free(s->first_left_out);
        }
        for (guint r = 0; s->last_left_out != NULL && r < s->last_left_out->len; r++)
            row_clear(&g_array_index(s->last_left_out, annotate_ws_row_t, r));
        if (s->last_left_out != NULL)
            g_array_free(s->last_left_out, TRUE);
        g_free(s->side[0].addr);
        g_free(s->side[1].addr);
        g_free(s->stream_summary);
        g_free(s);
    }
    g_ptr_array_free(ws->streams, TRUE);
    g_free(ws->name);
    g_free(ws);
}
