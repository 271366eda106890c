/* tcpgen_parser.h - state shared by the scenario reader and the packet lines.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Internal to tcpgen: tcpgen_scenario.c reads lines and handles the file
 * settings and host names; tcpgen_packets.c turns pkt/udp/frame lines into
 * records.
 */
#ifndef TCPGEN_PARSER_H
#define TCPGEN_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcpgen_frame.h"
#include "tcpgen_lex.h"
#include "tcpgen_scenario.h"

#define SCN_MAX_ENDPOINTS 64
#define SCN_MAX_STATIONS  64
#define SCN_MAX_NAME      31
#define SCN_DEFAULT_TTL   64u
#define SCN_DEFAULT_DT_USEC 1000u

/* A named endpoint: "host c 192.168.1.10:24491". */
typedef struct scn_endpoint {
    char name[SCN_MAX_NAME + 1];
    size_t station_index;        /* its address in scn_parser.stations */
    uint16_t port;
} scn_endpoint;

/* One distinct IP address; endpoints with the same address share it, and
 * with it the MAC address and the IPv4 identification counter. */
typedef struct scn_station {
    tcpgen_station station;
    uint16_t next_ip_id;
} scn_station;

typedef struct scn_parser {
    const char *path;
    size_t line_number;          /* first physical line of the current line */
    FILE *errors;
    tcpgen_scenario *scenario;
    size_t record_capacity;
    scn_endpoint endpoints[SCN_MAX_ENDPOINTS];
    size_t endpoint_count;
    scn_station stations[SCN_MAX_STATIONS];
    size_t station_count;
    uint64_t clock_usec;         /* timestamp of the previous packet */
    bool clock_just_set;         /* a time line came after the last packet */
    bool saw_format;
    bool saw_linktype;
    bool saw_snaplen;
    uint8_t *frame;              /* TCPGEN_MAX_FRAME bytes of scratch */
    uint8_t *payload;            /* 65536 bytes of scratch */
} scn_parser;

#if defined(__GNUC__)
#define SCN_PRINTF_LIKE(fmt_index, first_arg) \
    __attribute__((format(printf, fmt_index, first_arg)))
#else
#define SCN_PRINTF_LIKE(fmt_index, first_arg)
#endif

/* Prints "path:line: message" to the error stream; always returns false so
 * callers can write `return scn_fail(...)`. */
bool scn_fail(scn_parser *parser, const char *format, ...) SCN_PRINTF_LIKE(2, 3);

/* Handles a pkt, udp or frame line (line->words[0] names which), appending
 * one record. Returns false after reporting the problem. */
bool scn_packet_line(scn_parser *parser, const tcpgen_line *line);

#endif /* TCPGEN_PARSER_H */
