/* annotate_file.h - annotate one capture file: its explained pcapng and,
 * when asked, its worksheet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_FILE_H
#define ANNOTATE_FILE_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate_config.h"
#include "annotate_inputs.h"

typedef enum {
    ANNOTATE_FILE_OK,
    ANNOTATE_FILE_FAILED,        /* this input failed; nothing was written */
    ANNOTATE_FILE_INTERRUPTED    /* *stop was set; nothing was written */
} annotate_file_status_t;

/* What one file held. */
typedef struct {
    uint32_t frames;      /* records copied */
    uint32_t tcp;         /* TCP packets */
    uint32_t explained;   /* TCP packets the plugin explained */
    uint32_t annotated;   /* packets that got a comment */
    char     note[512];   /* tshark's warnings on a success, "" when none */
} annotate_file_stats_t;

/* How far a worker has got in the file it is on; written by
 * annotate_file_run, read by the progress line in another thread. */
typedef struct {
    atomic_uint_fast64_t *packets_all;  /* the batch's count, added to */
    atomic_uint_fast64_t  packets;      /* records of this file copied */
    atomic_uint_fast64_t  bytes_done;   /* input bytes read (as stored) */
    atomic_uint_fast64_t  bytes_total;  /* input size, 0 when unknown */
} annotate_file_progress_t;

/* Writes job->out_base + ".explained.pcapng" (and the worksheet) through
 * temporary files, renamed into place only when everything succeeded; the
 * input is only read. Counts each copied record in *progress as it goes
 * (for the progress line). On failure err holds the reason (without the input
 * name) and no output exists that did not exist before. */
annotate_file_status_t annotate_file_run(const annotate_config_t *config,
                                         const annotate_job_t *job,
                                         const volatile sig_atomic_t *stop,
                                         annotate_file_progress_t *progress,
                                         annotate_file_stats_t *stats,
                                         char *err, size_t errlen);

/* The suffixes of the outputs. */
extern const char annotate_capture_suffix[];      /* ".explained.pcapng" */
/* ".worksheet.md" or ".worksheet.html" */
const char *annotate_worksheet_suffix(annotate_worksheet_format_t format);

#endif /* ANNOTATE_FILE_H */
