/* annotate_tshark.c - runs tshark with the explain plugin: the preflight,
 * the explanations of one capture, and the frames --filter selects.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_tshark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "annotate_extras.h"
#include "annotate_fields.h"
#include "annotate_spawn.h"

/* A pcap file header with no packets (little-endian, Ethernet): what the
 * preflight feeds tshark on its standard input. */
static const unsigned char empty_pcap[24] = {
    0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00
};

const char annotate_tshark_no_plugin_message[] =
    "the explain plugin is not loaded by tshark: install it (cmake --install) "
    "or set WIRESHARK_PLUGIN_DIR (ignored when running as root)";

/* The fields the outputs need. Only the summary comments (no worksheet,
 * no --full): three fields, which costs tshark about 15% less than all
 * of them (bench/annotate). An output that reads any other field of
 * annotate_packet_t must be added to the conditions here. */
static annotate_fields_set_t fields_needed(const annotate_config_t *config)
{
    if (config->full)
        return ANNOTATE_FIELDS_ALL;
    /* Ladders, exercises and the quiz read the packet fields too. */
    if (config->worksheet != ANNOTATE_WORKSHEET_NONE || annotate_extras_wanted(config))
        return ANNOTATE_FIELDS_NO_TEXT;
    return ANNOTATE_FIELDS_SUMMARY;
}

/* A worksheet ends each stream's section with the plugin's summary. A
 * stream that closes has it on its closing packet; one that does not, on
 * its last packet, which the plugin can tell only on a second pass over a
 * capture it has explained whole: tshark -2, with the fields reader
 * (tshark's first pass runs no taps, so the default tap reader would
 * explain nothing before the second). About a quarter more tshark CPU
 * time on a 50,000-packet capture (docs/worksheets.md). */
static void add_two_pass(GPtrArray *argv)
{
    g_ptr_array_add(argv, "-2");
    g_ptr_array_add(argv, "-o");
    g_ptr_array_add(argv, "explain.reader:fields");
}

/* Builds "tshark -n -r INPUT [-Y FILTER] -T fields ... -e FIELD..." for the
 * explanations, or "... -e frame.number" alone when frames_only. */
static GPtrArray *build_argv(const annotate_config_t *config, const char *input,
                             const char *filter, bool frames_only)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer)config->tshark);
    g_ptr_array_add(argv, "-n");
    /* Two passes need a file tshark can read twice: every input is a
     * regular file (annotate_inputs.c), the preflight's standard input not. */
    if (!frames_only && config->worksheet != ANNOTATE_WORKSHEET_NONE
        && strcmp(input, "-") != 0 && g_file_test(input, G_FILE_TEST_IS_REGULAR))
        add_two_pass(argv);
    /* --verbosity, --language, --catalog: the plugin's preferences. */
    for (size_t i = 0; i < G_N_ELEMENTS(config->tshark_prefs) && config->tshark_prefs[i]; i++) {
        g_ptr_array_add(argv, "-o");
        g_ptr_array_add(argv, (gpointer)config->tshark_prefs[i]);
    }
    g_ptr_array_add(argv, "-r");
    g_ptr_array_add(argv, (gpointer)input);
    if (filter != NULL) {
        g_ptr_array_add(argv, "-Y");
        g_ptr_array_add(argv, (gpointer)filter);
    }
    g_ptr_array_add(argv, "-T");
    g_ptr_array_add(argv, "fields");
    g_ptr_array_add(argv, "-E");
    g_ptr_array_add(argv, "separator=/t");
    g_ptr_array_add(argv, "-E");
    g_ptr_array_add(argv, "quote=n");
    g_ptr_array_add(argv, "-E");
    g_ptr_array_add(argv, "header=n");
    g_ptr_array_add(argv, "-E");
    g_ptr_array_add(argv, "occurrence=a");
    g_ptr_array_add(argv, "-E");
    g_ptr_array_add(argv, "aggregator=" ANNOTATE_FIELDS_AGGREGATOR_STR);
    annotate_fields_set_t set = fields_needed(config);
    size_t count = frames_only ? 1u : annotate_fields_count_in(set);   /* frame.number first */
    for (size_t f = 0; f < count; f++) {
        g_ptr_array_add(argv, "-e");
        g_ptr_array_add(argv, (gpointer)annotate_field_name_in(set, f));
    }
    g_ptr_array_add(argv, NULL);
    return argv;
}

/* Copies tshark's stderr into out without the lines that are no error
 * (the "running as root" warning), lines joined by "; ". */
