/* annotate_gift.h - a Moodle quiz in GIFT format (NAME.quiz.gift):
 * numerical questions for the numbers and multiple choice for the steps,
 * the same blanks as the exercise sheet, the explanation as feedback.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_GIFT_H
#define ANNOTATE_GIFT_H

#include <stdbool.h>
#include <stdio.h>

#include <glib.h>

#include "annotate_worksheet.h"

/* Appends text with GIFT's special characters ~ = # { } : and the
 * backslash escaped by a backslash, and line breaks as spaces. */
void annotate_gift_escape(GString *out, const char *text);

/* Writes the quiz of the view; deterministic. False on a write error. */
bool annotate_gift_write(const annotate_ws_view_t *view, FILE *out);

#endif /* ANNOTATE_GIFT_H */
