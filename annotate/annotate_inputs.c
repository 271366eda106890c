/* annotate_inputs.c - expand files and folders into capture files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_inputs.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "annotate_file.h"

static const char *const capture_extensions[] = { ".pcapng", ".pcap", ".cap", ".ntar" };
static const char explained_suffix[] = ".explained.pcapng";

/* Expansion state shared by the recursive walk. */
typedef struct {
    const annotate_config_t *config;
    annotate_job_list_t     *list;
    annotate_report_fn       report;
    GHashTable              *bases;      /* out_base -> input that claimed it */
    GHashTable              *identities; /* "dev:ino" of every input -> its path */
    GHashTable              *folders;    /* "dev:ino" of every folder searched -> path */
    GPtrArray               *walk_path;  /* "dev:ino" of the folders being walked */
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

/* Reports a printf-style warning: the run goes on, nothing failed. */
static void warning(walk_t *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void warning(walk_t *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *line = g_strconcat("warning: ", msg, NULL);
    w->report(line);
    g_free(line);
    g_free(msg);
}

/* "dev:ino", the identity of a file whatever name it is reached by. */
static char *identity_of(const struct stat *st)
{
    return g_strdup_printf("%ju:%ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
}

/* Remembers the identities of input path: the file it names and, when
 * path is a symbolic link, the link itself. */
static void remember_input(walk_t *w, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        g_hash_table_replace(w->identities, identity_of(&st), g_strdup(path));
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        g_hash_table_replace(w->identities, identity_of(&st), g_strdup(path));
}

/* The input of this run that output path out already is (by device and
 * inode, through a symbolic link or a hard link too), or NULL. */
static const char *input_at(const walk_t *w, const char *out)
{
    struct stat st;
    const char *input = NULL;
    if (lstat(out, &st) == 0) {
        char *id = identity_of(&st);
        input = g_hash_table_lookup(w->identities, id);
        g_free(id);
    }
    if (input == NULL && stat(out, &st) == 0) {
        char *id = identity_of(&st);
        input = g_hash_table_lookup(w->identities, id);
        g_free(id);
    }
    return input;
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
    remember_input(w, path);
    g_array_append_val(w->jobs, job);
}

/* Compares two strings through pointers, for qsort. */
static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_folder(walk_t *w, const char *dir, const char *sub);

/* Searches folder path (st: what it leads to) unless, reached through a
 * symbolic link, it is being searched already (a loop) or was searched
 * before. */
static void enter_folder(walk_t *w, const char *path, const char *sub,
                         const struct stat *st, bool through_link)
{
    char *id = identity_of(st);
    const char *seen = g_hash_table_lookup(w->folders, id);
    if (seen != NULL && through_link) {
        bool loop = false;
        for (unsigned i = 0; i < w->walk_path->len && !loop; i++)
            loop = strcmp(g_ptr_array_index(w->walk_path, i), id) == 0;
        if (loop)
            warning(w, "%s: skipped: symbolic link loop (it leads back to %s)", path, seen);
        else
            warning(w, "%s: skipped: symbolic link to %s, searched already", path, seen);
        g_free(id);
        return;
    }
    if (seen == NULL)
        g_hash_table_insert(w->folders, g_strdup(id), g_strdup(path));
    g_ptr_array_add(w->walk_path, id);
    walk_folder(w, path, sub);
    g_ptr_array_remove_index(w->walk_path, w->walk_path->len - 1);
}

/* Says why the symbolic link at path cannot be followed (errno set by
 * stat). */
static void report_broken_link(walk_t *w, const char *path)
{
    int saved = errno;
    if (saved == ELOOP) {
        warning(w, "%s: skipped: symbolic link loop", path);
    } else if (saved == ENOENT || saved == ENOTDIR) {
        char *target = g_file_read_link(path, NULL);
        warning(w, "%s: skipped: dangling symbolic link (to %s, which does not exist)", path,
                target != NULL ? target : "?");
        g_free(target);
    } else {
        warning(w, "%s: skipped: cannot follow symbolic link: %s", path, strerror(saved));
    }
}

/* Walks folder dir (relative path sub from the INPUT folder). Symbolic
 * links are followed, to files and to folders; loops, dangling links and
 * links to folders searched already are skipped with a warning. */
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
        /* Hidden files and folders (and . and ..) are not searched. */
        if (e->d_name[0] != '.')
            g_ptr_array_add(names, g_strdup(e->d_name));
    }
    closedir(d);
    qsort(names->pdata, names->len, sizeof(gpointer), compare_names);
    /* Links to folders come after everything else of this folder, so
     * that a real subfolder is searched under its own name first. */
    GPtrArray *folder_links = g_ptr_array_new();
    for (unsigned i = 0; i < names->len + folder_links->len; i++) {
        bool deferred = i >= names->len;
        const char *name = deferred ? g_ptr_array_index(folder_links, i - names->len)
                                    : g_ptr_array_index(names, i);
        char *path = g_build_filename(dir, name, NULL);
        struct stat lst, st;
        if (lstat(path, &lst) != 0) {
            g_free(path);   /* gone since the listing */
            continue;
        }
        bool is_link = S_ISLNK(lst.st_mode);
        if (!is_link) {
            st = lst;
        } else if (stat(path, &st) != 0) {
            report_broken_link(w, path);
            g_free(path);
            continue;
        }
        bool is_out = w->out_known && st.st_dev == w->out_dev && st.st_ino == w->out_ino;
        if (S_ISDIR(st.st_mode) && is_link && !deferred) {
            g_ptr_array_add(folder_links, (gpointer)name);
        } else if (S_ISDIR(st.st_mode) && !is_out) {
            char *child_sub = *sub ? g_build_filename(sub, name, NULL) : g_strdup(name);
            enter_folder(w, path, child_sub, &st, is_link);
            g_free(child_sub);
        } else if (looks_like_capture(name) && S_ISREG(st.st_mode)) {
            add_job(w, path, sub);
        }
        g_free(path);
    }
    g_ptr_array_free(folder_links, TRUE);
    g_ptr_array_free(names, TRUE);
}

/* Drops, with a message, every job whose capture or worksheet output
 * would replace an input of this run (the same device and inode, however
 * it is named), with or without --force. */
static void drop_jobs_writing_over_inputs(walk_t *w)
{
    size_t kept = 0;
    for (size_t i = 0; i < w->jobs->len; i++) {
        annotate_job_t *job = &g_array_index(w->jobs, annotate_job_t, i);
        char *outs[2] = {
            g_strconcat(job->out_base, annotate_capture_suffix, NULL),
            w->config->worksheet == ANNOTATE_WORKSHEET_NONE ? NULL
                : g_strconcat(job->out_base, annotate_worksheet_suffix(w->config->worksheet), NULL),
        };
        const char *clash = NULL, *input = NULL;
        for (size_t k = 0; k < G_N_ELEMENTS(outs) && clash == NULL; k++) {
            if (outs[k] != NULL && (input = input_at(w, outs[k])) != NULL)
                clash = outs[k];
        }
        if (clash != NULL) {
            bool same_name = strcmp(clash, input) == 0;
            problem(w, "%s: skipped: its output %s is an input of this run%s%s%s; "
                       "an input is never written over, even with --force "
                       "(choose another -o folder)",
                    job->input, clash, same_name ? "" : " (the same file as ",
                    same_name ? "" : input, same_name ? "" : ")");
            g_free(job->input);
            g_free(job->name);
            g_free(job->out_dir);
            g_free(job->out_base);
        } else {
            g_array_index(w->jobs, annotate_job_t, kept++) = *job;
        }
        g_free(outs[0]);
        g_free(outs[1]);
    }
    g_array_set_size(w->jobs, kept);
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
        .identities = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
        .folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
        .walk_path = g_ptr_array_new_with_free_func(g_free),
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
            enter_folder(&w, input, "", &st, false);
        } else if (!S_ISREG(st.st_mode)) {
            /* A pipe or device would be read twice (tshark and us). */
            problem(&w, "%s: not a regular file", input);
        } else {
            add_job(&w, input, "");
        }
    }
    drop_jobs_writing_over_inputs(&w);
    list->count = w.jobs->len;
    list->jobs = (annotate_job_t *)(void *)g_array_free(w.jobs, FALSE);
    g_hash_table_destroy(w.bases);
    g_hash_table_destroy(w.identities);
    g_hash_table_destroy(w.folders);
    g_ptr_array_free(w.walk_path, TRUE);
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
