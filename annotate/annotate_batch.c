/* annotate_batch.c - worker threads taking files from a shared queue.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_batch.h"

#include <stdatomic.h>

#include <glib.h>

#include "annotate_file.h"
#include "annotate_progress.h"

typedef struct {
    const annotate_config_t     *config;
    const annotate_job_list_t   *list;
    const volatile sig_atomic_t *stop;
    atomic_size_t                next;          /* next job to take */
    atomic_uint_fast64_t         done;          /* files finished, ok or not */
    atomic_uint_fast64_t         failed;
    atomic_uint_fast64_t         packets;
    atomic_uint_fast64_t         comments;
    atomic_uint_fast64_t         interrupted;
    atomic_uint                  workers_left;
} batch_t;

/* A worker: takes jobs until none is left or *stop is set. */
static gpointer worker(gpointer data)
{
    batch_t *b = data;
    for (;;) {
        if (*b->stop)
            break;
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->list->count)
            break;
        const annotate_job_t *job = &b->list->jobs[i];
        annotate_file_stats_t stats;
        char err[2048];
        annotate_file_status_t status = annotate_file_run(b->config, job, b->stop, &b->packets,
                                                          &stats, err, sizeof err);
        if (status == ANNOTATE_FILE_OK) {
            atomic_fetch_add(&b->comments, stats.annotated);
        } else if (status == ANNOTATE_FILE_INTERRUPTED) {
            atomic_fetch_add(&b->interrupted, 1);
            break;
        } else {
            annotate_message("%s: %s", job->input, err);
            atomic_fetch_add(&b->failed, 1);
        }
        atomic_fetch_add(&b->done, 1);
    }
    atomic_fetch_sub(&b->workers_left, 1);
    return NULL;
}

void annotate_batch_run(const annotate_config_t *config, const annotate_job_list_t *list,
                        const volatile sig_atomic_t *stop, annotate_batch_totals_t *totals)
{
    batch_t b = { .config = config, .list = list, .stop = stop };
    size_t threads = config->jobs < list->count ? config->jobs : list->count;
    atomic_store(&b.workers_left, (unsigned)threads);
    GTimer *timer = g_timer_new();
    GThread **pool = g_new0(GThread *, threads + 1);
    for (size_t t = 0; t < threads; t++)
        pool[t] = g_thread_new("annotate", worker, &b);
    while (atomic_load(&b.workers_left) > 0) {
        g_usleep(50 * 1000);
        annotate_progress_show(atomic_load(&b.done), list->count, atomic_load(&b.packets),
                               atomic_load(&b.failed), g_timer_elapsed(timer, NULL), false);
    }
    for (size_t t = 0; t < threads; t++)
        g_thread_join(pool[t]);
    g_free(pool);
    totals->seconds = g_timer_elapsed(timer, NULL);
    g_timer_destroy(timer);
    totals->files_failed = atomic_load(&b.failed);
    totals->files_ok = atomic_load(&b.done) - totals->files_failed;
    totals->packets = atomic_load(&b.packets);
    totals->comments = atomic_load(&b.comments);
    totals->interrupted = atomic_load(&b.interrupted) > 0 || *stop;
    annotate_progress_show(atomic_load(&b.done), list->count, totals->packets,
                           totals->files_failed, totals->seconds, true);
}
