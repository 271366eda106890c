/* explain_file.c - reading a small file that a user named.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "explain_file.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#ifdef G_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular one is, in words. */
static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode)) {
        return "a folder";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO (named pipe)";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a plain file";
}

/* Reads fd to its end into a new buffer; false when it holds more than
 * max bytes or a read fails (*problem set). */
static bool read_all(int fd, size_t size_hint, size_t max, char **data, size_t *len,
                     char **problem)
{
    size_t cap = (size_hint < max ? size_hint : max) + 1;
    if (cap < 4096) {
        cap = 4096;
    }
    char *buf = g_malloc(cap + 1);
    size_t used = 0;
    for (;;) {
        if (used == cap) {
            if (cap > max) {
                break;   /* more than max: caught below */
            }
            cap = cap > max / 2 ? max + 1 : cap * 2;
            buf = g_realloc(buf, cap + 1);
        }
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            *problem = g_strdup_printf("cannot read: %s", g_strerror(errno));
            g_free(buf);
            return false;
        }
        if (n == 0) {
            break;
        }
        used += (size_t)n;
        if (used > max) {
            break;
        }
    }
    if (used > max) {
        *problem = g_strdup_printf("file is more than %zu bytes, at most %zu", max, max);
        g_free(buf);
        return false;
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return true;
}

bool explain_file_read(const char *path, size_t max, char **data, size_t *len,
                       char **problem)
{
    *data = NULL;
    *len = 0;
    *problem = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *problem = g_strdup_printf("cannot read: %s", g_strerror(errno));
        return false;
    }
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) != 0) {
        *problem = g_strdup_printf("cannot read: %s", g_strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        *problem = g_strdup_printf("not a regular file but %s", kind_of(st.st_mode));
    } else if ((uintmax_t)st.st_size > (uintmax_t)max) {
        *problem = g_strdup_printf("file is %jd bytes, at most %zu", (intmax_t)st.st_size, max);
    } else {
        /* A regular file: reads block as usual from here on. */
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0) {
            (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        }
        ok = read_all(fd, (size_t)st.st_size, max, data, len, problem);
    }
    close(fd);
    return ok;
}

#else /* !G_OS_UNIX: no FIFOs or character devices to fear in the same way */

bool explain_file_read(const char *path, size_t max, char **data, size_t *len,
                       char **problem)
{
    *data = NULL;
    *len = 0;
    *problem = NULL;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        *problem = g_strdup("not a regular file");
        return false;
    }
    GError *gerr = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, data, &n, &gerr)) {
        *problem = g_strdup_printf("cannot read: %s", gerr->message);
        g_clear_error(&gerr);
        return false;
    }
    if (n > max) {
        *problem = g_strdup_printf("file is %zu bytes, at most %zu", (size_t)n, max);
        g_free(*data);
        *data = NULL;
        return false;
    }
    *len = n;
    return true;
}

#endif
