/* annotate_spawn.c - child processes with piped stdout and stderr.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_spawn.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#define STDERR_KEEP   16384u   /* bytes of the child's stderr we keep */
#define READ_CHUNK    65536u
#define POLL_TIMEOUT_MS 200    /* how often a blocked read looks at *stop */

struct annotate_proc {
    pid_t    pid;
    bool     reaped;
    int      status;           /* waitpid() status once reaped */
    int      out_fd;           /* -1 once at end of file */
    int      err_fd;           /* -1 once at end of file */
    char    *buf;              /* stdout bytes not yet returned as lines */
    size_t   buf_len;
    size_t   buf_cap;
    size_t   line_start;       /* where the unreturned bytes begin in buf */
    char     err_text[STDERR_KEEP + 1];
    size_t   err_len;
};

/* Keeps the last STDERR_KEEP bytes of the child's stderr. */
static void keep_stderr(annotate_proc_t *proc, const char *data, size_t n)
{
    if (n >= STDERR_KEEP) {
        memcpy(proc->err_text, data + n - STDERR_KEEP, STDERR_KEEP);
        proc->err_len = STDERR_KEEP;
    } else {
        if (proc->err_len + n > STDERR_KEEP) {
            size_t drop = proc->err_len + n - STDERR_KEEP;
            memmove(proc->err_text, proc->err_text + drop, proc->err_len - drop);
            proc->err_len -= drop;
        }
        memcpy(proc->err_text + proc->err_len, data, n);
        proc->err_len += n;
    }
    proc->err_text[proc->err_len] = '\0';
}

/* Reads what is available on stderr; closes it at end of file. */
static void drain_stderr(annotate_proc_t *proc)
{
    /* As large as what we keep: gcc 14 (Debian 13) cannot prove a smaller
     * chunk safe in keep_stderr() and warns (-Warray-bounds). */
    char chunk[STDERR_KEEP];
    ssize_t n = read(proc->err_fd, chunk, sizeof chunk);
    if (n > 0) {
        keep_stderr(proc, chunk, (size_t)n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(proc->err_fd);
        proc->err_fd = -1;
    }
}

/* Reads what is available on stdout into buf; closes it at end of file.
 * Returns false on a read error. */
static bool fill_stdout(annotate_proc_t *proc, char *err, size_t errlen)
{
    if (proc->line_start > 0) {
        memmove(proc->buf, proc->buf + proc->line_start, proc->buf_len - proc->line_start);
        proc->buf_len -= proc->line_start;
        proc->line_start = 0;
    }
    if (proc->buf_cap - proc->buf_len < READ_CHUNK) {
        size_t cap = proc->buf_cap * 2;
        while (cap - proc->buf_len < READ_CHUNK)
            cap *= 2;
        proc->buf = g_realloc(proc->buf, cap + 1);
        proc->buf_cap = cap;
    }
    ssize_t n = read(proc->out_fd, proc->buf + proc->buf_len, READ_CHUNK);
    if (n > 0) {
        proc->buf_len += (size_t)n;
    } else if (n == 0) {
        close(proc->out_fd);
        proc->out_fd = -1;
    } else if (errno != EINTR && errno != EAGAIN) {
        snprintf(err, errlen, "reading from %s: %s", "the child process", strerror(errno));
        close(proc->out_fd);
        proc->out_fd = -1;
        return false;
    }
    return true;
}

/* Waits until stdout or stderr has something; false when *stop is set. */
static bool wait_readable(annotate_proc_t *proc, const volatile sig_atomic_t *stop)
{
    for (;;) {
        if (stop != NULL && *stop)
            return false;
        struct pollfd fds[2];
        nfds_t n = 0;
        if (proc->out_fd >= 0)
            fds[n++] = (struct pollfd){ .fd = proc->out_fd, .events = POLLIN };
        if (proc->err_fd >= 0)
            fds[n++] = (struct pollfd){ .fd = proc->err_fd, .events = POLLIN };
        if (n == 0)
            return true;
        int r = poll(fds, n, POLL_TIMEOUT_MS);
        if (r > 0)
            return true;
        if (r < 0 && errno != EINTR)
            return true;   /* let read() report the problem */
    }
}

/* Writes all of data to fd, then closes fd; a child that stops reading
 * early is not an error here (its exit status will say what happened). */
static void feed_stdin(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        len -= (size_t)n;
    }
    close(fd);
}