static void tshark_complaint(const char *stderr_text, char *out, size_t outlen)
{
    GString *s = g_string_new(NULL);
    gchar **lines = g_strsplit(stderr_text, "\n", -1);
    for (gchar **l = lines; *l != NULL; l++) {
        char *line = g_strstrip(*l);
        if (*line == '\0' || g_str_has_prefix(line, "Running as user"))
            continue;
        if (s->len > 0)
            g_string_append(s, "; ");
        g_string_append(s, line);
    }
    g_strfreev(lines);
    snprintf(out, outlen, "%s", s->len > 0 ? s->str : "no message");
    g_string_free(s, TRUE);
}

/* True when tshark's stderr says some explain.* -e field is unknown. */
static bool says_fields_unknown(const char *stderr_text)
{
    return strstr(stderr_text, "aren't valid") != NULL &&
           strstr(stderr_text, "explain.") != NULL;
}

/* Runs one preflight tshark; filter may be NULL. */
static annotate_tshark_status_t preflight_once(const annotate_config_t *config,
                                               const char *filter,
                                               char *err, size_t errlen)
{
    GPtrArray *argv = build_argv(config, "-", filter, false);
    bool not_found = false;
    char why[512];
    annotate_proc_t *proc = annotate_proc_spawn((const char *const *)argv->pdata,
                                                empty_pcap, sizeof empty_pcap,
                                                &not_found, why, sizeof why);
    g_ptr_array_free(argv, TRUE);
    if (proc == NULL) {
        if (not_found) {
            snprintf(err, errlen, "tshark not found (%s): install tshark or give its path with --tshark",
                     config->tshark);
            return ANNOTATE_TSHARK_NOT_FOUND;
        }
        snprintf(err, errlen, "%s", why);
        return ANNOTATE_TSHARK_BROKEN;
    }
    bool ok = annotate_proc_wait(proc, why, sizeof why);
    annotate_tshark_status_t status = ANNOTATE_TSHARK_OK;
    /* --catalog: the plugin says so when it cannot use the file (and goes
     * on with its built-in texts); a teacher who asked for it must know. */
    const char *catalog_trouble = strstr(annotate_proc_stderr(proc), "catalog file not used");
    if (ok && config->catalog != NULL && catalog_trouble != NULL) {
        char complaint[1024];
        tshark_complaint(catalog_trouble, complaint, sizeof complaint);
        snprintf(err, errlen, "the explain plugin does not use --catalog %s: %s", config->catalog,
                 complaint);
        status = ANNOTATE_TSHARK_BROKEN;
    }
    if (!ok) {
        char complaint[1024];
        tshark_complaint(annotate_proc_stderr(proc), complaint, sizeof complaint);
        if (says_fields_unknown(annotate_proc_stderr(proc))) {
            snprintf(err, errlen, "%s%s", annotate_tshark_no_plugin_message,
                     geteuid() == 0
                         ? "; running as root, tshark loads plugins only from its global plugin folder"
                         : "");
            status = ANNOTATE_TSHARK_NO_PLUGIN;
        } else if (filter != NULL) {
            snprintf(err, errlen, "tshark rejects --filter '%s': %s", filter, complaint);
            status = ANNOTATE_TSHARK_BAD_FILTER;
        } else {
            snprintf(err, errlen, "%s does not work (%s): %s", config->tshark, why, complaint);
            status = ANNOTATE_TSHARK_BROKEN;
        }
    }
    annotate_proc_free(proc);
    return status;
}

