/* tcpgen_scenario.c - read a .scn file: lines, settings and host names.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "tcpgen_scenario.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcpgen_parser.h"

#define DEFAULT_TIME_USEC  UINT64_C(1700000000000000)   /* 2023-11-14 22:13:20 UTC */
#define DEFAULT_SNAPLEN    262144u

bool scn_fail(scn_parser *parser, const char *format, ...)
{
    va_list args;
    fprintf(parser->errors, "%s:%zu: ", parser->path, parser->line_number);
    va_start(args, format);
    vfprintf(parser->errors, format, args);
    va_end(args);
    fputc('\n', parser->errors);
    return false;
}

/* Settings that shape every frame must come before the first one. */
static bool require_no_packets_yet(scn_parser *parser, const char *directive)
{
    if (parser->scenario->record_count > 0) {
        return scn_fail(parser, "'%s' must come before the first packet", directive);
    }
    return true;
}

static bool require_word_count(scn_parser *parser, const tcpgen_line *line, size_t count,
                               const char *usage)
{
    if (line->count != count) {
        return scn_fail(parser, "expected: %s", usage);
    }
    for (size_t i = 1; i < count; i++) {
        if (line->words[i].key != NULL) {
            return scn_fail(parser, "expected: %s", usage);
        }
    }
    return true;
}

static bool handle_format(scn_parser *parser, const tcpgen_line *line)
{
    if (!require_word_count(parser, line, 2, "format pcapng|pcap") ||
        !require_no_packets_yet(parser, "format")) {
        return false;
    }
    if (parser->saw_format) {
        return scn_fail(parser, "format given twice");
    }
    const char *value = line->words[1].value;
    if (strcmp(value, "pcapng") == 0) {
        parser->scenario->format = TCPGEN_FORMAT_PCAPNG;
    } else if (strcmp(value, "pcap") == 0) {
        parser->scenario->format = TCPGEN_FORMAT_PCAP;
    } else {
        return scn_fail(parser, "unknown format '%s' (use pcapng or pcap)", value);
    }
    parser->saw_format = true;
    return true;
}

static bool handle_linktype(scn_parser *parser, const tcpgen_line *line)
{
    if (!require_word_count(parser, line, 2, "linktype ether|raw") ||
        !require_no_packets_yet(parser, "linktype")) {
        return false;
    }
    if (parser->saw_linktype) {
        return scn_fail(parser, "linktype given twice");
    }
    const char *value = line->words[1].value;
    if (strcmp(value, "ether") == 0) {
        parser->scenario->linktype = TCPGEN_LINKTYPE_ETHERNET;
    } else if (strcmp(value, "raw") == 0) {
        parser->scenario->linktype = TCPGEN_LINKTYPE_RAW;
    } else {
        return scn_fail(parser, "unknown linktype '%s' (use ether or raw)", value);
    }
    parser->saw_linktype = true;
    return true;
}

static bool handle_snaplen(scn_parser *parser, const tcpgen_line *line)
{
    if (!require_word_count(parser, line, 2, "snaplen BYTES") ||
        !require_no_packets_yet(parser, "snaplen")) {
        return false;
    }
    if (parser->saw_snaplen) {
        return scn_fail(parser, "snaplen given twice");
    }
    uint64_t value;
    if (!tcpgen_parse_uint(line->words[1].value, DEFAULT_SNAPLEN, &value) || value == 0) {
        return scn_fail(parser, "snaplen '%s' is not a number 1..%u", line->words[1].value,
                        DEFAULT_SNAPLEN);
    }
    parser->scenario->snaplen = (uint32_t)value;
    parser->saw_snaplen = true;
    return true;
}

static bool handle_time(scn_parser *parser, const tcpgen_line *line)
{
    if (!require_word_count(parser, line, 2, "time SECONDS[.MICROSECONDS]")) {
        return false;
    }
    uint64_t usec;
    if (!tcpgen_parse_usec(line->words[1].value, &usec)) {
        return scn_fail(parser,
                        "time '%s' is not SECONDS or SECONDS.FRACTION (at most 6 digits)",
                        line->words[1].value);
    }
    parser->clock_usec = usec;
    parser->clock_just_set = true;
    return true;
}

static bool valid_host_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > SCN_MAX_NAME) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* Finds the station for an address, creating it (with the default MAC and
 * IP ID start) the first time the address is seen. */
