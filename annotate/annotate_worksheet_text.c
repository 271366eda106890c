/* annotate_worksheet_text.c - the words and numbers of a worksheet, as
 * plain text; the renderers only escape and lay them out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_worksheet.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NONE "\u2014"   /* em dash: no value */

const char *const annotate_ws_headings[ANNOTATE_COL_COUNT] = {
    [ANNOTATE_COL_FLOW] = "Flow",
    [ANNOTATE_COL_FRAME] = "Frame",
    [ANNOTATE_COL_SEQ] = "Seq",
    [ANNOTATE_COL_SEQ_RAW] = "Seq (raw)",
    [ANNOTATE_COL_ACK] = "Ack",
    [ANNOTATE_COL_ACK_RAW] = "Ack (raw)",
    [ANNOTATE_COL_LEN] = "Len",
    [ANNOTATE_COL_NXTSEQ] = "Next seq",
    [ANNOTATE_COL_EXPLANATION] = "Explanation",
};

const char annotate_ws_legend[] =
    "Each row is one packet. Flow shows who sends it to whom and its TCP flags. "
    "Seq, Ack and Next seq are relative: each side counts from its own initial "
    "sequence number (ISN), which is 0; the raw columns show the numbers as they "
    "are on the wire. Next seq = Seq + Len, plus 1 for a SYN and 1 for a FIN: "
    "the Ack the other side should answer with.";

const char annotate_ws_no_summary[] =
    "No summary: the explain plugin gave none for this stream. It gives a stream's summary "
    "on the packet that closes it or, when the stream does not close, on its last packet "
    "in the capture; this stream's last packet got none.";

void annotate_ws_flag_names(uint16_t flags, char *out, size_t outlen)
{
    static const struct { uint16_t bit; const char *name; } names[] = {
        { EXPLAIN_TH_FIN, "FIN" }, { EXPLAIN_TH_SYN, "SYN" }, { EXPLAIN_TH_RST, "RST" },
        { EXPLAIN_TH_PSH, "PSH" }, { EXPLAIN_TH_ACK, "ACK" }, { EXPLAIN_TH_URG, "URG" },
        { EXPLAIN_TH_ECE, "ECE" }, { EXPLAIN_TH_CWR, "CWR" }, { EXPLAIN_TH_AE, "AE" },
    };
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if ((flags & names[i].bit) && used < outlen)
            used += (size_t)snprintf(out + used, outlen - used, "%s%s", used ? "," : "",
                                     names[i].name);
    }
    if (used == 0)
        snprintf(out, outlen, "no flags");
}

void annotate_ws_cells(const annotate_ws_row_t *row, char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX])
{
    char flags[48];
    annotate_ws_flag_names(row->flags, flags, sizeof flags);
    if (row->side == 0)
        snprintf(cells[ANNOTATE_COL_FLOW], ANNOTATE_CELL_MAX, "client -[%s]-> server", flags);
    else
        snprintf(cells[ANNOTATE_COL_FLOW], ANNOTATE_CELL_MAX, "client <-[%s]- server", flags);
    snprintf(cells[ANNOTATE_COL_FRAME], ANNOTATE_CELL_MAX, "%" PRIu32, row->frame);
    snprintf(cells[ANNOTATE_COL_SEQ], ANNOTATE_CELL_MAX, "%" PRIu32, row->seq_rel);
    snprintf(cells[ANNOTATE_COL_SEQ_RAW], ANNOTATE_CELL_MAX, "%" PRIu32, row->seq_raw);
    if (row->has_ack_rel)
        snprintf(cells[ANNOTATE_COL_ACK], ANNOTATE_CELL_MAX, "%" PRIu32, row->ack_rel);
    else
        snprintf(cells[ANNOTATE_COL_ACK], ANNOTATE_CELL_MAX, "%s", row->has_ack ? "?" : NONE);
    if (row->has_ack)
        snprintf(cells[ANNOTATE_COL_ACK_RAW], ANNOTATE_CELL_MAX, "%" PRIu32, row->ack_raw);
    else
        snprintf(cells[ANNOTATE_COL_ACK_RAW], ANNOTATE_CELL_MAX, "%s", NONE);
    snprintf(cells[ANNOTATE_COL_LEN], ANNOTATE_CELL_MAX, "%" PRIu32, row->len);
    if (row->has_nxtseq)
        snprintf(cells[ANNOTATE_COL_NXTSEQ], ANNOTATE_CELL_MAX, "%" PRIu32, row->nxtseq);
    else
        snprintf(cells[ANNOTATE_COL_NXTSEQ], ANNOTATE_CELL_MAX, "%s", NONE);
    cells[ANNOTATE_COL_EXPLANATION][0] = '\0';
}

