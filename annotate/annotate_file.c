/* annotate_file.c - one capture: wiretap copy and tshark explanations read
 * in lock-step, frame by frame, so that memory does not grow with the
 * capture (only worksheet rows are kept).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "annotate_diagnose.h"
#include "annotate_output.h"
#include "annotate_tshark.h"
#include "annotate_worksheet.h"
#include "annotate_writer.h"

const char annotate_capture_suffix[] = ".explained.pcapng";

const char *annotate_worksheet_suffix(annotate_worksheet_format_t format)
{
    return format == ANNOTATE_WORKSHEET_HTML ? ".worksheet.html" : ".worksheet.md";
}

/* Everything one run holds, so that one function can release it. */
typedef struct {
    annotate_copy_t           *copy;
    annotate_explain_reader_t *explain;
    annotate_select_reader_t  *select;
    annotate_worksheet_t      *worksheet;
    annotate_output_t          capture_out;
    annotate_output_t          worksheet_out;
    bool                       capture_out_open;
    bool                       worksheet_out_open;
} run_t;

/* Releases a run; removes any temporary file still there. */
static void run_release(run_t *run)
{
    annotate_copy_free(run->copy);
    annotate_explain_free(run->explain);
    annotate_select_free(run->select);
    annotate_worksheet_free(run->worksheet);
    if (run->capture_out_open)
        annotate_output_discard(&run->capture_out);
    if (run->worksheet_out_open)
        annotate_output_discard(&run->worksheet_out);
}

/* The comment for an explained packet: its summary line, or with --full
 * the narrative followed by the failed checks' messages. */
static char *comment_for(const annotate_config_t *config, const annotate_packet_t *p)
{
    if (!config->full || p->text[0] == '\0')
        return g_strdup(p->summary);
    GString *s = g_string_new(p->text);
    for (size_t i = 0; i < p->message_count; i++) {
        g_string_append_c(s, ' ');
        g_string_append(s, p->messages[i]);
    }
    return g_string_free(s, FALSE);
}

/* Whether an explained packet is selected by --streams and --filter. */
static int selected(const annotate_config_t *config, run_t *run, const annotate_packet_t *p,
                    const volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    if (!p->explained || !annotate_config_stream_selected(config, p->stream))
        return 0;
    if (run->select == NULL)
        return 1;
    return annotate_select_matches(run->select, p->frame, stop, err, errlen);
}

/* Explains why tshark's output ended or went wrong: tshark's own error
 * when it has one, else fallback. */
static void tshark_trouble(run_t *run, const char *fallback, char *err, size_t errlen)
{
    char why[1024];
    if (!annotate_explain_finish(run->explain, why, sizeof why))
        snprintf(err, errlen, "%s", why);
    else
        snprintf(err, errlen, "%s", fallback);
}

/* Publishes how far into the input the copy has got. */
static void note_position(run_t *run, annotate_file_progress_t *progress)
{
    uint64_t done, total;
    annotate_copy_position(run->copy, &done, &total);
    atomic_store(&progress->bytes_done, done);
    atomic_store(&progress->bytes_total, total);
}

/* Copies every record, commenting the selected explained packets. */
static annotate_file_status_t copy_records(const annotate_config_t *config, run_t *run,
                                           const volatile sig_atomic_t *stop,
                                           annotate_file_progress_t *progress,
                                           annotate_file_stats_t *stats,
                                           char *err, size_t errlen)
{
    for (;;) {
        uint32_t frame;
        int r = annotate_copy_next(run->copy, &frame, err, errlen);
        if (r < 0)
            return ANNOTATE_FILE_FAILED;
        annotate_packet_t packet;
        char why[512];
        int t = annotate_explain_next(run->explain, &packet, stop, why, sizeof why);
        if (stop != NULL && *stop)
            return ANNOTATE_FILE_INTERRUPTED;
        if (r == 0) {
            if (t == 0)
                return ANNOTATE_FILE_OK;
            if (t > 0)
                tshark_trouble(run, "tshark reports more packets than the capture holds", err, errlen);
            else
                snprintf(err, errlen, "%s", why);
            return ANNOTATE_FILE_FAILED;
        }
        if (t <= 0) {
            if (t == 0)
                tshark_trouble(run, "tshark stopped before the end of the capture", err, errlen);
            else
                snprintf(err, errlen, "%s", why);
            return ANNOTATE_FILE_FAILED;
        }
        if (packet.frame != frame) {
            snprintf(err, errlen, "tshark and libwiretap disagree: frame %u vs %u",
                     packet.frame, frame);
            return ANNOTATE_FILE_FAILED;
        }
        stats->frames++;
        stats->tcp += packet.is_tcp;
        stats->explained += packet.explained;
        int sel = selected(config, run, &packet, stop, err, errlen);
        if (sel < 0)
            return (stop != NULL && *stop) ? ANNOTATE_FILE_INTERRUPTED : ANNOTATE_FILE_FAILED;
        if (run->worksheet != NULL && packet.explained)
            annotate_worksheet_add(run->worksheet, &packet, sel == 1);
        if (sel == 1) {
            char *comment = comment_for(config, &packet);
            annotate_copy_add_comment(run->copy, comment);
            g_free(comment);
            stats->annotated++;
        }
        if (!annotate_copy_write(run->copy, err, errlen))
            return ANNOTATE_FILE_FAILED;
        atomic_fetch_add(progress->packets_all, 1);
        atomic_fetch_add(&progress->packets, 1);
        if ((stats->frames & 1023u) == 0)
            note_position(run, progress);
    }
}