annotate_proc_t *annotate_proc_spawn(const char *const *argv,
                                     const void *stdin_data, size_t stdin_len,
                                     bool *not_found, char *err, size_t errlen)
{
    GError *error = NULL;
    GPid pid;
    int in_fd = -1, out_fd = -1, err_fd = -1;
    GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD;
    if (strchr(argv[0], '/') == NULL)
        flags |= G_SPAWN_SEARCH_PATH;

    *not_found = false;
    if (!g_spawn_async_with_pipes(NULL, (gchar **)argv, NULL, flags, NULL, NULL, &pid,
                                  stdin_data != NULL ? &in_fd : NULL, &out_fd, &err_fd,
                                  &error)) {
        *not_found = g_error_matches(error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT);
        snprintf(err, errlen, "cannot run %s: %s", argv[0], error->message);
        g_error_free(error);
        return NULL;
    }
    annotate_proc_t *proc = g_new0(annotate_proc_t, 1);
    proc->pid = pid;
    proc->out_fd = out_fd;
    proc->err_fd = err_fd;
    proc->buf_cap = READ_CHUNK;
    proc->buf = g_malloc(proc->buf_cap + 1);
    if (stdin_data != NULL)
        feed_stdin(in_fd, stdin_data, stdin_len);
    return proc;
}

int annotate_proc_read_line(annotate_proc_t *proc, char **line, size_t *len,
                            const volatile sig_atomic_t *stop,
                            char *err, size_t errlen)
{
    size_t scanned = proc->line_start;
    for (;;) {
        char *start = proc->buf + proc->line_start;
        char *nl = memchr(proc->buf + scanned, '\n', proc->buf_len - scanned);
        if (nl != NULL) {
            *nl = '\0';
            *line = start;
            *len = (size_t)(nl - start);
            proc->line_start = (size_t)(nl - proc->buf) + 1;
            return 1;
        }
        if (proc->out_fd < 0) {
            if (proc->buf_len > proc->line_start) {
                /* A last line without '\n'. */
                proc->buf[proc->buf_len] = '\0';
                *line = start;
                *len = proc->buf_len - proc->line_start;
                proc->line_start = proc->buf_len;
                return 1;
            }
            return 0;
        }
        if (!wait_readable(proc, stop)) {
            snprintf(err, errlen, "interrupted");
            return -1;
        }
        if (proc->err_fd >= 0)
            drain_stderr(proc);
        size_t offset = proc->line_start;
        scanned = proc->buf_len;
        if (!fill_stdout(proc, err, errlen))
            return -1;
        scanned -= offset;   /* fill_stdout moved the unreturned bytes to 0 */
    }
}

/* Reaps the child (blocking); remembers its status. */
static void reap(annotate_proc_t *proc)
{
    while (!proc->reaped) {
        pid_t r = waitpid(proc->pid, &proc->status, 0);
        if (r == proc->pid || (r < 0 && errno != EINTR)) {
            proc->reaped = true;
            g_spawn_close_pid(proc->pid);
        }
    }
}

bool annotate_proc_wait(annotate_proc_t *proc, char *err, size_t errlen)
{
    while (proc->out_fd >= 0 || proc->err_fd >= 0) {
        wait_readable(proc, NULL);
        if (proc->err_fd >= 0)
            drain_stderr(proc);
        if (proc->out_fd >= 0) {
            proc->line_start = proc->buf_len = 0;   /* drop unread output */
            char scratch[128];
            fill_stdout(proc, scratch, sizeof scratch);
        }
    }
    reap(proc);
    if (WIFEXITED(proc->status)) {
        if (WEXITSTATUS(proc->status) == 0)
            return true;
        snprintf(err, errlen, "exit status %d", WEXITSTATUS(proc->status));
    } else if (WIFSIGNALED(proc->status)) {
        snprintf(err, errlen, "killed by signal %d (%s)", WTERMSIG(proc->status),
                 strsignal(WTERMSIG(proc->status)));
    } else {
        snprintf(err, errlen, "ended with wait status %d", proc->status);
    }
    return false;
}

const char *annotate_proc_stderr(const annotate_proc_t *proc)
{
    return proc->err_text;
}

void annotate_proc_free(annotate_proc_t *proc)
{
    if (proc == NULL)
        return;
    if (!proc->reaped)
        kill(proc->pid, SIGTERM);
    if (proc->out_fd >= 0)
        close(proc->out_fd);
    if (proc->err_fd >= 0)
        close(proc->err_fd);
    proc->out_fd = proc->err_fd = -1;
    reap(proc);
    g_free(proc->buf);
    g_free(proc);
}
