/* annotate_progress.c - stderr output shared by all worker threads.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_progress.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

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
        GString *line = g_string_new(NULL);
        /* On a terminal without the program's name: the line is redrawn in
         * place, under the command, and the room is for the numbers. */
        if (draw_mode != ANNOTATE_DRAW_TTY || final)
            g_string_append_printf(line, "%s: ", program_name);
        g_string_append_printf(line, "%" PRIu64 "/%" PRIu64 " files, %" PRIu64 " packets, "
                               "%.0f packets/s", files_done, files_total, packets, rate);
        if (failed > 0)
            g_string_append_printf(line, ", %" PRIu64 " failed", failed);
        g_string_append(line, current);
        if (draw_mode == ANNOTATE_DRAW_TTY) {
            /* A line wider than the terminal would wrap, and "\r" would then
             * redraw only its last part: cut it to the width. */
            struct winsize ws;
            if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 &&
                line->len >= ws.ws_col) {
                size_t cut = ws.ws_col - 1u;
                while (cut > 0 && ((unsigned char)line->str[cut] & 0xc0) == 0x80)
                    cut--;   /* not inside a UTF-8 character */
                g_string_truncate(line, cut);
            }
            fputs("\r\033[K", stderr);
        }
        fputs(line->str, stderr);
        g_string_free(line, TRUE);
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
