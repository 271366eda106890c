/* annotate_output_dirs.h - the folders a run creates, so that a run that
 * writes nothing can take them back (and only them).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_OUTPUT_DIRS_H
#define ANNOTATE_OUTPUT_DIRS_H

typedef struct annotate_output_dirs annotate_output_dirs_t;

/* An empty record. */
annotate_output_dirs_t *annotate_output_dirs_new(void);

/* Records dir and each of its parents that does not exist yet; call it
 * before the folders are created. Not thread-safe. A NULL record (none
 * made yet) is ignored here and below. */
void annotate_output_dirs_note(annotate_output_dirs_t *made, const char *dir);

/* Removes the recorded folders that are empty, deepest first. Never
 * removes a file, nor a folder that existed before it was recorded. */
void annotate_output_dirs_remove_empty(const annotate_output_dirs_t *made);

/* Frees the record (the folders stay). */
void annotate_output_dirs_free(annotate_output_dirs_t *made);

#endif /* ANNOTATE_OUTPUT_DIRS_H */
