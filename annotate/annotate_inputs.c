/* annotate_inputs.c - expand files and folders into capture files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_inputs.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

static const char *const capture_extensions[] = { ".pcapng", ".pcap", ".cap", ".ntar" };
static const char explained_suffix[] = ".explained.pcapng";

/* Expansion state shared by the recursive walk. */
typedef struct {
    const annotate_config_t *config;
    annotate_job_list_t     *list;
    annotate_report_fn       report;
    GHashTable              *bases;      /* out_base -> input that claimed it */
    GArray                  *jobs;       /* annotate_job_t */
    dev_t                    out_dev;
    ino_t                    out_ino;
    bool                     out_known;
} walk_t;

/* Reports a printf-style problem and counts a failed input. */
static void problem(walk_t *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void problem(walk_t *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    w->report(msg);
    g_free(msg);
    w->list->failed++;
}

/* Strips suffix (case-insensitively) from the end of s in place. */
static bool strip_suffix(char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n > m && g_ascii_strcasecmp(s + n - m, suffix) == 0) {
        s[n - m] = '\0';
        return true;
    }
    return false;
}

char *annotate_inputs_output_stem(const char *file_name)
{
    char *stem = g_strdup(file_name);
    strip_suffix(stem, ".gz");
    for (size_t i = 0; i < G_N_ELEMENTS(capture_extensions); i++) {
        if (strip_suffix(stem, capture_extensions[i]))
            break;
    }
    return stem;
}

/* True for the names a folder search takes: capture extensions, with or
 * without .gz, not hidden, not one of our outputs. */
static bool looks_like_capture(const char *name)
{
    if (name[0] == '.' || g_str_has_suffix(name, explained_suffix))
        return false;
    char *copy = g_strdup(name);
    strip_suffix(copy, ".gz");
    bool yes = false;
    for (size_t i = 0; i < G_N_ELEMENTS(capture_extensions) && !yes; i++)
        yes = strip_suffix(copy, capture_extensions[i]);
    g_free(copy);
    return yes;
}

/* Adds one capture file; sub is its folder relative to the INPUT folder
 * ("" for a file given directly). */
static void add_job(walk_t *w, const char *path, const char *sub)
{
    char *name = g_path_get_basename(path);
    char *stem = annotate_inputs_output_stem(name);
    annotate_job_t job = {
        .input = g_strdup(path),
        .name = name,
        .out_dir = *sub ? g_build_filename(w->config->outdir, sub, NULL)
                        : g_strdup(w->config->outdir),
    };
    job.out_base = g_build_filename(job.out_dir, stem, NULL);
    g_free(stem);
    const char *other = g_hash_table_lookup(w->bases, job.out_base);
    if (other != NULL) {
        problem(w, "%s: skipped: %s would write the same outputs (%s%s); "
                   "annotate one of them separately", path, other, job.out_base,
                explained_suffix);
        g_free(job.input);
        g_free(job.name);
        g_free(job.out_dir);
        g_free(job.out_base);
        return;
    }
    g_hash_table_insert(w->bases, g_strdup(job.out_base), g_strdup(path));
    g_array_append_val(w->jobs, job);
}

/* Compares two strings through pointers, for qsort. */
static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks folder dir (relative path sub from the INPUT folder). */
static void walk_folder(walk_t *w, const char *dir, const char *sub)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        problem(w, "%s: cannot read folder: %s", dir, strerror(errno));
        return;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            g_ptr_array_add(names, g_strdup(e->d_name));
    }
    closedir(d);
    qsort(names->pdata, names->len, sizeof(gpointer), compare_names);
    for (unsigned i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(dir, name, NULL);
        struct stat lst, st;
        if (lstat(path, &lst) != 0) {
            g_free(path);
            continue;
        }
        if (S_ISDIR(lst.st_mode)) {
            /* Not into the output folder, nor hidden folders. */
            bool is_out = w->out_known && lst.st_dev == w->out_dev && lst.st_ino == w->out_ino;
            if (!is_out && name[0] != '.') {
                char *child_sub = *sub ? g_build_filename(sub, name, NULL) : g_strdup(name);
                walk_folder(w, path, child_sub);
                g_free(child_sub);
            }
        } else if (looks_like_capture(name) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            add_job(w, path, sub);
        }
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
}

void annotate_inputs_expand(const annotate_config_t *config, annotate_job_list_t *list,
                            annotate_report_fn report)
{
    memset(list, 0, sizeof *list);
    walk_t w = {
        .config = config,
        .list = list,
        .report = report,
        .bases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
        .jobs = g_array_new(FALSE, FALSE, sizeof(annotate_job_t)),
    };
    struct stat out_st;
    if (stat(config->outdir, &out_st) == 0) {
        w.out_known = true;
        w.out_dev = out_st.st_dev;
        w.out_ino = out_st.st_ino;
    }
    for (size_t i = 0; i < config->input_count; i++) {
        const char *input = config->inputs[i];
        struct stat st;
        if (stat(input, &st) != 0) {
            problem(&w, "%s: %s", input,
                    errno == ENOENT ? "no such file or folder" : strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            walk_folder(&w, input, "");
        } else if (!S_ISREG(st.st_mode)) {
            /* A pipe or device would be read twice (tshark and us). */
            problem(&w, "%s: not a regular file", input);
        } else {
            add_job(&w, input, "");
        }
    }
    list->count = w.jobs->len;
    list->jobs = (annotate_job_t *)(void *)g_array_free(w.jobs, FALSE);
    g_hash_table_destroy(w.bases);
}

void annotate_inputs_clear(annotate_job_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        g_free(list->jobs[i].input);
        g_free(list->jobs[i].name);
        g_free(list->jobs[i].out_dir);
        g_free(list->jobs[i].out_base);
    }
    g_free(list->jobs);
    memset(list, 0, sizeof *list);
}
