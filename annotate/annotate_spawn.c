/* annotate_spawn.c - child processes with piped stdout and stderr.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_spawn.h"

#include <errno.h>
#include <fcntl.h>
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
    size_t   err_total;        /* bytes of stderr read in all */
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

/* Why this cannot deadlock (issue 12). The child writes two pipes; if we
 * ever sat in a blocking read() of one while the child sat blocked
 * writing the other (full, 64 KiB), neither would move again. So:
 *   - both pipes are non-blocking (O_NONBLOCK on our ends), and
 *   - every wait is one poll() on *both* pipes, after which we read each
 *     pipe poll() reported (a read that would block returns EAGAIN).
 * Whenever the child can make progress on either pipe we are in poll()
 * (which wakes for either) or in a read() that returns at once; we never
 * wait on one pipe alone. stderr is read whenever it has data, also while
 * we only want stdout, and only its last STDERR_KEEP bytes are kept, so
 * memory stays bounded however much the child writes there. poll() wakes
 * at least every POLL_TIMEOUT_MS to look at the stop flag, so a signal
 * ends a wait within that time. */

/* Reads what stderr has now; closes it at end of file or on an error. */
static void drain_stderr(annotate_proc_t *proc)
{
    /* As large as what we keep: gcc 14 (Debian 13) cannot prove a smaller
     * chunk safe in keep_stderr() and warns (-Warray-bounds). */
    char chunk[STDERR_KEEP];
    for (int i = 0; i < 16 && proc->err_fd >= 0; i++) {
        ssize_t n = read(proc->err_fd, chunk, sizeof chunk);
        if (n > 0) {
            keep_stderr(proc, chunk, (size_t)n);
            proc->err_total += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close(proc->err_fd);
        proc->err_fd = -1;
    }
}

/* Reads what stdout has now into buf; closes it at end of file. Returns
 * false on a read error. */
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
    } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        snprintf(err, errlen, "reading from %s: %s", "the child process", strerror(errno));
        close(proc->out_fd);
        proc->out_fd = -1;
        return false;
    }
    return true;
}

/* Waits until stdout or stderr is ready, then reads stderr if it is;
 * *out_ready tells whether stdout is. False when *stop is set. */
static bool wait_ready(annotate_proc_t *proc, const volatile sig_atomic_t *stop,
                       bool *out_ready)
{
    *out_ready = false;
    for (;;) {
        if (stop != NULL && *stop)
            return false;
        struct pollfd fds[2];
        nfds_t n = 0;
        int out_slot = -1, err_slot = -1;
        if (proc->out_fd >= 0) {
            out_slot = (int)n;
            fds[n++] = (struct pollfd){ .fd = proc->out_fd, .events = POLLIN };
        }
        if (proc->err_fd >= 0) {
            err_slot = (int)n;
            fds[n++] = (struct pollfd){ .fd = proc->err_fd, .events = POLLIN };
        }
        if (n == 0)
            return true;
        int r = poll(fds, n, POLL_TIMEOUT_MS);
        if (r < 0 && errno != EINTR) {
            *out_ready = out_slot >= 0;   /* let read() report the problem */
            return true;
        }
        if (r <= 0)
            continue;
        if (err_slot >= 0 && fds[err_slot].revents != 0)
            drain_stderr(proc);
        if (out_slot >= 0 && fds[out_slot].revents != 0) {
            *out_ready = true;
            return true;
        }
        if (proc->out_fd < 0 && proc->err_fd < 0)
            return true;
    }
}

/* Makes our end of a pipe non-blocking. */
static void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* In the child, before exec: a process group of its own, so that
 * annotate_proc_free() ends it and anything it started (a --tshark
 * wrapper script and its tshark) with one kill(). */
static void child_setup(gpointer data)
{
    (void)data;
    setpgid(0, 0);
}

/* Writes all of data to fd, then closes fd; a child that stops reading
 * early is not an error here (its exit status will say what happened). */
static void feed_stdin(int fd, const void *data, size_t len)
{
    const char *p = data;
    /* Blocking, unlike our ends of stdout and stderr: the data is small
     * (an empty pcap header) and written before anything is read. */
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
    if (!g_spawn_async_with_pipes(NULL, (gchar **)argv, NULL, flags, child_setup, NULL, &pid,
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
    /* The child may already be in its own group; setting it from here too
     * closes the race with a kill() before the child ran child_setup. */
    setpgid(pid, pid);
    set_nonblocking(out_fd);
    set_nonblocking(err_fd);
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
        bool out_ready;
        if (!wait_ready(proc, stop, &out_ready)) {
            snprintf(err, errlen, "interrupted");
            return -1;
        }
        if (!out_ready)
            continue;
        size_t offset = proc->line_start;
        scanned = proc->buf_len;
        if (!fill_stdout(proc, err, errlen))
            return -1;
        scanned -= offset;   /* fill_stdout moved the unreturned bytes to 0 */
    }
}

/* Set by annotate_proc_watch_stop(); read by annotate_proc_wait(). */
static const volatile sig_atomic_t *wait_stop;

void annotate_proc_watch_stop(const volatile sig_atomic_t *stop)
{
    wait_stop = stop;
}

/* Reaps the child if it has ended (or, when block, once it ends);
 * remembers its status. */
static void reap(annotate_proc_t *proc, bool block)
{
    while (!proc->reaped) {
        pid_t r = waitpid(proc->pid, &proc->status, block ? 0 : WNOHANG);
        if (r == 0)
            return;
        if (r == proc->pid || (r < 0 && errno != EINTR)) {
            proc->reaped = true;
            g_spawn_close_pid(proc->pid);
        }
    }
}

bool annotate_proc_wait(annotate_proc_t *proc, char *err, size_t errlen)
{
    while (proc->out_fd >= 0 || proc->err_fd >= 0) {
        bool out_ready;
        if (!wait_ready(proc, wait_stop, &out_ready)) {
            snprintf(err, errlen, "interrupted");
            return false;
        }
        if (out_ready) {
            proc->line_start = proc->buf_len = 0;   /* drop unread output */
            char scratch[128];
            fill_stdout(proc, scratch, sizeof scratch);
        }
    }
    reap(proc, true);
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

size_t annotate_proc_stderr_total(const annotate_proc_t *proc)
{
    return proc->err_total;
}

const char *annotate_proc_stderr(const annotate_proc_t *proc)
{
    return proc->err_text;
}

#define KILL_GRACE_MS 500   /* SIGTERM, then this long, then SIGKILL */

void annotate_proc_free(annotate_proc_t *proc)
{
    if (proc == NULL)
        return;
    /* Closing our ends first: a child blocked writing gets EPIPE. */
    if (proc->out_fd >= 0)
        close(proc->out_fd);
    if (proc->err_fd >= 0)
        close(proc->err_fd);
    proc->out_fd = proc->err_fd = -1;
    reap(proc, false);
    if (!proc->reaped) {
        /* Its whole process group (see child_setup): a wrapper script and
         * the tshark it started both end. The group cannot be someone
         * else's: the unreaped child keeps its id taken. */
        kill(-proc->pid, SIGTERM);
        for (int waited = 0; waited < KILL_GRACE_MS && !proc->reaped; waited += 10) {
            g_usleep(10 * 1000);
            reap(proc, false);
        }
        if (!proc->reaped)
            kill(-proc->pid, SIGKILL);
        reap(proc, true);
    }
    g_free(proc->buf);
    g_free(proc);
}
