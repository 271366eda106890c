/* annotate_worksheet.h - the worksheet of one capture: its TCP streams,
 * their packets (rows) and what the whole stream did (verdict).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_WORKSHEET_H
#define ANNOTATE_WORKSHEET_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include "annotate_config.h"
#include "annotate_packet.h"

/* One selected packet, as the worksheet shows it. */
typedef struct {
    uint32_t frame;
    uint8_t  side;            /* 0 = client, 1 = server */
    uint8_t  step;
    uint16_t flags;
    bool     has_ack, has_ack_rel, has_nxtseq;
    uint32_t seq_rel, seq_raw, ack_rel, ack_raw, len, nxtseq;
    char    *explanation;     /* summary, or the narrative with --full */
    char   **messages;        /* failed-check messages, NULL-terminated */
    bool     failed;
    /* For ladders and exercises (annotate_ladder.h). */
    bool     has_time;
    double   time;            /* seconds since the capture's first frame */
    bool     resent;          /* Wireshark: (fast, spurious) retransmission */
    bool     dup_ack;         /* Wireshark: duplicate ACK */
    bool     gap_before;      /* sequence numbers gap_from..gap_to-1 of this */
    uint32_t gap_from, gap_to;/*   sender never appear before this segment */
    bool     has_acked_new;   /* ack_rel minus this side's previous ack */
    uint32_t acked_new;
    bool     has_rtt;
    double   rtt;
    char    *summary;         /* the one-line summary, always */
} annotate_ws_row_t;

/* One side of a stream, from all its packets (selected or not). */
typedef struct {
    bool     seen;
    char    *addr;
    uint16_t port;
    bool     syn_sent, fin_sent;
    uint32_t packets;
    uint64_t seq_consumed;    /* from its last packet */
    uint64_t payload_total;
    bool     has_ack;         /* ack_rel of its last packet that had one */
    uint32_t last_ack_rel;
    bool     has_nxtseq;      /* highest relative next seq it has sent */
    uint32_t max_nxtseq;
} annotate_ws_side_t;

#define ANNOTATE_WS_LIST_FRAMES 5   /* frames listed one by one */

/* Frames of one kind (a step, or retransmissions): how many, the first
 * few, and the last. */
typedef struct {
    uint32_t count;
    uint32_t frames[ANNOTATE_WS_LIST_FRAMES];
    uint32_t last;
} annotate_ws_frames_t;

typedef struct {
    uint32_t           id;            /* tcp.stream */
    GArray            *rows;          /* annotate_ws_row_t, selected packets */
    annotate_ws_side_t side[2];
    annotate_ws_frames_t steps[EXPLAIN_STEP_COUNT];
    annotate_ws_frames_t resent;        /* Wireshark: (fast) retransmission */
    bool               roles_by_port; /* no SYN seen: roles guessed */
    uint8_t            phase;         /* after the last packet */
    uint8_t            rst_side;      /* who sent the first RST */
    uint8_t            phase_before_rst;
    uint32_t           packets;
    annotate_ws_frames_t failed;      /* packets with a failed check */
    annotate_ws_frames_t explained;   /* packets with a check their event explains */
    char              *stream_summary; /* the plugin's end-of-stream summary, sentences
                                          separated by '\n'; NULL: none given */
    uint32_t           rows_left_out; /* selected, beyond --max-rows */
    /* Of those, what the ladder's first/last-N drawing needs (see
     * annotate_worksheet_set_ladder_rows): the first one, and the last
     * few in order. NULL when none was left out. */
    annotate_ws_row_t *first_left_out;
    GArray            *last_left_out; /* annotate_ws_row_t, a ring: */
    guint              last_left_out_start; /* the oldest one's index */
} annotate_ws_stream_t;

typedef struct annotate_worksheet annotate_worksheet_t;

/* An empty worksheet for the capture called name; full: show the whole
 * narrative instead of the summary line. */
