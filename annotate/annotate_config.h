/* annotate_config.h - what the user asked tcp-explain-annotate to do.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_CONFIG_H
#define ANNOTATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses (documented in --help and the README). */
enum {
    ANNOTATE_EXIT_OK = 0,          /* every input annotated */
    ANNOTATE_EXIT_SOME_FAILED = 1, /* some inputs failed; the others were done */
    ANNOTATE_EXIT_USAGE = 2,       /* bad command line */
    ANNOTATE_EXIT_SETUP = 3,       /* cannot run at all: tshark, plugin, output folder */
    ANNOTATE_EXIT_INTERRUPTED = 130, /* SIGINT (Ctrl-C): 128 + 2 */
    ANNOTATE_EXIT_TERMINATED = 143   /* SIGTERM: 128 + 15 */
};

typedef enum {
    ANNOTATE_WORKSHEET_NONE = 0,
    ANNOTATE_WORKSHEET_MD,
    ANNOTATE_WORKSHEET_HTML
} annotate_worksheet_format_t;

typedef enum {
    ANNOTATE_PROGRESS_AUTO = 0,    /* when stderr is a terminal */
    ANNOTATE_PROGRESS_ON,
    ANNOTATE_PROGRESS_OFF
} annotate_progress_mode_t;

/* The parsed command line. Strings point into argv or are owned by the
 * config (freed by annotate_config_clear). */
typedef struct {
    const char *const          *inputs;      /* files or folders */
    size_t                      input_count;
    const char                 *outdir;
    bool                        full;        /* full narrative, not the summary */
    annotate_worksheet_format_t worksheet;
    uint32_t                   *streams;     /* sorted, unique; NULL = all */
    size_t                      stream_count;
    const char                 *filter;      /* display filter, NULL = none */
    unsigned                    jobs;        /* files processed at once, >= 1 */
    bool                        force;       /* overwrite existing outputs */
    const char                 *tshark;      /* path or name searched in PATH */
    annotate_progress_mode_t    progress;
    uint32_t                    max_rows;    /* worksheet rows per stream, 0 = all */
} annotate_config_t;

/* --max-rows when not given: a stream this long fills about 60 printed
 * pages; longer ones are cut, with a note. */
#define ANNOTATE_DEFAULT_MAX_ROWS 3000u

/* Parses a plain decimal number (digits only, no sign or space) that fits
 * 32 bits into *out; false otherwise. */
bool annotate_parse_uint32(const char *text, uint32_t *out);

/* Parses a --streams list such as "0,2,5-7" into config->streams (sorted,
 * duplicate-free; the config owns it). False, with the config unchanged,
 * when the text is not such a list. */
bool annotate_config_parse_streams(annotate_config_t *config, const char *text);

/* True when packets of TCP stream `stream` are selected by --streams (all
 * streams when none were given). */
bool annotate_config_stream_selected(const annotate_config_t *config, uint32_t stream);

#endif /* ANNOTATE_CONFIG_H */
