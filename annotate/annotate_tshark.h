/* annotate_tshark.h - the explanations, from tshark running the explain
 * plugin as a subprocess.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_TSHARK_H
#define ANNOTATE_TSHARK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "annotate_config.h"
#include "annotate_packet.h"

/* Outcome of annotate_tshark_preflight(). */
typedef enum {
    ANNOTATE_TSHARK_OK = 0,
    ANNOTATE_TSHARK_NOT_FOUND,     /* no such program */
    ANNOTATE_TSHARK_NO_PLUGIN,     /* tshark runs but knows no explain fields */
    ANNOTATE_TSHARK_BAD_FILTER,    /* tshark rejects --filter */
    ANNOTATE_TSHARK_BROKEN         /* anything else */
} annotate_tshark_status_t;

/* The message for a tshark that runs but has not loaded the plugin. */
extern const char annotate_tshark_no_plugin_message[];

/* Runs tshark once on an empty capture with every field and the filter we
 * will use, so that a missing tshark, a missing plugin or a bad filter is
 * reported once, before any file is touched. Fills err on failure. */
annotate_tshark_status_t annotate_tshark_preflight(const annotate_config_t *config,
                                                   char *err, size_t errlen);

/* The explanations of one capture file, one packet per frame, in order. */
typedef struct annotate_explain_reader annotate_explain_reader_t;

/* Starts tshark on input. NULL with a message in err on failure. */
annotate_explain_reader_t *annotate_explain_open(const annotate_config_t *config,
                                                 const char *input,
                                                 char *err, size_t errlen);

/* Reads the next frame into *packet (valid until the next call). Returns 1,
 * 0 at the end, -1 on failure or when *stop is set (message in err). */
int annotate_explain_next(annotate_explain_reader_t *reader, annotate_packet_t *packet,
                          const volatile sig_atomic_t *stop, char *err, size_t errlen);

/* Waits for tshark; true when it ended cleanly, else a message in err
 * that quotes tshark's own error. */
bool annotate_explain_finish(annotate_explain_reader_t *reader, char *err, size_t errlen);

/* After a successful finish: what tshark wrote to its standard error
 * (warnings), lines joined by "; ", cut to outlen; false when nothing
 * worth reporting. */
bool annotate_explain_note(const annotate_explain_reader_t *reader, char *out, size_t outlen);

/* Stops tshark if needed and frees the reader. Safe on NULL. */
void annotate_explain_free(annotate_explain_reader_t *reader);

/* The frames matching --filter, from a second tshark with -Y. */
typedef struct annotate_select_reader annotate_select_reader_t;

/* Starts tshark -Y filter on input. NULL with a message on failure. */
annotate_select_reader_t *annotate_select_open(const annotate_config_t *config,
                                               const char *input,
                                               char *err, size_t errlen);

/* Tells whether `frame` matches the filter. Frames must be asked in
 * increasing order. Returns 1 yes, 0 no, -1 failure (message in err). */
int annotate_select_matches(annotate_select_reader_t *reader, uint32_t frame,
                            const volatile sig_atomic_t *stop, char *err, size_t errlen);

/* Like annotate_explain_finish, for the filter's tshark. */
bool annotate_select_finish(annotate_select_reader_t *reader, char *err, size_t errlen);

/* Stops tshark if needed and frees the reader. Safe on NULL. */
void annotate_select_free(annotate_select_reader_t *reader);

#endif /* ANNOTATE_TSHARK_H */
