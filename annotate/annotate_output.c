/* annotate_output.c - temporary file, fsync, then link or rename.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE   /* mkostemp */

#include "annotate_output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

static mode_t file_mode = 0644;

void annotate_output_init(void)
{
    mode_t mask = umask(022);
    umask(mask);
    file_mode = (mode_t)(0666 & ~mask);
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
    char *tmp = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);
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
