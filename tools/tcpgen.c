/* tcpgen.c - deterministic capture generator for tcp-explain's test fixtures.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: tcpgen SCENARIO.scn OUTPUT
 *
 * Reads a line-based scenario (see tests/fixtures/README.md) and writes the
 * packets it describes as a pcapng (default) or pcap file. The same
 * scenario always gives the same bytes. OUTPUT "-" writes to standard
 * output. Exit status: 0 success, 1 bad scenario or write error, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "tcpgen_capture.h"
#include "tcpgen_scenario.h"

static void print_usage(FILE *out)
{
    fprintf(out,
            "usage: tcpgen SCENARIO.scn OUTPUT\n"
            "Writes the packets described by SCENARIO.scn to OUTPUT (pcapng unless the\n"
            "scenario says 'format pcap'; '-' means standard output).\n"
            "The scenario format is described in tests/fixtures/README.md.\n");
}

/* Writes every record of scenario to output_path; reports and returns
 * false on failure, leaving no partial file behind. */
static bool write_capture(const tcpgen_scenario *scenario, const char *output_path)
{
    char err[256];
    tcpgen_capture *capture = tcpgen_capture_create(output_path, scenario->format,
                                                    scenario->linktype, scenario->snaplen,
                                                    err, sizeof err);
    if (capture == NULL) {
        fprintf(stderr, "tcpgen: %s\n", err);
        return false;
    }
    for (size_t i = 0; i < scenario->record_count; i++) {
        const tcpgen_record *record = &scenario->records[i];
        tcpgen_capture_packet packet = {
            .timestamp_usec = record->timestamp_usec,
            .data = record->data,
            .captured_len = record->captured_len,
            .original_len = record->original_len,
            .comment = record->comment,
        };
        if (!tcpgen_capture_write(capture, &packet)) {
            fprintf(stderr, "tcpgen: %s: packet %zu: %s\n", output_path, i + 1,
                    tcpgen_capture_error(capture));
            tcpgen_capture_discard(capture);
            return false;
        }
    }
    if (!tcpgen_capture_finish(capture, err, sizeof err)) {
        fprintf(stderr, "tcpgen: %s\n", err);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        print_usage(stdout);
        return 0;
    }
    if (argc != 3) {
        print_usage(stderr);
        return 2;
    }
    tcpgen_scenario scenario;
    if (!tcpgen_scenario_load(argv[1], &scenario, stderr)) {
        return 1;
    }
    bool ok = write_capture(&scenario, argv[2]);
    tcpgen_scenario_free(&scenario);
    return ok ? 0 : 1;
}
