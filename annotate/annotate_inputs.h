/* annotate_inputs.h - the command line's INPUTs as a list of capture files,
 * each with the names of its outputs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_INPUTS_H
#define ANNOTATE_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "annotate_config.h"

/* One capture file to annotate. */
typedef struct {
    char *input;      /* path to read */
    char *name;       /* the capture's file name, for titles */
    char *out_dir;    /* folder of its outputs (OUTDIR or a subfolder) */
    char *out_base;   /* out_dir/<name without capture extensions> */
} annotate_job_t;

typedef struct {
    annotate_job_t *jobs;
    size_t          count;
    size_t          failed;   /* inputs that could not be listed (reported) */
} annotate_job_list_t;

/* Reports one problem with an input (message without trailing newline). */
typedef void (*annotate_report_fn)(const char *message);

/* Lists the capture files of config->inputs: files as given (whatever
 * their extension), folders searched recursively for .pcap, .pcapng, .cap
 * and their .gz forms, in name order, skipping hidden files, our own
 * *.explained.pcapng outputs and the output folder. Symbolic links are
 * followed, to files and to folders; loops, dangling links and links to
 * folders searched already are skipped with a warning (not a failure).
 * A file in a subfolder of an INPUT folder gets its outputs in the same
 * subfolder of OUTDIR. Missing or unreadable inputs, two inputs that
 * would write the same output and an input whose output would replace
 * another input of the run (same device and inode, with or without
 * --force) are reported and counted in list->failed. */
void annotate_inputs_expand(const annotate_config_t *config, annotate_job_list_t *list,
                            annotate_report_fn report);

/* The output name for a capture file name: "lab1.pcap.gz" -> "lab1". */
char *annotate_inputs_output_stem(const char *file_name);

/* Frees the list's contents. */
void annotate_inputs_clear(annotate_job_list_t *list);

#endif /* ANNOTATE_INPUTS_H */
