/* annotate_main.c - tcp-explain-annotate: the command line.
 *
 * Turns classroom captures into pcapng files whose TCP packets carry their
 * explanation as a packet comment (readable in any Wireshark, no plugin
 * needed) and, on request, into printable worksheets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "annotate_batch.h"
#include "annotate_config.h"
#include "annotate_file.h"
#include "annotate_inputs.h"
#include "annotate_output.h"
#include "annotate_output_dirs.h"
#include "annotate_progress.h"
#include "annotate_spawn.h"
#include "annotate_tshark.h"
#include "annotate_writer.h"

#ifndef ANNOTATE_VERSION
#define ANNOTATE_VERSION "unknown"
#endif
#ifndef ANNOTATE_WIRESHARK_VERSION
#define ANNOTATE_WIRESHARK_VERSION "unknown"
#endif

#define PROGRAM "tcp-explain-annotate"
#define MAX_JOBS 64

/* 0, or the signal (SIGINT, SIGTERM) that asked the run to stop. */
static volatile sig_atomic_t stop_requested;

/* Ctrl-C / SIGTERM: ask the workers to stop, end the tsharks and remove
 * the temporary files (a second signal kills at once: SA_RESETHAND; the
 * next run removes what that leaves, see annotate_output_sweep_stale). */
static void on_signal(int sig)
{
    if (stop_requested == 0)
        stop_requested = sig;
}

/* Prints the help text to out. */
static void usage(FILE *out)
{
    fprintf(out,
"usage: " PROGRAM " [OPTIONS] INPUT... -o OUTDIR\n"
"\n"
"Writes OUTDIR/NAME.explained.pcapng for each capture: a copy in which every\n"
"TCP packet carries its explanation as a packet comment, readable in any\n"
"Wireshark (no plugin needed). Packet bytes, time stamps and order are\n"
"unchanged and existing comments are kept. The explanations come from tshark\n"
"running the tcp-explain plugin.\n"
"\n"
"INPUT is a capture file (any format Wireshark reads, gzip too) or a folder,\n"
"searched recursively for *.pcap, *.pcapng, *.cap and their .gz forms; a\n"
"capture in a subfolder gets its outputs in the same subfolder of OUTDIR.\n"
"\n"
"Options:\n"
"  -o, --output OUTDIR   folder for the outputs (created if needed)\n"
"      --full            comment with the full narrative (and failed checks),\n"
"                        not the one-line summary; also in the worksheet\n"
"      --worksheet md|html\n"
"                        also write OUTDIR/NAME.worksheet.md or .html: one\n"
"                        section per TCP stream, packet by packet, with a verdict\n"
"      --max-rows N      list at most N packets per stream in the worksheet\n"
"                        (default 3000, 0 = all); verdicts count every packet.\n"
"                        Worksheets of more than 10 streams start with an index\n"
"      --streams N,M,...  only TCP streams N, M... (tcp.stream; ranges as 2-5)\n"
"      --filter EXPR     only packets matching the display filter EXPR (tshark\n"
"                        -Y, evaluated on the fully dissected capture); the\n"
"                        explanations and verdicts still see every packet\n"
"  -j, --jobs N          annotate N files at a time (default 1)\n"
"      --force           overwrite existing outputs\n"
"      --tshark PATH     the tshark to run (default: tshark from PATH)\n"
"      --progress        show progress even when stderr is not a terminal\n"
"      --no-progress     never show progress\n"
"  -q, --quiet           no progress and no summary, only errors\n"
"  -h, --help            show this help\n"
"      --version         show the version\n"
"\n"
"Outputs are written to a temporary file and renamed when complete, so an\n"
"interrupted run leaves no partial file. Input files are never modified: an\n"
"input whose output would replace another input of the run is skipped, even\n"
"with --force. A run that writes nothing removes the folders it created.\n"
"Symbolic links in searched folders are followed (loops are skipped).\n"
"\n"
"Exit status: 0 all inputs annotated; 1 some inputs failed (the others were\n"
"done); 2 bad command line; 3 nothing could be done (tshark missing, plugin\n"
"not loaded, output folder not writable); 130 interrupted by SIGINT (Ctrl-C),\n"
"143 by SIGTERM: unfinished outputs and temporary files are removed.\n");
}

/* Reports a command-line error and returns the usage exit status. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, PROGRAM ": ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see --help)\n");
    return ANNOTATE_EXIT_USAGE;
}

/* The command-line word that holds the unknown short option c: the first
 * argument before "--" that is a cluster of short options holding c. */
static const char *word_with_option(int argc, char **argv, int c)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '-' && argv[i][1] != '\0' &&
            strchr(argv[i] + 1, c) != NULL)
            return argv[i];
    }
    return NULL;
}

/* Reports an unknown option, by its name; when the word it came from
 * looks like a file name (a file exists by that name, or it has a dot),
 * says how to give such a file. Returns the usage exit status. */
