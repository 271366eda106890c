/* annotate_exercises.h - the student's sheet (NAME.exercises.html|md):
 * the ladder and table with chosen numbers left blank and a line for the
 * reasoning, and its answer key (NAME.answers.html|md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_EXERCISES_H
#define ANNOTATE_EXERCISES_H

#include <stdbool.h>
#include <stdio.h>

#include "annotate_config.h"
#include "annotate_worksheet.h"

/* Writes the sheet (answers false) or its key (answers true) in format;
 * the blanks follow view->config->blanks. The same view gives the same
 * text every time. False on a write error. */
bool annotate_exercises_write(const annotate_ws_view_t *view, annotate_worksheet_format_t format,
                              bool answers, FILE *out);

#endif /* ANNOTATE_EXERCISES_H */
