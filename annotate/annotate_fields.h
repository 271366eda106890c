/* annotate_fields.h - the fields tcp-explain-annotate asks tshark for
 * (-T fields, tab-separated, one line per frame) and their parsing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_FIELDS_H
#define ANNOTATE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate_packet.h"

/* Separates the occurrences of a field that appears more than once
 * (-E occurrence=a -E aggregator=...): a byte no field value contains. */
#define ANNOTATE_FIELDS_AGGREGATOR_STR "\x1f"

/* How many fields, and the name of each, in output order; the first is
 * frame.number, the last explain.text, which may be left out (the
 * narrative: only --full shows it, and printing it costs tshark time);
 * annotate_fields_parse() takes lines with or without it. */
size_t annotate_fields_count(void);
const char *annotate_field_name(size_t index);

/* Fills packet from one output line, splitting it in place (packet's
 * strings point into line). False with a message in err when the line is
 * not what was asked for. */
bool annotate_fields_parse(char *line, annotate_packet_t *packet, char *err, size_t errlen);

/* Which fields to ask for: each set costs tshark less than the next. */
typedef enum {
    ANNOTATE_FIELDS_SUMMARY,   /* frame.number, tcp.stream, explain.summary:
                                * enough for the summary comments */
    ANNOTATE_FIELDS_NO_TEXT,   /* every field but explain.text */
    ANNOTATE_FIELDS_ALL        /* every field (the narrative for --full) */
} annotate_fields_set_t;

/* How many fields a set has, and the name of each, in output order
 * (frame.number first). */
size_t annotate_fields_count_in(annotate_fields_set_t set);
const char *annotate_field_name_in(annotate_fields_set_t set, size_t index);

/* annotate_fields_parse() for a line of the set's fields; what the set
 * lacks is left empty (zero, "", false). */
bool annotate_fields_parse_set(annotate_fields_set_t set, char *line, annotate_packet_t *packet,
                               char *err, size_t errlen);

/* Parses a frame number (a line of "tshark -Y ... -e frame.number"). */
bool annotate_fields_parse_frame(const char *text, uint32_t *frame);

#endif /* ANNOTATE_FIELDS_H */