static int unknown_option(int argc, char **argv)
{
    char name[64];
    const char *word;
    if (optopt != 0) {
        snprintf(name, sizeof name, "-%c", optopt);
        word = word_with_option(argc, argv, optopt);
    } else {
        word = argv[optind - 1];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(word, "="), word);
    }
    if (word == NULL)
        return usage_error("unknown option '%s'", name);
    bool file_like = access(word, F_OK) == 0 || strchr(word, '.') != NULL;
    char in_word[600] = "";
    if (strcmp(word, name) != 0)
        snprintf(in_word, sizeof in_word, " (in '%.500s')", word);
    if (!file_like)
        return usage_error("unknown option '%s'%s", name, in_word);
    return usage_error("unknown option '%s'%s; to name a file that begins with '-', put -- "
                       "before the inputs (" PROGRAM " -o OUTDIR -- %.500s) or write ./%.500s",
                       name, in_word, word, word);
}

enum {
    OPT_FULL = 256, OPT_WORKSHEET, OPT_STREAMS, OPT_FILTER, OPT_FORCE, OPT_TSHARK,
    OPT_PROGRESS, OPT_NO_PROGRESS, OPT_VERSION, OPT_MAX_ROWS
};

/* Fills config from argv; returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, annotate_config_t *config, bool *quiet)
{
    static const struct option options[] = {
        { "output", required_argument, NULL, 'o' },
        { "full", no_argument, NULL, OPT_FULL },
        { "worksheet", required_argument, NULL, OPT_WORKSHEET },
        { "streams", required_argument, NULL, OPT_STREAMS },
        { "max-rows", required_argument, NULL, OPT_MAX_ROWS },
        { "filter", required_argument, NULL, OPT_FILTER },
        { "jobs", required_argument, NULL, 'j' },
        { "force", no_argument, NULL, OPT_FORCE },
        { "tshark", required_argument, NULL, OPT_TSHARK },
        { "progress", no_argument, NULL, OPT_PROGRESS },
        { "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 }
    };
    memset(config, 0, sizeof *config);
    config->jobs = 1;
    config->tshark = "tshark";
    config->max_rows = ANNOTATE_DEFAULT_MAX_ROWS;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:j:qh", options, NULL)) != -1) {
        switch (opt) {
        case 'o':
            config->outdir = optarg;
            break;
        case OPT_FULL:
            config->full = true;
            break;
        case OPT_WORKSHEET:
            if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0)
                config->worksheet = ANNOTATE_WORKSHEET_MD;
            else if (strcmp(optarg, "html") == 0)
                config->worksheet = ANNOTATE_WORKSHEET_HTML;
            else
                return usage_error("--worksheet takes md or html, not '%s'", optarg);
            break;
        case OPT_STREAMS:
            g_free(config->streams);
            config->streams = NULL;
            if (!annotate_config_parse_streams(config, optarg))
                return usage_error("--streams takes stream numbers like 0,2,5-7, not '%s'", optarg);
            break;
        case OPT_MAX_ROWS:
            if (!annotate_parse_uint32(optarg, &config->max_rows))
                return usage_error("--max-rows takes a number (0 for no limit), not '%s'", optarg);
            break;
        case OPT_FILTER:
            if (optarg[0] == '\0')
                return usage_error("--filter needs a display filter");
            config->filter = optarg;
            break;
        case 'j': {
            uint32_t n;
            if (!annotate_parse_uint32(optarg, &n) || n < 1 || n > MAX_JOBS)
                return usage_error("-j takes a number from 1 to %d, not '%s'", MAX_JOBS, optarg);
            config->jobs = n;
            break;
        }
        case OPT_FORCE:
            config->force = true;
            break;
        case OPT_TSHARK:
            config->tshark = optarg;
            break;
        case OPT_PROGRESS:
            config->progress = ANNOTATE_PROGRESS_ON;
            break;
        case OPT_NO_PROGRESS:
            config->progress = ANNOTATE_PROGRESS_OFF;
            break;
        case 'q':
            *quiet = true;
            break;
        case 'h':
            usage(stdout);
            return ANNOTATE_EXIT_OK;
        case OPT_VERSION:
            printf(PROGRAM " " ANNOTATE_VERSION " (tcp-explain; built with libwiretap "
                   ANNOTATE_WIRESHARK_VERSION ")\n");
            return ANNOTATE_EXIT_OK;
        case ':':
            if (optopt != 0)
                return usage_error("option -%c needs a value", optopt);
            return usage_error("option %s needs a value", argv[optind - 1]);
        default:
            return unknown_option(argc, argv);
        }
    }
    if (config->outdir == NULL)
        return usage_error("say where the outputs go: -o OUTDIR");
    if (optind >= argc)
        return usage_error("no INPUT given");
    config->inputs = (const char *const *)&argv[optind];
    config->input_count = (size_t)(argc - optind);
    return -1;
}

/* Installs the stop handler for SIGINT and SIGTERM; ignores SIGPIPE. */
static void setup_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Makes sure OUTDIR exists and takes new files. */
static bool check_outdir_writable(const char *outdir, char *err, size_t errlen)
{
    if (!annotate_output_make_dirs(outdir, err, errlen))
        return false;
    char *probe_path = g_build_filename(outdir, "probe", NULL);
    annotate_output_t probe;
    char why[512];
    bool ok = annotate_output_create(&probe, probe_path, why, sizeof why);
    if (ok)
        annotate_output_discard(&probe);
    else
        snprintf(err, errlen, "cannot write into the output folder %s: %s", outdir,
                 strerror(errno));   /* annotate_output_create keeps errno */
    g_free(probe_path);
    return ok;
}

