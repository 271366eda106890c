/* annotate_output_dirs.c - the folders a run creates.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_output_dirs.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

struct annotate_output_dirs {
    GHashTable *dirs;   /* path -> itself (a set) */
};

annotate_output_dirs_t *annotate_output_dirs_new(void)
{
    annotate_output_dirs_t *made = g_new0(annotate_output_dirs_t, 1);
    made->dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return made;
}

void annotate_output_dirs_note(annotate_output_dirs_t *made, const char *dir)
{
    if (made == NULL)
        return;
    char *path = g_strdup(dir);
    struct stat st;
    /* Only what is surely missing: a folder that cannot be looked at
     * (EACCES) may exist, and is not ours. */
    while (lstat(path, &st) != 0 && errno == ENOENT) {
        g_hash_table_add(made->dirs, g_strdup(path));
        char *parent = g_path_get_dirname(path);
        bool top = strcmp(parent, path) == 0;
        g_free(path);
        path = parent;
        if (top)
            break;
    }
    g_free(path);
}

/* Deeper paths first: longer ones, which holds for a folder and its
 * parents. */
static gint longer_first(gconstpointer a, gconstpointer b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la < lb ? 1 : la > lb ? -1 : 0;
}

void annotate_output_dirs_remove_empty(const annotate_output_dirs_t *made)
{
    if (made == NULL)
        return;
    GList *paths = g_list_sort(g_hash_table_get_keys(made->dirs), longer_first);
    for (GList *p = paths; p != NULL; p = p->next)
        rmdir(p->data);   /* fails, as wanted, unless the folder is empty */
    g_list_free(paths);
}

void annotate_output_dirs_free(annotate_output_dirs_t *made)
{
    if (made == NULL)
        return;
    g_hash_table_destroy(made->dirs);
    g_free(made);
}
