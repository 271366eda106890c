/* test_catalog_file.c - /catalog/file/...: the teacher catalog file
 * (explain.catalog_file) is read only when it is a regular file of at
 * most 16 MiB: /dev/zero, /dev/urandom, a FIFO without a writer, a folder
 * and a too large file get a clear message, at once, and leave the
 * catalog unchanged (issue 19, item 5).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#ifdef G_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "explain_catalog.h"
#include "explain_file.h"

#define CATALOG_MAX (16u * 1024u * 1024u)   /* annotations/README.md's limit */
#define SECONDS_ALLOWED 10

/* A merge run in a thread, so that a test can tell a hang. */
typedef struct {
    explain_catalog_t *catalog;
    const char        *path;
    char              *error;
    gboolean           result;
    gint               done;   /* atomic */
} merge_run_t;

static gpointer merge_thread(gpointer data)
{
    merge_run_t *run = data;
    run->result = explain_catalog_merge_file(run->catalog, run->path, &run->error);
    g_atomic_int_set(&run->done, 1);
    return NULL;
}

/* Merges path into the built-in catalog and checks that it fails within
 * SECONDS_ALLOWED with the message "path: problem", leaving the catalog's
 * texts as they were. */
static void expect_refused(const char *path, const char *problem)
{
    explain_catalog_t *cat = explain_catalog_new_builtin();
    char *before = g_strdup(explain_catalog_text(cat, "step.syn", EXPLAIN_VOICE_TEACHING, NULL));
    merge_run_t run = { .catalog = cat, .path = path };
    GThread *thread = g_thread_new("merge", merge_thread, &run);
    gint64 deadline = g_get_monotonic_time() + SECONDS_ALLOWED * G_TIME_SPAN_SECOND;
    while (!g_atomic_int_get(&run.done) && g_get_monotonic_time() < deadline) {
        g_usleep(10 * 1000);
    }
    if (!g_atomic_int_get(&run.done)) {
        g_error("merging %s did not return within %d s", path, SECONDS_ALLOWED);
    }
    g_thread_join(thread);
    g_assert_false(run.result);
    char *want = g_strdup_printf("%s: %s", path, problem);
    g_assert_cmpstr(run.error, ==, want);
    g_assert_cmpstr(explain_catalog_text(cat, "step.syn", EXPLAIN_VOICE_TEACHING, NULL), ==, before);
    g_free(want);
    g_free(run.error);
    g_free(before);
    explain_catalog_free(cat);
}

/* A fresh temporary folder (removed by remove_tmp_dir). */
static char *make_tmp_dir(void)
{
    GError *error = NULL;
    char *dir = g_dir_make_tmp("catalog-file-XXXXXX", &error);
    g_assert_no_error(error);
    return dir;
}

static void remove_tmp_dir(char *dir, const char *name)
{
    if (name != NULL) {
        char *path = g_build_filename(dir, name, NULL);
        g_remove(path);
        g_free(path);
    }
    g_rmdir(dir);
    g_free(dir);
}

static void test_dev_zero(void)
{
    if (!g_file_test("/dev/zero", G_FILE_TEST_EXISTS)) {
        g_test_skip("no /dev/zero");
        return;
    }
    expect_refused("/dev/zero", "not a regular file but a character device");
}

static void test_dev_urandom(void)
{
    if (!g_file_test("/dev/urandom", G_FILE_TEST_EXISTS)) {
        g_test_skip("no /dev/urandom");
        return;
    }
    expect_refused("/dev/urandom", "not a regular file but a character device");
}

static void test_fifo(void)
{
#ifdef G_OS_UNIX
    char *dir = make_tmp_dir();
    char *path = g_build_filename(dir, "catalog.keyfile", NULL);
    g_assert_cmpint(mkfifo(path, 0600), ==, 0);
    /* No writer: a plain open() for reading would wait for one forever. */
    expect_refused(path, "not a regular file but a FIFO (named pipe)");
    g_free(path);
    remove_tmp_dir(dir, "catalog.keyfile");
#else
    g_test_skip("no FIFOs here");
#endif
}