/* The folders this run creates (OUTDIR and its subfolders), taken back
 * when it writes nothing. */
static annotate_output_dirs_t *created_dirs;

/* Makes sure OUTDIR exists and takes new files; notes in created_dirs
 * the folders it creates, and removes them again when it fails. */
static bool check_outdir(const char *outdir, char *err, size_t errlen)
{
    created_dirs = annotate_output_dirs_new();
    annotate_output_dirs_note(created_dirs, outdir);
    if (!check_outdir_writable(outdir, err, errlen)) {
        annotate_output_dirs_remove_empty(created_dirs);
        return false;
    }
    return true;
}

/* Reports an input problem found while listing the inputs. */
static void report_input(const char *message)
{
    annotate_message("%s", message);
}

/* Prints the closing summary. */
static void print_summary(const annotate_config_t *config, const annotate_job_list_t *list,
                          const annotate_batch_totals_t *t)
{
    uint64_t failed = t->files_failed + list->failed;
    char failures[64] = "";
    if (failed > 0)
        snprintf(failures, sizeof failures, "; %" PRIu64 " failed (see above)", failed);
    annotate_message("%" PRIu64 " %s annotated into %s (%" PRIu64 " packets, %" PRIu64
                     " comments) in %.1f s%s",
                     t->files_ok, t->files_ok == 1 ? "file" : "files", config->outdir,
                     t->packets, t->comments, t->seconds, failures);
}

/* Parses the options, checks tshark, the plugin and OUTDIR once, then
 * annotates every input; returns one of the ANNOTATE_EXIT_* statuses. */
int main(int argc, char **argv)
{
    annotate_config_t config;
    bool quiet = false;
    int status = parse_options(argc, argv, &config, &quiet);
    if (status >= 0) {
        g_free(config.streams);
        return status;
    }
    setup_signals();
    annotate_proc_watch_stop(&stop_requested);
    annotate_output_init();

    annotate_draw_t draw = ANNOTATE_DRAW_NONE;
    if (!quiet && config.progress != ANNOTATE_PROGRESS_OFF) {
        if (isatty(STDERR_FILENO))
            draw = ANNOTATE_DRAW_TTY;
        else if (config.progress == ANNOTATE_PROGRESS_ON)
            draw = ANNOTATE_DRAW_LINES;
    }
    annotate_progress_setup(draw, PROGRAM);

    /* Everything that would make every file fail is checked once, before
     * any output exists: tshark and its plugin, the filter, OUTDIR. */
    char err[2048];
    bool ready = annotate_tshark_preflight(&config, err, sizeof err) == ANNOTATE_TSHARK_OK;
    if (stop_requested) {
        annotate_message("interrupted before any file was written");
        g_free(config.streams);
        return stop_requested == SIGTERM ? ANNOTATE_EXIT_TERMINATED : ANNOTATE_EXIT_INTERRUPTED;
    }
    if (!ready || !check_outdir(config.outdir, err, sizeof err)) {
        annotate_message("%s", err);
        g_free(config.streams);
        return ANNOTATE_EXIT_SETUP;
    }
    annotate_wiretap_init(argv[0]);

    annotate_job_list_t list;
    annotate_inputs_expand(&config, &list, report_input);
    if (list.count == 0 && list.failed == 0)
        annotate_message("no capture files (.pcap, .pcapng, .cap, maybe .gz) in the inputs given");

    for (size_t i = 0; i < list.count; i++)
        annotate_output_dirs_note(created_dirs, list.jobs[i].out_dir);

    annotate_batch_totals_t totals = { 0 };
    if (list.count > 0 && !stop_requested)
        annotate_batch_run(&config, &list, &stop_requested, &totals);

    if (totals.interrupted || stop_requested) {
        annotate_message("interrupted: finished outputs are complete, unfinished ones were removed");
        status = stop_requested == SIGTERM ? ANNOTATE_EXIT_TERMINATED : ANNOTATE_EXIT_INTERRUPTED;
    } else {
        if (!quiet)
            print_summary(&config, &list, &totals);
        status = (totals.files_failed > 0 || list.failed > 0 || list.count == 0)
                     ? ANNOTATE_EXIT_SOME_FAILED : ANNOTATE_EXIT_OK;
    }
    /* A run that wrote nothing leaves no folder it made behind. */
    if (totals.files_ok == 0)
        annotate_output_dirs_remove_empty(created_dirs);
    annotate_output_dirs_free(created_dirs);
    annotate_inputs_clear(&list);
    g_free(config.streams);
    return status;
}