/* Refuses early when an output exists and --force was not given. */
static bool outputs_free(const annotate_config_t *config, const char *capture_path,
                         const char *worksheet_path, char *err, size_t errlen)
{
    if (config->force)
        return true;
    const char *clash = annotate_output_exists(capture_path) ? capture_path
                      : (worksheet_path != NULL && annotate_output_exists(worksheet_path))
                            ? worksheet_path : NULL;
    if (clash == NULL)
        return true;
    snprintf(err, errlen, "%s already exists (use --force to overwrite)", clash);
    return false;
}

/* Writes the worksheet into its temporary file. */
static bool write_worksheet(const annotate_config_t *config, run_t *run,
                            const annotate_file_stats_t *stats, char *err, size_t errlen)
{
    FILE *f = annotate_output_stream(&run->worksheet_out, err, errlen);
    if (f == NULL)
        return false;
    errno = 0;
    if (!annotate_worksheet_write(run->worksheet, config->worksheet, config, stats->frames, f)) {
        /* The failed write's errno; flushing the rest again tells it
         * when something since has changed errno. */
        int saved = errno;
        if (fflush(f) != 0 && errno != 0)
            saved = errno;
        snprintf(err, errlen, "cannot write %s: %s", run->worksheet_out.final_path,
                 strerror(saved != 0 ? saved : EIO));
        return false;
    }
    return true;
}

annotate_file_status_t annotate_file_run(const annotate_config_t *config,
                                         const annotate_job_t *job,
                                         const volatile sig_atomic_t *stop,
                                         annotate_file_progress_t *progress,
                                         annotate_file_stats_t *stats,
                                         char *err, size_t errlen)
{
    memset(stats, 0, sizeof *stats);
    char *capture_path = g_strconcat(job->out_base, annotate_capture_suffix, NULL);
    char *worksheet_path = config->worksheet == ANNOTATE_WORKSHEET_NONE ? NULL
        : g_strconcat(job->out_base, annotate_worksheet_suffix(config->worksheet), NULL);
    run_t run = { 0 };
    annotate_file_status_t status = ANNOTATE_FILE_FAILED;

    if (!outputs_free(config, capture_path, worksheet_path, err, errlen) ||
        !annotate_output_make_dirs(job->out_dir, err, errlen))
        goto done;
    run.copy = annotate_copy_open(job->input, err, errlen);
    if (run.copy == NULL)
        goto done;
    run.explain = annotate_explain_open(config, job->input, err, errlen);
    if (run.explain == NULL)
        goto done;
    if (config->filter != NULL) {
        run.select = annotate_select_open(config, job->input, err, errlen);
        if (run.select == NULL)
            goto done;
    }
    if (!annotate_output_create(&run.capture_out, capture_path, err, errlen))
        goto done;
    run.capture_out_open = true;
    if (!annotate_copy_start(run.copy, run.capture_out.fd, err, errlen))
        goto done;
    if (worksheet_path != NULL) {
        run.worksheet = annotate_worksheet_new(job->name, config->full);
        annotate_worksheet_set_max_rows(run.worksheet, config->max_rows);
        annotate_worksheet_set_stop(run.worksheet, stop);
    }

    note_position(&run, progress);
    status = copy_records(config, &run, stop, progress, stats, err, errlen);
    if (status != ANNOTATE_FILE_OK)
        goto done;
    status = ANNOTATE_FILE_FAILED;
    if (!annotate_explain_finish(run.explain, err, errlen))
        goto done;
    annotate_explain_note(run.explain, stats->note, sizeof stats->note);
    if (run.select != NULL && !annotate_select_finish(run.select, err, errlen))
        goto done;
    if (stats->tcp > 0 && stats->explained == 0) {
        annotate_diagnose_unexplained(config, job->input, stats->tcp, err, errlen);
        goto done;
    }
    if (!annotate_copy_finish(run.copy, err, errlen))
        goto done;
    if (worksheet_path != NULL) {
        if (!annotate_output_create(&run.worksheet_out, worksheet_path, err, errlen))
            goto done;
        run.worksheet_out_open = true;
        if (!write_worksheet(config, &run, stats, err, errlen))
            goto done;
    }
    if (stop != NULL && *stop) {
        status = ANNOTATE_FILE_INTERRUPTED;
        goto done;
    }
    /* Both files are complete: move them into place. */
    if (!annotate_output_commit(&run.capture_out, config->force, err, errlen))
        goto done;
    if (worksheet_path != NULL &&
        !annotate_output_commit(&run.worksheet_out, config->force, err, errlen)) {
        /* Keep the pair consistent: the capture was new, take it back. */
        if (!config->force)
            remove(capture_path);
        goto done;
    }
    status = ANNOTATE_FILE_OK;
done:
    /* Whatever failed after a stop request failed because of it. */
    if (status == ANNOTATE_FILE_FAILED && stop != NULL && *stop)
        status = ANNOTATE_FILE_INTERRUPTED;
    run_release(&run);
    g_free(capture_path);
    g_free(worksheet_path);
    return status;
}
