/* annotate_ladder.c - what both ladder drawings share: arrow kinds, which
 * rows are drawn, the labels.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_ladder.h"

#include <inttypes.h>
#include <stdio.h>

#include "annotate_blanks.h"

static const char *const kind_css[ANNOTATE_ARROW_COUNT] = {
#define ANNOTATE_X_ARROW_CSS(name, css, colour, legend) [ANNOTATE_ARROW_##name] = css,
    ANNOTATE_ARROW_LIST(ANNOTATE_X_ARROW_CSS)
#undef ANNOTATE_X_ARROW_CSS
};
static const char *const kind_colour[ANNOTATE_ARROW_COUNT] = {
#define ANNOTATE_X_ARROW_COLOUR(name, css, colour, legend) [ANNOTATE_ARROW_##name] = colour,
    ANNOTATE_ARROW_LIST(ANNOTATE_X_ARROW_COLOUR)
#undef ANNOTATE_X_ARROW_COLOUR
};
static const char *const kind_legend[ANNOTATE_ARROW_COUNT] = {
#define ANNOTATE_X_ARROW_LEGEND(name, css, colour, legend) [ANNOTATE_ARROW_##name] = legend,
    ANNOTATE_ARROW_LIST(ANNOTATE_X_ARROW_LEGEND)
#undef ANNOTATE_X_ARROW_LEGEND
};

const char *annotate_ladder_kind_css(annotate_arrow_kind_t kind)
{
    return kind_css[kind < ANNOTATE_ARROW_COUNT ? kind : 0];
}

const char *annotate_ladder_kind_colour(annotate_arrow_kind_t kind)
{
    return kind_colour[kind < ANNOTATE_ARROW_COUNT ? kind : 0];
}

const char *annotate_ladder_kind_legend(annotate_arrow_kind_t kind)
{
    return kind_legend[kind < ANNOTATE_ARROW_COUNT ? kind : 0];
}

annotate_arrow_kind_t annotate_ladder_kind(const annotate_ws_row_t *row)
{
    if (row->flags & EXPLAIN_TH_RST)
        return ANNOTATE_ARROW_RESET;
    if (row->resent)
        return ANNOTATE_ARROW_RESENT;
    if (row->dup_ack)
        return ANNOTATE_ARROW_DUP_ACK;
    return ANNOTATE_ARROW_NORMAL;
}

guint annotate_ladder_rows(const annotate_ws_stream_t *stream)
{
    return stream->rows->len + stream->rows_left_out;
}

const annotate_ws_row_t *annotate_ladder_row(const annotate_ws_stream_t *stream, guint r)
{
    if (r < stream->rows->len)
        return &g_array_index(stream->rows, annotate_ws_row_t, r);
    guint k = r - stream->rows->len;   /* among those left out */
    if (k == 0 && stream->first_left_out != NULL)
        return stream->first_left_out;
    guint kept = stream->last_left_out != NULL ? stream->last_left_out->len : 0;
    if (k >= stream->rows_left_out || k < stream->rows_left_out - kept)
        return NULL;
    guint i = (stream->last_left_out_start + k - (stream->rows_left_out - kept)) % kept;
    return &g_array_index(stream->last_left_out, annotate_ws_row_t, i);
}

void annotate_ladder_span(const annotate_ws_stream_t *stream, uint32_t packets,
                          guint *head_end, guint *tail_start)
{
    guint rows = annotate_ladder_rows(stream);
    guint n = packets != 0 ? packets : ANNOTATE_LADDER_PACKETS_DEFAULT;
    /* Known rows: the table's, the first left out and the last n + 1
     * (annotate_worksheet_set_ladder_rows), so the head stops at the
     * table's end and the first and last elided rows are both known. */
    guint known_head = stream->rows_left_out > 0 ? stream->rows->len : rows;
    guint head = n < known_head ? n : known_head;
    guint tail = rows > n ? rows - n : 0;
    if (tail <= head) {
        *head_end = *tail_start = rows;
        return;
    }
    *head_end = head;
    *tail_start = tail;
}

/* Ascending doubles. */
static gint compare_doubles(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

double annotate_ladder_median_gap(const annotate_ws_stream_t *stream, guint head_end,
                                  guint tail_start)
{
    GArray *gaps = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint r = 1; r < annotate_ladder_rows(stream); r++) {
        if (r >= head_end && r <= tail_start && head_end != tail_start)
            continue;   /* hidden, or the first row after the elision */
        const annotate_ws_row_t *a = annotate_ladder_row(stream, r - 1);
        const annotate_ws_row_t *b = annotate_ladder_row(stream, r);
        double dt = b->time - a->time;
        if (a->has_time && b->has_time && dt > 0.0)
            g_array_append_val(gaps, dt);
    }
    double median = 0.0;
    if (gaps->len > 0) {
        g_array_sort(gaps, compare_doubles);
        median = g_array_index(gaps, double, gaps->len / 2);
    }
    g_array_free(gaps, TRUE);
    return median;
}

/* Appends " name=value" or " name=____" to out. */
static size_t field(char *out, size_t outlen, size_t used, const char *name, uint32_t value,
                    bool blank)
{
    if (used >= outlen)
        return used;
    int n = blank ? snprintf(out + used, outlen - used, " %s=%s", name, ANNOTATE_BLANK_MARK)
                  : snprintf(out + used, outlen - used, " %s=%" PRIu32, name, value);
    return n > 0 ? used + (size_t)n : used;
}

void annotate_ladder_label(const annotate_ws_row_t *row, uint32_t blanks, char *out, size_t outlen)
{
    char flags[48];
    annotate_ws_flag_names(row->flags, flags, sizeof flags);
    int n = snprintf(out, outlen, "[%s]", flags);
    size_t used = n > 0 ? (size_t)n : 0;
    used = field(out, outlen, used, "seq", row->seq_rel, blanks & ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_SEQ));
    if (row->has_ack_rel && (row->flags & EXPLAIN_TH_ACK))
        used = field(out, outlen, used, "ack", row->ack_rel,
                     blanks & ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_ACK));
    field(out, outlen, used, "len", row->len, blanks & ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_LEN));
}

const char *annotate_ladder_step(const annotate_ws_row_t *row, uint32_t blanks)
{
    if (blanks & ANNOTATE_BLANK_BIT(ANNOTATE_BLANK_STEP))
        return "step " ANNOTATE_BLANK_MARK;
    const char *words = annotate_ws_step_words(row->step);
    return words != NULL ? words : "other";
}

void annotate_ladder_anchor(uint32_t stream, uint32_t frame, char *out, size_t outlen)
{
    snprintf(out, outlen, "s%" PRIu32 "-f%" PRIu32, stream, frame);
}

void annotate_ladder_seconds(double seconds, char *out, size_t outlen)
{
    if (seconds >= 1.0)
        snprintf(out, outlen, "%.2f s", seconds);
    else if (seconds >= 0.001)
        snprintf(out, outlen, "%.1f ms", seconds * 1000.0);
    else
        snprintf(out, outlen, "%.0f \u00b5s", seconds * 1e6);
}
