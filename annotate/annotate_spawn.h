/* annotate_spawn.h - run a program (never through a shell) and read its
 * standard output line by line while collecting its standard error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_SPAWN_H
#define ANNOTATE_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct annotate_proc annotate_proc_t;

/* Starts argv[0] with arguments argv (NULL-terminated); a name without '/'
 * is searched in PATH. When stdin_data is not NULL its stdin_len bytes are
 * written to the child's standard input, which is then closed; otherwise
 * the child reads /dev/null. The child gets a process group of its own.
 * Standard output and standard error are read without ever blocking on
 * one while the other is full (see annotate_spawn.c). On failure returns NULL with a message in err;
 * *not_found tells whether the program does not exist. */
annotate_proc_t *annotate_proc_spawn(const char *const *argv,
                                     const void *stdin_data, size_t stdin_len,
                                     bool *not_found, char *err, size_t errlen);

/* Reads the next line of standard output. Returns 1 with *line pointing at
 * the NUL-terminated line (no '\n'; valid until the next call), 0 at end of
 * output, -1 when reading failed or *stop became non-zero (err says which). */
int annotate_proc_read_line(annotate_proc_t *proc, char **line, size_t *len,
                            const volatile sig_atomic_t *stop,
                            char *err, size_t errlen);

/* Makes annotate_proc_wait() give up ("interrupted") once *stop is
 * non-zero; call once at start-up, before any thread. */
void annotate_proc_watch_stop(const volatile sig_atomic_t *stop);

/* Waits for the child to exit, reading (and dropping) any output left.
 * Returns true when it exited with status 0; otherwise describes how it
 * ended ("exit status 2", "killed by signal 9", "interrupted") in err. */
bool annotate_proc_wait(annotate_proc_t *proc, char *err, size_t errlen);

/* The child's standard error so far (its last 16 KiB), NUL-terminated. */
const char *annotate_proc_stderr(const annotate_proc_t *proc);

/* How many bytes the child wrote to its standard error so far. */
size_t annotate_proc_stderr_total(const annotate_proc_t *proc);

/* Ends a child that is still running, with everything it started (its
 * process group: SIGTERM, then SIGKILL after half a second), reaps it and
 * frees everything. Safe on NULL. */
void annotate_proc_free(annotate_proc_t *proc);

#endif /* ANNOTATE_SPAWN_H */