static void test_folder(void)
{
    char *dir = make_tmp_dir();
    expect_refused(dir, "not a regular file but a folder");
    remove_tmp_dir(dir, NULL);
}

/* A sparse file one byte over the limit: refused from its size. */
static void test_too_big(void)
{
#ifdef G_OS_UNIX
    char *dir = make_tmp_dir();
    char *path = g_build_filename(dir, "big.keyfile", NULL);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, (off_t)CATALOG_MAX + 1), ==, 0);
    close(fd);
    char *problem = g_strdup_printf("file is %u bytes, at most %u", CATALOG_MAX + 1, CATALOG_MAX);
    expect_refused(path, problem);
    g_free(problem);
    g_free(path);
    remove_tmp_dir(dir, "big.keyfile");
#else
    g_test_skip("needs ftruncate");
#endif
}

/* A file exactly at the limit is read (and then fails as text: NUL
 * bytes), so the limit is the documented one, not one byte less. */
static void test_at_limit(void)
{
#ifdef G_OS_UNIX
    char *dir = make_tmp_dir();
    char *path = g_build_filename(dir, "full.keyfile", NULL);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, (off_t)CATALOG_MAX), ==, 0);
    close(fd);
    char *data = NULL, *problem = NULL;
    size_t len = 0;
    g_assert_true(explain_file_read(path, CATALOG_MAX, &data, &len, &problem));
    g_assert_null(problem);
    g_assert_cmpuint(len, ==, CATALOG_MAX);
    g_assert_cmpint(data[len], ==, '\0');
    g_free(data);
    g_free(path);
    remove_tmp_dir(dir, "full.keyfile");
#else
    g_test_skip("needs ftruncate");
#endif
}

/* The limit holds while reading, not only from the size: /proc files
 * are regular and report 0 bytes. */
static void test_limit_while_reading(void)
{
    const char *path = "/proc/self/status";
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_test_skip("no /proc/self/status");
        return;
    }
    char *data = NULL, *problem = NULL;
    size_t len = 0;
    g_assert_false(explain_file_read(path, 16, &data, &len, &problem));
    g_assert_null(data);
    g_assert_cmpstr(problem, ==, "file is more than 16 bytes, at most 16");
    g_free(problem);
    /* With room enough the same file reads, to its end. */
    g_assert_true(explain_file_read(path, 1u << 20, &data, &len, &problem));
    g_assert_cmpuint(len, >, 16);
    g_assert_cmpuint(strlen(data), ==, len);
    g_free(data);
}

/* A regular override file still merges. */
static void test_regular(void)
{
    char *dir = make_tmp_dir();
    char *path = g_build_filename(dir, "ok.keyfile", NULL);
    static const char text[] = "[step.syn]\nteaching = New SYN text: {sender}, {seq_raw}, {seq_rel}.\n";
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    explain_catalog_t *cat = explain_catalog_new_builtin();
    char *error = NULL;
    g_assert_true(explain_catalog_merge_file(cat, path, &error));
    g_assert_null(error);
    g_assert_cmpstr(explain_catalog_text(cat, "step.syn", EXPLAIN_VOICE_TEACHING, NULL), ==,
                    "New SYN text: {sender}, {seq_raw}, {seq_rel}.");
    explain_catalog_free(cat);
    g_free(path);
    remove_tmp_dir(dir, "ok.keyfile");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/catalog/file/dev-zero", test_dev_zero);
    g_test_add_func("/catalog/file/dev-urandom", test_dev_urandom);
    g_test_add_func("/catalog/file/fifo-without-writer", test_fifo);
    g_test_add_func("/catalog/file/folder", test_folder);
    g_test_add_func("/catalog/file/too-big", test_too_big);
    g_test_add_func("/catalog/file/at-limit", test_at_limit);
    g_test_add_func("/catalog/file/limit-while-reading", test_limit_while_reading);
    g_test_add_func("/catalog/file/regular", test_regular);
    return g_test_run();
}