char *annotate_ws_endpoint(const annotate_ws_side_t *side)
{
    if (side->addr == NULL || side->addr[0] == '\0')
        return g_strdup_printf("port %u", side->port);
    if (strchr(side->addr, ':') != NULL)
        return g_strdup_printf("[%s]:%u", side->addr, side->port);
    return g_strdup_printf("%s:%u", side->addr, side->port);
}

char *annotate_ws_title(const annotate_ws_view_t *view)
{
    return g_strdup_printf("TCP worksheet: %s", view->name);
}

/* "1 stream" / "2 streams". */
static const char *plural(uint32_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

char *annotate_ws_intro(const annotate_ws_view_t *view)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "Capture %s: %" PRIu32 " %s, %" PRIu32 " TCP %s", view->name,
                           view->frames, plural(view->frames, "packet", "packets"),
                           view->stream_total, plural(view->stream_total, "stream", "streams"));
    if (view->stream_count != view->stream_total)
        g_string_append_printf(s, " (%zu shown)", view->stream_count);
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

char *annotate_ws_selection(const annotate_ws_view_t *view)
{
    const annotate_config_t *c = view->config;
    if (c->stream_count == 0 && c->filter == NULL)
        return NULL;
    GString *s = g_string_new("Only packets ");
    if (c->stream_count > 0) {
        g_string_append(s, c->stream_count == 1 ? "of TCP stream " : "of TCP streams ");
        for (size_t i = 0; i < c->stream_count; i++)
            g_string_append_printf(s, "%s%" PRIu32, i ? ", " : "", c->streams[i]);
    }
    if (c->filter != NULL)
        g_string_append_printf(s, "%smatching the display filter %s",
                               c->stream_count > 0 ? " and " : "", c->filter);
    g_string_append(s, " are shown; each verdict still covers its whole stream.");
    return g_string_free(s, FALSE);
}

char *annotate_ws_stream_heading(const annotate_ws_stream_t *stream)
{
    char *client = annotate_ws_endpoint(&stream->side[0]);
    char *server = annotate_ws_endpoint(&stream->side[1]);
    char *heading = g_strdup_printf("Stream %" PRIu32 ": client %s, server %s", stream->id,
                                    client, server);
    g_free(client);
    g_free(server);
    return heading;
}

const char *annotate_ws_stream_caveat(const annotate_ws_stream_t *stream)
{
    if (!stream->roles_by_port)
        return NULL;
    return "The handshake was not captured (the capture starts in the middle of the "
           "connection): client and server are guessed from the ports, and the "
           "relative numbers count from the first ones seen.";
}

/* What a step is called in a verdict; NULL for steps not listed. */
const char *annotate_ws_step_words(unsigned step)
{
    switch (step) {
    case EXPLAIN_STEP_SYN:           return "handshake 1/3 SYN";
    case EXPLAIN_STEP_SYN_ACK:       return "handshake 2/3 SYN-ACK";
    case EXPLAIN_STEP_HANDSHAKE_ACK: return "handshake 3/3 ACK";
    case EXPLAIN_STEP_DATA:          return "data";
    case EXPLAIN_STEP_ACK:           return "ACK";
    case EXPLAIN_STEP_FIN:           return "teardown 1/4 FIN";
    case EXPLAIN_STEP_FIN_ACK:       return "teardown 2/4 ACK";
    case EXPLAIN_STEP_PASSIVE_FIN:   return "teardown 3/4 FIN";
    case EXPLAIN_STEP_LAST_ACK:      return "teardown 4/4 ACK";
    case EXPLAIN_STEP_RST:           return "RST";
    case EXPLAIN_STEP_OTHER:         return "other";
    default:                         return NULL;
    }
}

static const char *const side_names[2] = { "client", "server" };

/* The phase's label ("established"), from the explain.phase values. */
static const char *phase_words(unsigned phase)
{
    switch (phase) {
#define X_PHASE_CASE(name, label, value) case value: return label;
    EXPLAIN_PHASE_LIST(X_PHASE_CASE)
#undef X_PHASE_CASE
    default: return "unknown";
    }
}

/* "frame 4", "frames 6, 8, 9", or "frames 4, 5, 6, 7, 8 ... 300". */
static void append_frames(GString *s, const annotate_ws_frames_t *f)
{
    g_string_append(s, f->count == 1 ? "frame " : "frames ");
    uint32_t listed = f->count < ANNOTATE_WS_LIST_FRAMES ? f->count : ANNOTATE_WS_LIST_FRAMES;
    for (uint32_t i = 0; i < listed; i++)
        g_string_append_printf(s, "%s%" PRIu32, i ? ", " : "", f->frames[i]);
    if (f->count > listed)
        g_string_append_printf(s, " ... %" PRIu32, f->last);
}