annotate_tshark_status_t annotate_tshark_preflight(const annotate_config_t *config,
                                                   char *err, size_t errlen)
{
    annotate_tshark_status_t status = preflight_once(config, NULL, err, errlen);
    if (status == ANNOTATE_TSHARK_OK && config->filter != NULL)
        status = preflight_once(config, config->filter, err, errlen);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Readers */

struct annotate_explain_reader {
    annotate_proc_t       *proc;
    const char            *tshark;
    annotate_fields_set_t  fields;
};

struct annotate_select_reader {
    annotate_proc_t *proc;
    const char      *tshark;
    uint32_t         pending;      /* last matching frame read, 0 = none */
    bool             at_end;
};

/* Starts tshark for input; NULL with a message on failure. */
static annotate_proc_t *start(const annotate_config_t *config, const char *input,
                              const char *filter, bool frames_only,
                              char *err, size_t errlen)
{
    GPtrArray *argv = build_argv(config, input, filter, frames_only);
    bool not_found;
    annotate_proc_t *proc = annotate_proc_spawn((const char *const *)argv->pdata, NULL, 0,
                                                &not_found, err, errlen);
    g_ptr_array_free(argv, TRUE);
    return proc;
}

/* Waits for a tshark; on failure explains with its own words. */
static bool finish(annotate_proc_t *proc, const char *tshark, char *err, size_t errlen)
{
    char why[128];
    if (annotate_proc_wait(proc, why, sizeof why))
        return true;
    char complaint[1024];
    tshark_complaint(annotate_proc_stderr(proc), complaint, sizeof complaint);
    if (says_fields_unknown(annotate_proc_stderr(proc)))
        snprintf(err, errlen, "%s", annotate_tshark_no_plugin_message);
    else
        snprintf(err, errlen, "%s failed (%s): %s", tshark, why, complaint);
    return false;
}

annotate_explain_reader_t *annotate_explain_open(const annotate_config_t *config,
                                                 const char *input,
                                                 char *err, size_t errlen)
{
    annotate_proc_t *proc = start(config, input, NULL, false, err, errlen);
    if (proc == NULL)
        return NULL;
    annotate_explain_reader_t *reader = g_new0(annotate_explain_reader_t, 1);
    reader->proc = proc;
    reader->tshark = config->tshark;
    reader->fields = fields_needed(config);
    return reader;
}

int annotate_explain_next(annotate_explain_reader_t *reader, annotate_packet_t *packet,
                          const volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    char *line;
    size_t len;
    int r = annotate_proc_read_line(reader->proc, &line, &len, stop, err, errlen);
    if (r <= 0)
        return r;
    return annotate_fields_parse_set(reader->fields, line, packet, err, errlen) ? 1 : -1;
}

bool annotate_explain_finish(annotate_explain_reader_t *reader, char *err, size_t errlen)
{
    return finish(reader->proc, reader->tshark, err, errlen);
}

bool annotate_explain_note(const annotate_explain_reader_t *reader, char *out, size_t outlen)
{
    const char *text = annotate_proc_stderr(reader->proc);
    size_t total = annotate_proc_stderr_total(reader->proc);
    size_t biglen = 2 * strlen(text) + 16;   /* "\n" becomes "; " */
    char *big = g_malloc(biglen);
    tshark_complaint(text, big, biglen);
    bool any = strcmp(big, "no message") != 0;
    if (any) {
        /* The last lines matter most (and the kept text may start in the
         * middle of a line): at most the last 300 bytes, from a line start. */
        const char *tail = big;
        size_t len = strlen(big);
        if (len > 300) {
            tail = big + len - 300;
            const char *sep = strstr(tail, "; ");
            tail = sep != NULL ? sep + 2 : tail;
        }
        if (tail != big || total > strlen(text))
            snprintf(out, outlen, "%zu bytes; its last lines: %s", total, tail);
        else
            snprintf(out, outlen, "%s", big);
    }
    g_free(big);
    return any;
}

void annotate_explain_free(annotate_explain_reader_t *reader)
{
    if (reader == NULL)
        return;
    annotate_proc_free(reader->proc);
    g_free(reader);
}

annotate_select_reader_t *annotate_select_open(const annotate_config_t *config,
                                               const char *input,
                                               char *err, size_t errlen)
{
    annotate_proc_t *proc = start(config, input, config->filter, true, err, errlen);
    if (proc == NULL)
        return NULL;
    annotate_select_reader_t *reader = g_new0(annotate_select_reader_t, 1);
    reader->proc = proc;
    reader->tshark = config->tshark;
    return reader;
}

int annotate_select_matches(annotate_select_reader_t *reader, uint32_t frame,
                            const volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    while (!reader->at_end && reader->pending < frame) {
        char *line;
        size_t len;
        int r = annotate_proc_read_line(reader->proc, &line, &len, stop, err, errlen);
        if (r < 0)
            return -1;
        if (r == 0) {
            reader->at_end = true;
            break;
        }
        uint32_t v;
        if (!annotate_fields_parse_frame(line, &v) || v <= reader->pending) {
            snprintf(err, errlen, "unexpected output from tshark -Y: '%.40s'", line);
            return -1;
        }
        reader->pending = v;
    }
    return reader->pending == frame ? 1 : 0;
}

bool annotate_select_finish(annotate_select_reader_t *reader, char *err, size_t errlen)
{
    return finish(reader->proc, reader->tshark, err, errlen);
}

void annotate_select_free(annotate_select_reader_t *reader)
{
    if (reader == NULL)
        return;
    annotate_proc_free(reader->proc);
    g_free(reader);
}