annotate_worksheet_t *annotate_worksheet_new(const char *name, bool full);

/* Keeps at most max_rows rows per stream (0: no limit); the packets
 * beyond still count for the verdict and the index. */
void annotate_worksheet_set_max_rows(annotate_worksheet_t *ws, uint32_t max_rows);

/* Ladders draw the first and the last n rows of a stream: rows that
 * --max-rows leaves out of the table are still remembered for them (the
 * first one and the last n + 1), so a capped table's ladder still ends
 * with the stream's real last packets. 0 (the default): none kept. */
void annotate_worksheet_set_ladder_rows(annotate_worksheet_t *ws, uint32_t n);

/* Makes annotate_worksheet_write() give up (false) between streams once
 * *stop is non-zero, so that a signal ends even a long write quickly. */
void annotate_worksheet_set_stop(annotate_worksheet_t *ws, const volatile sig_atomic_t *stop);

/* Takes in one explained packet: every one counts for its stream's
 * verdict, selected ones also become rows. */
void annotate_worksheet_add(annotate_worksheet_t *ws, const annotate_packet_t *packet,
                            bool selected);

/* Writes the worksheet; frames is the capture's packet count and config
 * says how packets were selected. False on a write error. */
bool annotate_worksheet_write(const annotate_worksheet_t *ws, annotate_worksheet_format_t format,
                              const annotate_config_t *config, uint32_t frames, FILE *out);

/* The view the renderers get (see below), for writers of other outputs
 * (ladders, exercises, quiz); free it with annotate_worksheet_view_free. */
typedef struct annotate_ws_view annotate_ws_view_t;
annotate_ws_view_t *annotate_worksheet_view_new(const annotate_worksheet_t *ws,
                                                const annotate_config_t *config, uint32_t frames);
void annotate_worksheet_view_free(annotate_ws_view_t *view);

/* Frees everything. Safe on NULL. */
void annotate_worksheet_free(annotate_worksheet_t *ws);

/* What the renderers get: the streams with rows, in stream order. */
struct annotate_ws_view {
    const char                  *name;
    uint32_t                     frames;
    uint32_t                     stream_total;   /* streams with explanations */
    const annotate_ws_stream_t *const *streams;  /* those with rows */
    size_t                       stream_count;
    const annotate_config_t     *config;
    uint32_t                     max_rows;       /* 0: no limit */
    uint32_t                     streams_capped; /* streams with rows left out */
    const volatile sig_atomic_t *stop;           /* non-zero: stop writing */
    void                        *hold;           /* owned by the view */
};

/* True when the writing of view must stop (a signal came). */
#define ANNOTATE_WS_STOPPED(view) ((view)->stop != NULL && *(view)->stop)

/* ---- shared by the renderers (annotate_worksheet_text.c) ---- */

/* Column headings and the cells of one row, as plain text. */
enum {
    ANNOTATE_COL_FLOW, ANNOTATE_COL_FRAME, ANNOTATE_COL_SEQ, ANNOTATE_COL_SEQ_RAW,
    ANNOTATE_COL_ACK, ANNOTATE_COL_ACK_RAW, ANNOTATE_COL_LEN, ANNOTATE_COL_NXTSEQ,
    ANNOTATE_COL_EXPLANATION, ANNOTATE_COL_COUNT
};
extern const char *const annotate_ws_headings[ANNOTATE_COL_COUNT];
#define ANNOTATE_CELL_MAX 96
/* Fills the short cells (all but the explanation) of row. */
void annotate_ws_cells(const annotate_ws_row_t *row, char cells[ANNOTATE_COL_COUNT][ANNOTATE_CELL_MAX]);

/* TCP flag names in Wireshark's order ("SYN,ACK", "PSH,ACK"), or
 * "no flags". */
void annotate_ws_flag_names(uint16_t flags, char *out, size_t outlen);

