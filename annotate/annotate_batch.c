/* annotate_batch.c - worker threads taking files from a shared queue.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_batch.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>

#include <glib.h>

#include "annotate_file.h"
#include "annotate_output.h"
#include "annotate_progress.h"

/* What one worker is doing, for the progress line. */
typedef struct {
    struct batch             *batch;
    atomic_size_t             job;        /* index + 1 of its file, 0 = none */
    atomic_uint_fast64_t      started_us; /* when it began that file */
    annotate_file_progress_t  progress;
} slot_t;

typedef struct batch {
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
    slot_t *slot = data;
    batch_t *b = slot->batch;
    for (;;) {
        if (*b->stop)
            break;
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->list->count)
            break;
        const annotate_job_t *job = &b->list->jobs[i];
        atomic_store(&slot->progress.packets, 0);
        atomic_store(&slot->progress.bytes_done, 0);
        atomic_store(&slot->progress.bytes_total, 0);
        atomic_store(&slot->started_us, (uint_fast64_t)g_get_monotonic_time());
        atomic_store(&slot->job, i + 1);
        annotate_file_stats_t stats;
        char err[2048];
        annotate_file_status_t status = annotate_file_run(b->config, job, b->stop, &slot->progress,
                                                          &stats, err, sizeof err);
        atomic_store(&slot->job, 0);
        if (status == ANNOTATE_FILE_OK) {
            atomic_fetch_add(&b->comments, stats.annotated);
            if (stats.note[0] != '\0')
                annotate_message("%s: annotated; tshark wrote to its standard error: %s",
                                 job->input, stats.note);
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

/* The files being worked on, as "; NAME 45% (120000 packets, 31000/s)"
 * for each, into out. */
static void describe_current(const batch_t *b, slot_t *slots, size_t threads,
                             char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    int64_t now = g_get_monotonic_time();
    for (size_t t = 0; t < threads && used < outlen; t++) {
        size_t job = atomic_load(&slots[t].job);
        if (job == 0)
            continue;
        const char *name = b->list->jobs[job - 1].name;
        uint64_t packets = atomic_load(&slots[t].progress.packets);
        uint64_t done = atomic_load(&slots[t].progress.bytes_done);
        uint64_t total = atomic_load(&slots[t].progress.bytes_total);
        double secs = (double)(now - (int64_t)atomic_load(&slots[t].started_us)) / 1e6;
        char percent[16] = "";
        if (total > 0 && done <= total)
            snprintf(percent, sizeof percent, " %u%%", (unsigned)(done * 100 / total));
        used += (size_t)snprintf(out + used, outlen - used, "; %.32s%s (%" PRIu64 " packets, %.0f/s)",
                                 name, percent, packets, secs > 0.05 ? (double)packets / secs : 0.0);
    }
}

/* Removes what runs killed earlier left in the output folders (once per
 * folder), and says so. */
static void sweep_stale(const annotate_job_list_t *list)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < list->count; i++) {
        const char *dir = list->jobs[i].out_dir;
        if (!g_hash_table_add(seen, (gpointer)dir))
            continue;
        unsigned removed = annotate_output_sweep_stale(dir);
        if (removed > 0)
            annotate_message("removed %u temporary %s left in %s by a run that was killed",
                             removed, removed == 1 ? "file" : "files", dir);
    }
    g_hash_table_destroy(seen);
}

void annotate_batch_run(const annotate_config_t *config, const annotate_job_list_t *list,
                        const volatile sig_atomic_t *stop, annotate_batch_totals_t *totals)
{
    batch_t b = { .config = config, .list = list, .stop = stop };
    sweep_stale(list);
    size_t threads = config->jobs < list->count ? config->jobs : list->count;
    atomic_store(&b.workers_left, (unsigned)threads);
    GTimer *timer = g_timer_new();
    GThread **pool = g_new0(GThread *, threads + 1);
    slot_t *slots = g_new0(slot_t, threads);
    for (size_t t = 0; t < threads; t++) {
        slots[t].batch = &b;
        slots[t].progress.packets_all = &b.packets;
        pool[t] = g_thread_new("annotate", worker, &slots[t]);
    }
    char current[512];
    while (atomic_load(&b.workers_left) > 0) {
        g_usleep(50 * 1000);
        describe_current(&b, slots, threads, current, sizeof current);
        annotate_progress_show(atomic_load(&b.done), list->count, atomic_load(&b.packets),
                               atomic_load(&b.failed), g_timer_elapsed(timer, NULL), current,
                               false);
    }
    for (size_t t = 0; t < threads; t++)
        g_thread_join(pool[t]);
    g_free(pool);
    g_free(slots);
    totals->seconds = g_timer_elapsed(timer, NULL);
    g_timer_destroy(timer);
    totals->files_failed = atomic_load(&b.failed);
    totals->files_ok = atomic_load(&b.done) - totals->files_failed;
    totals->packets = atomic_load(&b.packets);
    totals->comments = atomic_load(&b.comments);
    totals->interrupted = atomic_load(&b.interrupted) > 0 || *stop;
    annotate_progress_show(atomic_load(&b.done), list->count, totals->packets,
                           totals->files_failed, totals->seconds, "", true);
}