/* Lists the frames of steps from..to that were seen: "frames 1, 2, 3". */
static char *frames_of(const annotate_ws_stream_t *st, unsigned from, unsigned to)
{
    GString *s = g_string_new(NULL);
    unsigned n = 0;
    for (unsigned i = from; i <= to; i++) {
        if (st->steps[i].count > 0) {
            g_string_append_printf(s, "%s%" PRIu32, n ? ", " : "", st->steps[i].frames[0]);
            n++;
        }
    }
    char *text = g_strdup_printf("%s %s", n == 1 ? "frame" : "frames", s->str);
    g_string_free(s, TRUE);
    return text;
}

annotate_ws_completeness_t annotate_ws_completeness(const annotate_ws_stream_t *stream)
{
    const annotate_ws_frames_t *k = stream->steps;
    return (annotate_ws_completeness_t){
        .handshake = k[EXPLAIN_STEP_SYN].count && k[EXPLAIN_STEP_SYN_ACK].count &&
                     k[EXPLAIN_STEP_HANDSHAKE_ACK].count,
        .closed = k[EXPLAIN_STEP_LAST_ACK].count > 0,
        .reset = k[EXPLAIN_STEP_RST].count > 0,
    };
}

/* Why the stream is (not) a complete connection. */
static char *completeness(const annotate_ws_stream_t *st)
{
    const annotate_ws_frames_t *k = st->steps;
    annotate_ws_completeness_t c = annotate_ws_completeness(st);
    bool handshake = c.handshake, closed = c.closed, reset = c.reset;
    if (handshake && closed && !reset) {
        char *hs = frames_of(st, EXPLAIN_STEP_SYN, EXPLAIN_STEP_HANDSHAKE_ACK);
        char *td = frames_of(st, EXPLAIN_STEP_FIN, EXPLAIN_STEP_LAST_ACK);
        char *text = g_strdup_printf("yes: the three-way handshake (%s) and the orderly "
                                     "close (%s) were both captured.", hs, td);
        g_free(hs);
        g_free(td);
        return text;
    }
    GString *s = g_string_new("no: ");
    if (st->roles_by_port)
        g_string_append(s, "the handshake was not captured");
    else if (!handshake)
        g_string_append_printf(s, "the handshake is incomplete (%s)",
                               !k[EXPLAIN_STEP_SYN].count       ? "no SYN captured"
                               : !k[EXPLAIN_STEP_SYN_ACK].count ? "no SYN-ACK"
                                                                : "no final ACK");
    else
        g_string_append(s, "the handshake was captured");
    if (reset) {
        g_string_append_printf(s, "; the %s reset the connection (RST, frame %" PRIu32 ")",
                               side_names[st->rst_side & 1], k[EXPLAIN_STEP_RST].frames[0]);
        if (st->phase_before_rst != EXPLAIN_PHASE_UNKNOWN)
            g_string_append_printf(s, " during the %s phase",
                                   phase_words(st->phase_before_rst));
    } else if (closed) {
        g_string_append(s, "; the orderly close was captured");
    } else if (st->side[0].fin_sent || st->side[1].fin_sent) {
        g_string_append_printf(s, "; the close is incomplete (FIN from %s)",
                               st->side[0].fin_sent && st->side[1].fin_sent ? "both sides, no last ACK"
                               : st->side[0].fin_sent ? "the client only" : "the server only");
    } else {
        g_string_append(s, "; the connection is still open when the capture ends");
    }
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

/* Which steps were seen, in step order, with their frames. */
static char *steps_seen(const annotate_ws_stream_t *st)
{
    static const unsigned order[] = {
        EXPLAIN_STEP_SYN, EXPLAIN_STEP_SYN_ACK, EXPLAIN_STEP_HANDSHAKE_ACK,
        EXPLAIN_STEP_DATA, EXPLAIN_STEP_ACK, EXPLAIN_STEP_FIN, EXPLAIN_STEP_FIN_ACK,
        EXPLAIN_STEP_PASSIVE_FIN, EXPLAIN_STEP_LAST_ACK, EXPLAIN_STEP_RST, EXPLAIN_STEP_OTHER,
    };
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        const annotate_ws_frames_t *step = &st->steps[order[i]];
        if (step->count == 0)
            continue;
        if (s->len > 0)
            g_string_append(s, "; ");
        g_string_append(s, annotate_ws_step_words(order[i]));
        if (step->count > 1)
            g_string_append_printf(s, " \u00d7%" PRIu32, step->count);
        g_string_append(s, " (");
        append_frames(s, step);
        g_string_append(s, ")");
    }
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

/* "36 = 1 SYN + 34 data + 1 FIN" for one side, with "+ N not captured"
 * when the sequence numbers used hold bytes the capture does not show. */
static void append_consumed(GString *s, const annotate_ws_side_t *side)
{
    uint64_t control = side->seq_consumed - side->payload_total;
    unsigned syn = side->syn_sent ? 1 : 0, fin = side->fin_sent ? 1 : 0;
    g_string_append_printf(s, "%" PRIu64 " = ", side->seq_consumed);
    if (side->seq_consumed >= side->payload_total && control >= syn + fin) {
        if (syn)
            g_string_append(s, "1 SYN + ");
        g_string_append_printf(s, "%" PRIu64 " data", side->payload_total);
        if (control > syn + fin)
            g_string_append_printf(s, " + %" PRIu64 " not captured", control - syn - fin);
        if (fin)
            g_string_append(s, " + 1 FIN");
    } else {
        g_string_append_printf(s, "%" PRIu64 " data + %" PRIu64 " for SYN and FIN",
                               side->payload_total, control);
    }
}

/* How many sequence numbers each side used. */
static char *sequence_used(const annotate_ws_stream_t *st)
{
    GString *s = g_string_new(NULL);
    for (unsigned i = 0; i < 2; i++) {
        if (!st->side[i].seen)
            continue;
        if (s->len > 0)
            g_string_append(s, "; ");
        g_string_append_printf(s, "%s ", side_names[i]);
        append_consumed(s, &st->side[i]);
    }
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

/* What each side acknowledged last, against what the other side used. */
static char *acknowledged(const annotate_ws_stream_t *st)
{
    GString *s = g_string_new(NULL);
    for (unsigned i = 0; i < 2; i++) {
        const annotate_ws_side_t *side = &st->side[i];
        const annotate_ws_side_t *peer = &st->side[1 - i];
        if (!side->has_ack)
            continue;
        if (s->len > 0)
            g_string_append(s, "; ");
        g_string_append_printf(s, "the %s acked %" PRIu32, side_names[i], side->last_ack_rel);
        if (peer->seen && peer->syn_sent) {
            if (side->last_ack_rel == peer->seq_consumed)
                g_string_append_printf(s, " (all %" PRIu64 " the %s used)", peer->seq_consumed,
                                       side_names[1 - i]);
            else if (side->last_ack_rel < peer->seq_consumed)
                g_string_append_printf(s, " (of the %" PRIu64 " the %s used, %" PRIu64
                                       " not acknowledged in the capture)",
                                       peer->seq_consumed, side_names[1 - i],
                                       peer->seq_consumed - side->last_ack_rel);
        }
    }
    if (s->len == 0)
        g_string_append(s, "no acknowledgment was seen");
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

/* The packets Wireshark's TCP analysis calls retransmissions. */
static char *sent_again(const annotate_ws_stream_t *st)
{
    if (st->resent.count == 0)
        return g_strdup("no retransmission (Wireshark's TCP analysis).");
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%" PRIu32 " %s (", st->resent.count,
                           plural(st->resent.count, "retransmission", "retransmissions"));
    append_frames(s, &st->resent);
    g_string_append(s, "), as Wireshark's TCP analysis reports.");
    return g_string_free(s, FALSE);
}

/* The checks' outcome over the whole stream. */
static char *checks(const annotate_ws_stream_t *st)
{
    if (st->failed.count == 0 && st->explained.count == 0)
        return g_strdup("all passed.");
    GString *s = g_string_new(NULL);
    if (st->failed.count == 0) {
        g_string_append(s, "none failed");
    } else {
        g_string_append_printf(s, "%" PRIu32 " %s with a failed check (", st->failed.count,
                               plural(st->failed.count, "packet", "packets"));
        append_frames(s, &st->failed);
        g_string_append(s, ")");
    }
    if (st->explained.count > 0) {
        g_string_append_printf(s, "; %" PRIu32 " %s with a check its event explains (",
                               st->explained.count,
                               plural(st->explained.count, "packet", "packets"));
        append_frames(s, &st->explained);
        g_string_append(s, ")");
    }
    g_string_append(s, ".");
    return g_string_free(s, FALSE);
}

size_t annotate_ws_verdict(const annotate_ws_stream_t *stream,
                           annotate_ws_verdict_line_t lines[ANNOTATE_WS_VERDICT_MAX])
{
    size_t n = 0;
    lines[n++] = (annotate_ws_verdict_line_t){ "Complete", completeness(stream) };
    lines[n++] = (annotate_ws_verdict_line_t){ "Steps seen", steps_seen(stream) };
    lines[n++] = (annotate_ws_verdict_line_t){ "Sequence numbers used", sequence_used(stream) };
    lines[n++] = (annotate_ws_verdict_line_t){ "Acknowledged at the end", acknowledged(stream) };
    lines[n++] = (annotate_ws_verdict_line_t){ "Sent again", sent_again(stream) };
    lines[n++] = (annotate_ws_verdict_line_t){ "Checks", checks(stream) };
    return n;
}

void annotate_ws_verdict_free(annotate_ws_verdict_line_t *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_free(lines[i].text);
}
