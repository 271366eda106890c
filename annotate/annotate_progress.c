/* annotate_progress.c - stderr output shared by all worker threads.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_progress.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include <glib.h>

static GMutex lock;
static annotate_draw_t draw_mode = ANNOTATE_DRAW_NONE;
static const char *program_name = "tcp-explain-annotate";
static bool line_shown;        /* a tty progress line is on screen */
static double last_shown = -1e9;
static uint64_t shown_done = UINT64_MAX, shown_packets, shown_failed;  /* last line drawn */

void annotate_progress_setup(annotate_draw_t draw, const char *program)
{
    draw_mode = draw;
    program_name = program;
}

void annotate_message(const char *fmt, ...)
{
    va_list ap;
    g_mutex_lock(&lock);
    if (line_shown) {
        fputs("\r\033[K", stderr);
        line_shown = false;
        last_shown = -1e9;   /* redraw at the next chance */
        shown_done = UINT64_MAX;
    }
    fprintf(stderr, "%s: ", program_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    g_mutex_unlock(&lock);
}

void annotate_progress_show(uint64_t files_done, uint64_t files_total, uint64_t packets,
                            uint64_t failed, double seconds, const char *current, bool final)
{
    if (draw_mode == ANNOTATE_DRAW_NONE)
        return;
    double interval = draw_mode == ANNOTATE_DRAW_TTY ? 0.2 : 1.0;
    g_mutex_lock(&lock);
    bool same = files_done == shown_done && packets == shown_packets && failed == shown_failed;
    bool due = final ? !(same && draw_mode == ANNOTATE_DRAW_LINES) : seconds - last_shown >= interval;
    if (due) {
        last_shown = seconds;
        shown_done = files_done;
        shown_packets = packets;
        shown_failed = failed;
        double rate = seconds > 0.05 ? (double)packets / seconds : 0.0;
        if (draw_mode == ANNOTATE_DRAW_TTY)
            fputs("\r\033[K", stderr);
        fprintf(stderr, "%s: %" PRIu64 "/%" PRIu64 " files, %" PRIu64 " packets, %.0f packets/s",
                program_name, files_done, files_total, packets, rate);
        if (failed > 0)
            fprintf(stderr, ", %" PRIu64 " failed", failed);
        fputs(current, stderr);
        if (draw_mode == ANNOTATE_DRAW_LINES || final) {
            fputc('\n', stderr);
            line_shown = false;
        } else {
            line_shown = true;
        }
        fflush(stderr);
    }
    g_mutex_unlock(&lock);
}
