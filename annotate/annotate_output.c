/* annotate_output.c - temporary file, fsync, then link or rename.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE   /* mkostemp */

#include "annotate_output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#define TMP_MARK ".tmp-"

static mode_t file_mode = 0644;
static char host_tag[65] = "localhost";   /* this machine, as temp names say it */

/* The host name with anything but letters, digits and '-' made '_' (so
 * that it holds no '.', '@' or '/'), at most 32 characters. */
static void make_host_tag(void)
{
    char host[256];
    if (gethostname(host, sizeof host) != 0)
        return;
    host[sizeof host - 1] = '\0';
    size_t n = 0;
    for (const char *p = host; *p != '\0' && n < 32; p++, n++)
        host_tag[n] = g_ascii_isalnum(*p) || *p == '-' ? *p : '_';
    if (n > 0)
        host_tag[n] = '\0';
}

void annotate_output_init(void)
{
    mode_t mask = umask(022);
    umask(mask);
    file_mode = (mode_t)(0666 & ~mask);
    make_host_tag();
}

bool annotate_output_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

bool annotate_output_make_dirs(const char *dir, char *err, size_t errlen)
{
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        snprintf(err, errlen, "cannot create folder %s: %s", dir, strerror(errno));
        return false;
    }
    return true;
}

bool annotate_output_create(annotate_output_t *out, const char *final_path,
                            char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    char *dir = g_path_get_dirname(final_path);
    char *base = g_path_get_basename(final_path);
    /* ".NAME.tmp-PID@HOST-XXXXXX": hidden, and saying who wrote it, so a
     * later run can tell a leftover of a killed run from a live one. */
    char *tmp = g_strdup_printf("%s/.%s" TMP_MARK "%ld@%s-XXXXXX", dir, base, (long)getpid(),
                                host_tag);
    g_free(dir);
    g_free(base);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        snprintf(err, errlen, "cannot create %s: %s", final_path, strerror(saved));
        g_free(tmp);
        errno = saved;
        return false;
    }
    if (fchmod(fd, file_mode) != 0) {
        snprintf(err, errlen, "cannot set permissions on %s: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        g_free(tmp);
        return false;
    }
    out->final_path = g_strdup(final_path);
    out->tmp_path = tmp;
    out->fd = fd;
    return true;
}

FILE *annotate_output_stream(annotate_output_t *out, char *err, size_t errlen)
{
    if (out->stream == NULL && out->fd >= 0) {
        out->stream = fdopen(out->fd, "w");
        if (out->stream == NULL)
            snprintf(err, errlen, "cannot write %s: %s", out->tmp_path, strerror(errno));
    }
    return out->stream;
}

/* Flushes and closes the temporary file; false with err on a write error. */
static bool close_tmp(annotate_output_t *out, char *err, size_t errlen)
{
    bool ok = true;
    int saved = 0;
    if (out->stream != NULL) {
        if (fflush(out->stream) != 0 || ferror(out->stream)) {
            ok = false;
            saved = errno;
        }
    }
    if (ok && out->fd >= 0 && fsync(out->fd) != 0 && errno != EINVAL) {
        ok = false;
        saved = errno;
    }
    if (out->stream != NULL) {
        if (fclose(out->stream) != 0 && ok) {
            ok = false;
            saved = errno;
        }
    } else if (out->fd >= 0 && close(out->fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    out->stream = NULL;
    out->fd = -1;
    if (!ok)
        snprintf(err, errlen, "cannot write %s: %s", out->final_path,
                 strerror(saved != 0 ? saved : EIO));
    return ok;
}

bool annotate_output_commit(annotate_output_t *out, bool force, char *err, size_t errlen)
{
    if (!close_tmp(out, err, errlen))
        return false;
    if (force) {
        if (rename(out->tmp_path, out->final_path) != 0) {
            snprintf(err, errlen, "cannot replace %s: %s", out->final_path, strerror(errno));
            return false;
        }
    } else if (link(out->tmp_path, out->final_path) == 0) {
        unlink(out->tmp_path);   /* link() refuses to replace: no race */
    } else if (errno == EEXIST) {
        snprintf(err, errlen, "%s already exists (use --force to overwrite)", out->final_path);
        return false;
    } else if (annotate_output_exists(out->final_path)) {
        snprintf(err, errlen, "%s already exists (use --force to overwrite)", out->final_path);
        return false;
    } else if (rename(out->tmp_path, out->final_path) != 0) {
        /* A file system without hard links: checked, then renamed. */
        snprintf(err, errlen, "cannot create %s: %s", out->final_path, strerror(errno));
        return false;
    }
    g_free(out->tmp_path);
    out->tmp_path = NULL;
    return true;
}

void annotate_output_discard(annotate_output_t *out)
{
    if (out->stream != NULL)
        fclose(out->stream);
    else if (out->fd >= 0)
        close(out->fd);
    out->stream = NULL;
    out->fd = -1;
    if (out->tmp_path != NULL)
        unlink(out->tmp_path);
    g_free(out->tmp_path);
    g_free(out->final_path);
    out->tmp_path = NULL;
    out->final_path = NULL;
}

/* The pid of a temporary file name written by annotate_output_create()
 * on this host, or 0 when name is not such a name. */
static pid_t tmp_owner(const char *name)
{
    if (name[0] != '.')
        return 0;
    const char *mark = g_strrstr(name, TMP_MARK);
    if (mark == NULL || mark == name)
        return 0;
    const char *p = mark + strlen(TMP_MARK);
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (end == p || *end != '@' || errno != 0 || pid <= 1)
        return 0;
    const char *host = end + 1;
    size_t host_len = strlen(host_tag);
    if (strncmp(host, host_tag, host_len) != 0 || host[host_len] != '-')
        return 0;
    const char *rand = host + host_len + 1;
    if (strlen(rand) != 6)
        return 0;
    for (const char *r = rand; *r != '\0'; r++) {
        if (!g_ascii_isalnum(*r))
            return 0;
    }
    return (pid_t)pid;
}

unsigned annotate_output_sweep_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    unsigned removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        pid_t pid = tmp_owner(e->d_name);
        if (pid == 0 || pid == getpid())
            continue;
        /* Alive (ESRCH says it is not; EPERM: alive, someone else's). */
        if (kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode) || st.st_uid != geteuid())
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}
