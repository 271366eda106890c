/* annotate_batch.h - annotate many files, -j at a time, with progress.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_BATCH_H
#define ANNOTATE_BATCH_H

#include <signal.h>
#include <stdint.h>

#include "annotate_config.h"
#include "annotate_inputs.h"

/* Totals of a batch, for the summary. */
typedef struct {
    uint64_t files_ok;
    uint64_t files_failed;
    uint64_t packets;
    uint64_t comments;
    double   seconds;
    bool     interrupted;
} annotate_batch_totals_t;

/* Runs every job of list with config->jobs worker threads, reporting each
 * failure as it happens (the other files go on) and showing progress.
 * Stops early, removing unfinished outputs, once *stop is set. */
void annotate_batch_run(const annotate_config_t *config, const annotate_job_list_t *list,
                        const volatile sig_atomic_t *stop, annotate_batch_totals_t *totals);

#endif /* ANNOTATE_BATCH_H */
