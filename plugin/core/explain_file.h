/* explain_file.h - reading a small file that a user named (the teacher
 * catalog): only a regular file, and never more than a limit.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPLAIN_FILE_H
#define EXPLAIN_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the whole file at path into *data (NUL-terminated, g_free it)
 * and its length into *len. Anything that is not a regular file (a FIFO,
 * a device such as /dev/zero, a folder, a socket) is refused after the
 * open and before any read; the open itself cannot block (O_NONBLOCK:
 * a FIFO without a writer). A file of more than max bytes is refused,
 * from its size and again while reading (files that grow, or report no
 * size). On failure returns false, *data is NULL and *problem (g_free it)
 * says why in a few words, without the path. */
bool explain_file_read(const char *path, size_t max, char **data, size_t *len,
                       char **problem);

#endif /* EXPLAIN_FILE_H */
