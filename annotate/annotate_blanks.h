/* annotate_blanks.h - the numbers an exercise sheet leaves blank: which
 * kinds there are, which ones each packet gets, and their answers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_BLANKS_H
#define ANNOTATE_BLANKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate_worksheet.h"

/* X(ENUM_SUFFIX, "--blank id", "what the student writes") */
#define ANNOTATE_BLANK_LIST(X)                                                       \
    X(SEQ,      "seq",      "Sequence number (relative)")                            \
    X(ACK,      "ack",      "Acknowledgment number (relative)")                      \
    X(LEN,      "len",      "Payload length in bytes")                               \
    X(NEXT_SEQ, "next_seq", "Next sequence number of this sender (relative)")        \
    X(ACKED,    "acked",    "Sequence numbers this segment newly acknowledges")      \
    X(STEP,     "step",     "Which step of the connection is this?")

typedef enum {
#define ANNOTATE_X_BLANK_ENUM(name, id, question) ANNOTATE_BLANK_##name,
    ANNOTATE_BLANK_LIST(ANNOTATE_X_BLANK_ENUM)
#undef ANNOTATE_X_BLANK_ENUM
    ANNOTATE_BLANK_COUNT
} annotate_blank_t;

#define ANNOTATE_BLANK_BIT(b) (1u << (b))

/* Parses a --blank list such as "next_seq,ack" into a mask ("bytes_acked"
 * is another name for acked); false (mask unchanged) for an unknown name
 * or an empty list. */
bool annotate_blanks_parse(const char *text, uint32_t *mask);

/* The --blank id and the question of a kind. */
const char *annotate_blank_id(annotate_blank_t blank);
const char *annotate_blank_question(annotate_blank_t blank);

/* The blanks of one row: chosen (a mask from --blank) or, when chosen is
 * 0, the default for the row's step; only kinds the row has a value for.
 * The same row and choice always give the same mask. */
uint32_t annotate_blanks_for_row(const annotate_ws_row_t *row, uint32_t chosen);

/* The answer of one blank as text ("35", "handshake 2/3 SYN-ACK"); false
 * when the row has no such value. */
bool annotate_blank_answer(const annotate_ws_row_t *row, annotate_blank_t blank,
                           char *out, size_t outlen);

/* The answer as a number, for the kinds that are numbers (all but step). */
bool annotate_blank_number(const annotate_ws_row_t *row, annotate_blank_t blank, uint32_t *out);

/* How a blank looks on the student's sheet. */
#define ANNOTATE_BLANK_MARK "____"

#endif /* ANNOTATE_BLANKS_H */
