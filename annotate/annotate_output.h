/* annotate_output.h - output files written atomically: a temporary file
 * in the destination folder, renamed into place only when complete.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_OUTPUT_H
#define ANNOTATE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *final_path;   /* where the file goes */
    char *tmp_path;     /* the temporary file next to it, NULL when none */
    int   fd;           /* open on tmp_path, -1 when none */
    FILE *stream;       /* when annotate_output_stream() was called */
} annotate_output_t;

/* Remembers the process umask so that outputs get the usual permissions;
 * call once at start-up, before any thread. */
void annotate_output_init(void);

/* True when something (a file, a link, a folder) is known to exist at
 * path; false also when that cannot be found out (creating it will then
 * fail with the reason). */
bool annotate_output_exists(const char *path);

/* Creates the folder and its parents as needed. */
bool annotate_output_make_dirs(const char *dir, char *err, size_t errlen);

/* Creates the hidden temporary file for final_path in the same folder:
 * ".NAME.tmp-PID@HOST-XXXXXX" (this process's id and this machine's name).
 * On failure nothing is left behind, err says why and errno is kept. */
bool annotate_output_create(annotate_output_t *out, const char *final_path,
                            char *err, size_t errlen);

/* A stdio stream on the temporary file (created on first call). */
FILE *annotate_output_stream(annotate_output_t *out, char *err, size_t errlen);

/* Flushes the temporary file to disk and moves it to final_path. Without
 * force an existing final_path is never replaced (the temporary file is
 * removed and err says so). On failure nothing is left behind. */
bool annotate_output_commit(annotate_output_t *out, bool force, char *err, size_t errlen);

/* Removes the temporary file, if any, and frees everything. Also the way
 * to release an output after commit. Safe to call twice. */
void annotate_output_discard(annotate_output_t *out);

/* Removes from dir (not its subfolders) the temporary files that runs on
 * this machine left when they were killed (SIGKILL, a crash, a power cut
 * leaves them too): only regular files owned by this user whose name is
 * ours and whose process is dead. Files of live runs, of other machines,
 * of other users and any other name are left alone. Returns how many
 * were removed. */
unsigned annotate_output_sweep_stale(const char *dir);

#endif /* ANNOTATE_OUTPUT_H */
