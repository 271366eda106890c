/* annotate_ladder.h - a stream drawn as a ladder diagram (what a teacher
 * draws on the board): two lifelines, client and server, and one arrow per
 * packet. Two drawings: inline SVG (HTML worksheet, NAME.streamN.svg) and
 * Mermaid sequenceDiagram (Markdown worksheet, NAME.streamN.mmd).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_LADDER_H
#define ANNOTATE_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "annotate_worksheet.h"

/* Arrow kinds: X(ENUM_SUFFIX, "css name", colour, "legend text"). */
#define ANNOTATE_ARROW_LIST(X)                                                          \
    X(NORMAL,  "normal",  "#1f2937", "packet")                                          \
    X(RESENT,  "resent",  "#d9480f", "retransmission (Wireshark's analysis)")           \
    X(DUP_ACK, "dupack",  "#1c7ed6", "duplicate ACK (Wireshark's analysis)")            \
    X(RESET,   "reset",   "#9c36b5", "reset (RST)")                                     \
    X(MISSING, "missing", "#e03131", "sequence numbers never seen in the capture (lost, or not captured)")

typedef enum {
#define ANNOTATE_X_ARROW_ENUM(name, css, colour, legend) ANNOTATE_ARROW_##name,
    ANNOTATE_ARROW_LIST(ANNOTATE_X_ARROW_ENUM)
#undef ANNOTATE_X_ARROW_ENUM
    ANNOTATE_ARROW_COUNT
} annotate_arrow_kind_t;

/* How to draw. */
typedef struct {
    uint32_t packets;     /* first and last this many of a longer stream; 0 = default */
    bool     exercise;    /* blank the numbers annotate_blanks_for_row() picks */
    uint32_t blanks;      /* the --blank choice (0 = per step) */
    bool     links;       /* arrows link to the worksheet rows (#sS-fF) */
    bool     standalone;  /* a file of its own: XML declaration (SVG) */
} annotate_ladder_opts_t;

/* The kind of a packet's arrow: reset, then retransmission, then
 * duplicate ACK, else normal. */
annotate_arrow_kind_t annotate_ladder_kind(const annotate_ws_row_t *row);
const char *annotate_ladder_kind_css(annotate_arrow_kind_t kind);
const char *annotate_ladder_kind_colour(annotate_arrow_kind_t kind);
const char *annotate_ladder_kind_legend(annotate_arrow_kind_t kind);

/* The ladder's rows: the stream's selected packets, those in the
 * worksheet's table and then those --max-rows left out of it. */
guint annotate_ladder_rows(const annotate_ws_stream_t *stream);

/* Row r of those; NULL for a left-out row the worksheet did not keep
 * (annotate_ladder_span() never makes the drawings ask for one). */
const annotate_ws_row_t *annotate_ladder_row(const annotate_ws_stream_t *stream, guint r);

/* Which rows are drawn: [0, *head_end) and [*tail_start, rows), rows
 * being annotate_ladder_rows(). When all of them are drawn (at most
 * 2 * packets), head_end == tail_start == rows. When --max-rows cut the
 * table below packets rows, the head is the table's rows. */
void annotate_ladder_span(const annotate_ws_stream_t *stream, uint32_t packets,
                          guint *head_end, guint *tail_start);

/* The median of the positive time differences between consecutive drawn
 * rows (annotate_ladder_span()'s head_end and tail_start), or 0 when there
 * is none: the spacing against which an idle time counts as long. */
double annotate_ladder_median_gap(const annotate_ws_stream_t *stream, guint head_end,
                                  guint tail_start);

/* The arrow's label: "[PSH,ACK] seq=1 ack=1 len=34", with the numbers in
 * blanks (ANNOTATE_BLANK_BIT mask) shown as ANNOTATE_BLANK_MARK. */
void annotate_ladder_label(const annotate_ws_row_t *row, uint32_t blanks, char *out, size_t outlen);

/* The step's words under the arrow, or the blank mark. */
const char *annotate_ladder_step(const annotate_ws_row_t *row, uint32_t blanks);

/* The anchor of a row in the HTML worksheet: "s0-f4". */
void annotate_ladder_anchor(uint32_t stream, uint32_t frame, char *out, size_t outlen);

/* Seconds as the ladder prints them: "0.000120 s", "3.51 s". */
void annotate_ladder_seconds(double seconds, char *out, size_t outlen);

/* Appends the ladder of stream as an <svg> element (HTML or a file). */
void annotate_ladder_svg(GString *out, const annotate_ws_stream_t *stream,
                         const annotate_ladder_opts_t *opts);

/* Appends the ladder as Mermaid sequenceDiagram source (no ``` fence). */
void annotate_ladder_mermaid(GString *out, const annotate_ws_stream_t *stream,
                             const annotate_ladder_opts_t *opts);

#endif /* ANNOTATE_LADDER_H */
