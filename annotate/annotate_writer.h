/* annotate_writer.h - copy a capture record by record into a pcapng file
 * with libwiretap, adding packet comments on the way.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_WRITER_H
#define ANNOTATE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct annotate_copy annotate_copy_t;

/* Loads libwiretap's file types; call once before any other function. */
void annotate_wiretap_init(const char *argv0);

/* Opens input (any format Wireshark reads, gzip too). NULL with a message
 * in err when it cannot be read or is not a capture file. */
annotate_copy_t *annotate_copy_open(const char *input, char *err, size_t errlen);

/* Starts writing pcapng to a duplicate of out_fd, with the input's section
 * header, interfaces and encapsulation. The caller keeps out_fd (to fsync
 * and close it after annotate_copy_finish). */
bool annotate_copy_start(annotate_copy_t *copy, int out_fd, char *err, size_t errlen);

/* Reads the next record. Returns 1 with its frame number (1, 2, ...) in
 * *frame, 0 at the end of the input, -1 when the input is damaged or cut
 * short (message in err). */
int annotate_copy_next(annotate_copy_t *copy, uint32_t *frame, char *err, size_t errlen);

/* Adds a packet comment to the current record, after the ones it has. */
void annotate_copy_add_comment(annotate_copy_t *copy, const char *comment);

/* Writes the current record: its bytes, time stamp, interface and options
 * unchanged, plus any added comment. */
bool annotate_copy_write(annotate_copy_t *copy, char *err, size_t errlen);

/* Finishes the output file (flushes and closes it). */
bool annotate_copy_finish(annotate_copy_t *copy, char *err, size_t errlen);

/* How far reading has got, in bytes of the input file as stored (gzip:
 * compressed bytes), and the file's size; *total is 0 when unknown. */
void annotate_copy_position(annotate_copy_t *copy, uint64_t *done, uint64_t *total);

/* Closes everything (an unfinished output is just closed). Safe on NULL. */
void annotate_copy_free(annotate_copy_t *copy);

#endif /* ANNOTATE_WRITER_H */