static bool find_or_add_station(scn_parser *parser, uint8_t family, const uint8_t addr[16],
                                size_t *index)
{
    for (size_t i = 0; i < parser->station_count; i++) {
        const tcpgen_station *s = &parser->stations[i].station;
        if (s->family == family && memcmp(s->addr, addr, 16) == 0) {
            *index = i;
            return true;
        }
    }
    if (parser->station_count == SCN_MAX_STATIONS) {
        return scn_fail(parser, "more than %d distinct addresses", SCN_MAX_STATIONS);
    }
    size_t n = parser->station_count++;
    scn_station *station = &parser->stations[n];
    memset(station, 0, sizeof *station);
    station->station.family = family;
    memcpy(station->station.addr, addr, 16);
    /* Default MAC 02:00:00:00:00:NN (locally administered), NN = 1, 2, ... */
    station->station.mac[0] = 0x02;
    station->station.mac[5] = (uint8_t)(n + 1);
    /* IPv4 identification starts at 0x1000, 0x2000, ... per address. */
    station->next_ip_id = (uint16_t)(0x1000u * (n + 1));
    *index = n;
    return true;
}

static bool handle_host(scn_parser *parser, const tcpgen_line *line)
{
    static const char usage[] = "host NAME ADDRESS:PORT [mac=02:00:00:00:00:01]";
    if (line->count < 3 || line->count > 4 || line->words[1].key != NULL ||
        line->words[2].key != NULL) {
        return scn_fail(parser, "expected: %s", usage);
    }
    const char *name = line->words[1].value;
    if (!valid_host_name(name)) {
        return scn_fail(parser, "host name '%s' must be 1..%d letters, digits, '_' or '-'",
                        name, SCN_MAX_NAME);
    }
    for (size_t i = 0; i < parser->endpoint_count; i++) {
        if (strcmp(parser->endpoints[i].name, name) == 0) {
            return scn_fail(parser, "host '%s' is already defined", name);
        }
    }
    if (parser->endpoint_count == SCN_MAX_ENDPOINTS) {
        return scn_fail(parser, "more than %d hosts", SCN_MAX_ENDPOINTS);
    }
    uint8_t family;
    uint8_t addr[16];
    uint16_t port;
    if (!tcpgen_parse_address_port(line->words[2].value, &family, addr, &port)) {
        return scn_fail(parser,
                        "'%s' is not ADDRESS:PORT (IPv4 as 192.0.2.1:80, IPv6 as [2001:db8::1]:80)",
                        line->words[2].value);
    }
    uint8_t mac[6];
    bool has_mac = line->count == 4;
    if (has_mac) {
        const tcpgen_word *word = &line->words[3];
        if (word->key == NULL || strcmp(word->key, "mac") != 0) {
            return scn_fail(parser, "expected: %s", usage);
        }
        if (!tcpgen_parse_mac(word->value, mac)) {
            return scn_fail(parser, "mac '%s' is not six hex bytes like 02:00:00:00:00:01",
                            word->value);
        }
    }
    size_t stations_before = parser->station_count;
    size_t station_index = 0;
    if (!find_or_add_station(parser, family, addr, &station_index)) {
        return false;
    }
    bool is_new_station = station_index == stations_before;
    tcpgen_station *station = &parser->stations[station_index].station;
    if (has_mac) {
        if (!is_new_station && memcmp(station->mac, mac, 6) != 0) {
            return scn_fail(parser, "this address already has a different MAC address");
        }
        memcpy(station->mac, mac, 6);
    }
    scn_endpoint *endpoint = &parser->endpoints[parser->endpoint_count++];
    snprintf(endpoint->name, sizeof endpoint->name, "%s", name);
    endpoint->station_index = station_index;
    endpoint->port = port;
    return true;
}

static bool handle_line(scn_parser *parser, const tcpgen_line *line)
{
    const tcpgen_word *first = &line->words[0];
    if (first->key != NULL) {
        return scn_fail(parser, "a line must start with a directive, not '%s='", first->key);
    }
    const char *directive = first->value;
    if (strcmp(directive, "pkt") == 0 || strcmp(directive, "udp") == 0 ||
        strcmp(directive, "frame") == 0) {
        return scn_packet_line(parser, line);
    }
    if (strcmp(directive, "host") == 0) {
        return handle_host(parser, line);
    }
    if (strcmp(directive, "time") == 0) {
        return handle_time(parser, line);
    }
    if (strcmp(directive, "format") == 0) {
        return handle_format(parser, line);
    }
    if (strcmp(directive, "linktype") == 0) {
        return handle_linktype(parser, line);
    }
    if (strcmp(directive, "snaplen") == 0) {
        return handle_snaplen(parser, line);
    }
    return scn_fail(parser,
                    "unknown directive '%s' "
                    "(known: format linktype snaplen time host pkt udp frame)",
                    directive);
}