/* "ADDR:PORT", "[V6ADDR]:PORT" or "?" for a side. */
char *annotate_ws_endpoint(const annotate_ws_side_t *side);

/* The title, the introduction sentences and the selection sentence
 * (NULL when everything is shown), as plain text. */
char *annotate_ws_title(const annotate_ws_view_t *view);
char *annotate_ws_intro(const annotate_ws_view_t *view);
char *annotate_ws_selection(const annotate_ws_view_t *view);
extern const char annotate_ws_legend[];

/* What the verdict's "Complete" line and the index's verdict both rest
 * on: handshake (SYN, SYN-ACK and the handshake's ACK all seen), closed
 * (the last ACK of an orderly close seen), reset (an RST seen). */
typedef struct {
    bool handshake;
    bool closed;
    bool reset;
} annotate_ws_completeness_t;

/* Those three facts of a stream. */
annotate_ws_completeness_t annotate_ws_completeness(const annotate_ws_stream_t *stream);

/* The stream's heading and, when roles were guessed, a caveat (or NULL). */
/* What a step is called ("handshake 2/3 SYN-ACK"); NULL for unknown steps. */
const char *annotate_ws_step_words(unsigned step);

char *annotate_ws_stream_heading(const annotate_ws_stream_t *stream);
const char *annotate_ws_stream_caveat(const annotate_ws_stream_t *stream);

/* One line of a stream's verdict, plain text. */
typedef struct {
    const char *label;   /* "Complete", "Steps seen", ... */
    char       *text;
} annotate_ws_verdict_line_t;
#define ANNOTATE_WS_VERDICT_MAX 8

/* Fills lines with the verdict of a stream; returns how many. */
size_t annotate_ws_verdict(const annotate_ws_stream_t *stream,
                           annotate_ws_verdict_line_t lines[ANNOTATE_WS_VERDICT_MAX]);
/* Frees the texts of n verdict lines. */
void annotate_ws_verdict_free(annotate_ws_verdict_line_t *lines, size_t n);

/* The sentence that ends a stream's section when the plugin gave it no
 * summary: why there is none. */
extern const char annotate_ws_no_summary[];

/* ---- the index and the row cap (annotate_worksheet_index.c) ---- */

/* More streams than this, or any stream cut by --max-rows, and the
 * worksheet starts with an index of its streams. */
#define ANNOTATE_WS_INDEX_MIN_STREAMS 10
bool annotate_ws_wants_index(const annotate_ws_view_t *view);

/* The sentence above the index (it also says when rows were left out). */
char *annotate_ws_index_intro(const annotate_ws_view_t *view);

/* The index's columns, and one stream's cells as plain text. */
enum {
    ANNOTATE_IDX_STREAM, ANNOTATE_IDX_CLIENT, ANNOTATE_IDX_SERVER, ANNOTATE_IDX_VERDICT,
    ANNOTATE_IDX_PACKETS, ANNOTATE_IDX_BYTES, ANNOTATE_IDX_EVENTS, ANNOTATE_IDX_COUNT
};
extern const char *const annotate_ws_index_headings[ANNOTATE_IDX_COUNT];
/* Fills cells (each g_malloc'ed; free with annotate_ws_index_cells_free). */
void annotate_ws_index_cells(const annotate_ws_stream_t *stream, char *cells[ANNOTATE_IDX_COUNT]);
void annotate_ws_index_cells_free(char *cells[ANNOTATE_IDX_COUNT]);

/* The note under a stream's table when --max-rows left rows out, or NULL. */
char *annotate_ws_cap_note(const annotate_ws_view_t *view, const annotate_ws_stream_t *stream);

/* Renderers: write the view; false on a write error. */
bool annotate_render_markdown(const annotate_ws_view_t *view, FILE *out);
bool annotate_render_html(const annotate_ws_view_t *view, FILE *out);

#endif /* ANNOTATE_WORKSHEET_H */
