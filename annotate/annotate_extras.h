/* annotate_extras.h - the teaching outputs besides the explained capture
 * and the worksheet: ladders on their own (NAME.streamN.svg|mmd), the
 * exercise sheet and its answers (NAME.exercises|answers.html|md) and the
 * quiz (NAME.quiz.gift).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_EXTRAS_H
#define ANNOTATE_EXTRAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate_config.h"
#include "annotate_worksheet.h"

/* True when config asks for any of them (they need the worksheet's rows). */
bool annotate_extras_wanted(const annotate_config_t *config);

/* The format of the exercise sheet: the worksheet's, else HTML. */
annotate_worksheet_format_t annotate_extras_exercise_format(const annotate_config_t *config);

/* The outputs with fixed names that config asks for next to out_base
 * (exercises, answers, quiz), each g_malloc'ed, NULL-terminated; free
 * with g_strfreev. Ladders are named by stream: see below. */
char **annotate_extras_fixed_paths(const annotate_config_t *config, const char *out_base);

/* True when file_name (no folder) is the name of a ladder that config
 * would write for the capture whose outputs start with base_name:
 * "BASE.streamN.svg" or "BASE.streamN.mmd", N decimal digits. */
bool annotate_extras_is_ladder_name(const annotate_config_t *config, const char *base_name,
                                    const char *file_name);

/* Writes them all next to out_base through temporary files, then moves
 * them into place; on failure (err says why) none of them is left. */
bool annotate_extras_write(const annotate_config_t *config, const annotate_worksheet_t *ws,
                           uint32_t frames, const char *out_base, char *err, size_t errlen);

#endif /* ANNOTATE_EXTRAS_H */