/* Reads one logical line into *text: a physical line, joined with the next
 * one while it ends in a backslash. Returns false at end of file. */
static bool read_logical_line(scn_parser *parser, FILE *file, char **text, size_t *text_cap,
                              size_t *next_line_number, bool *io_error, bool *nul_byte)
{
    char *physical = NULL;
    size_t physical_cap = 0;
    size_t used = 0;
    bool got_any = false;
    *io_error = false;
    *nul_byte = false;
    parser->line_number = *next_line_number;
    for (;;) {
        ssize_t n = getline(&physical, &physical_cap, file);
        if (n < 0) {
            *io_error = ferror(file) != 0;
            break;
        }
        got_any = true;
        (*next_line_number)++;
        size_t len = (size_t)n;
        if (strlen(physical) != len) {
            *nul_byte = true;
            break;
        }
        while (len > 0 && (physical[len - 1] == '\n' || physical[len - 1] == '\r')) {
            len--;
        }
        bool continues = len > 0 && physical[len - 1] == '\\';
        if (continues) {
            len--;
        }
        if (used + len + 2 > *text_cap) {
            size_t new_cap = (used + len + 2) * 2;
            char *grown = realloc(*text, new_cap);
            if (grown == NULL) {
                *io_error = true;
                break;
            }
            *text = grown;
            *text_cap = new_cap;
        }
        memcpy(*text + used, physical, len);
        used += len;
        if (!continues) {
            break;
        }
        (*text)[used++] = ' ';
    }
    free(physical);
    if (*text != NULL) {
        (*text)[used] = '\0';
    }
    return got_any;
}

static void free_records(tcpgen_scenario *scenario)
{
    for (size_t i = 0; i < scenario->record_count; i++) {
        free(scenario->records[i].data);
        free(scenario->records[i].comment);
    }
    free(scenario->records);
    scenario->records = NULL;
    scenario->record_count = 0;
}

bool tcpgen_scenario_load(const char *path, tcpgen_scenario *scenario, FILE *errors)
{
    memset(scenario, 0, sizeof *scenario);
    scenario->format = TCPGEN_FORMAT_PCAPNG;
    scenario->linktype = TCPGEN_LINKTYPE_ETHERNET;
    scenario->snaplen = DEFAULT_SNAPLEN;

    scn_parser *parser = calloc(1, sizeof *parser);
    if (parser == NULL) {
        fprintf(errors, "%s: out of memory\n", path);
        return false;
    }
    parser->path = path;
    parser->errors = errors;
    parser->scenario = scenario;
    parser->clock_usec = DEFAULT_TIME_USEC;
    parser->clock_just_set = true;
    parser->frame = calloc(1, TCPGEN_MAX_FRAME);
    parser->payload = calloc(1, 65536);

    FILE *file = fopen(path, "r");
    bool ok = file != NULL && parser->frame != NULL && parser->payload != NULL;
    if (file == NULL) {
        fprintf(errors, "%s: cannot open: %s\n", path, strerror(errno));
    } else if (!ok) {
        fprintf(errors, "%s: out of memory\n", path);
    }

    char *text = NULL;
    size_t text_cap = 0;
    size_t next_line_number = 1;
    while (ok) {
        bool io_error;
        bool nul_byte;
        bool have_line = read_logical_line(parser, file, &text, &text_cap, &next_line_number,
                                           &io_error, &nul_byte);
        if (nul_byte) {
            ok = scn_fail(parser, "NUL byte in line (is this a text file?)");
            break;
        }
        if (io_error) {
            ok = scn_fail(parser, "read error");
            break;
        }
        if (!have_line) {
            break;
        }
        tcpgen_line line;
        char err[200];
        if (!tcpgen_split_line(text, &line, err, sizeof err)) {
            ok = scn_fail(parser, "%s", err);
        } else if (line.count > 0) {
            ok = handle_line(parser, &line);
        }
    }

    free(text);
    if (file != NULL) {
        fclose(file);
    }
    free(parser->frame);
    free(parser->payload);
    free(parser);
    if (!ok) {
        free_records(scenario);
    }
    return ok;
}

void tcpgen_scenario_free(tcpgen_scenario *scenario)
{
    free_records(scenario);
}
