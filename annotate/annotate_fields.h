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

/* Parses a frame number (a line of "tshark -Y ... -e frame.number"). */
bool annotate_fields_parse_frame(const char *text, uint32_t *frame);

#endif /* ANNOTATE_FIELDS_H */
