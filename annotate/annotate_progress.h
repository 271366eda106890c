/* annotate_progress.h - the progress line and all messages on stderr.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_PROGRESS_H
#define ANNOTATE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/* How the progress line is drawn. */
typedef enum {
    ANNOTATE_DRAW_NONE,     /* no progress line */
    ANNOTATE_DRAW_TTY,      /* one line redrawn in place (\r) */
    ANNOTATE_DRAW_LINES     /* a new line now and then (logs, pipes) */
} annotate_draw_t;

/* Sets the drawing mode and the program name used as message prefix. */
void annotate_progress_setup(annotate_draw_t draw, const char *program);

/* Prints "program: message" on stderr, on its own line even while a
 * progress line is shown. Thread-safe. */
void annotate_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Shows the progress (files done of total, packets, rate, failures,
 * then current, the files being worked on: "; NAME 45% (...)" or "");
 * throttled unless final. Thread-safe. */
void annotate_progress_show(uint64_t files_done, uint64_t files_total, uint64_t packets,
                            uint64_t failed, double seconds, const char *current, bool final);

#endif /* ANNOTATE_PROGRESS_H */
