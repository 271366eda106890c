/* tcpgen_lex.h - split scenario lines into words and parse their values.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A line is a sequence of whitespace-separated words. A word is either
 * bare ("pkt", "c>s", "SA") or key=value; the value may be double-quoted,
 * with C escapes, to hold spaces or '#'. Outside quotes, '#' starts a
 * comment that runs to the end of the line.
 */
#ifndef TCPGEN_LEX_H
#define TCPGEN_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TCPGEN_MAX_WORDS 64

typedef struct tcpgen_word {
    const char *key;     /* NULL for a bare word */
    const char *value;   /* NUL-terminated; for quoted values see value_len */
    size_t value_len;    /* bytes in value (a quoted value may contain \0) */
    bool quoted;
} tcpgen_word;

typedef struct tcpgen_line {
    tcpgen_word words[TCPGEN_MAX_WORDS];
    size_t count;
} tcpgen_line;

/* Splits text (modified in place; the words point into it) into words.
 * Returns false with a message in err for an unterminated quote, a bad
 * escape, a quote in the wrong place or too many words. */
bool tcpgen_split_line(char *text, tcpgen_line *line, char *err, size_t err_size);

/* Parses an unsigned decimal or 0x-prefixed hexadecimal number no larger
 * than max. No sign, no spaces, no trailing characters. */
bool tcpgen_parse_uint(const char *text, uint64_t max, uint64_t *out);

/* Parses "SECONDS" or "SECONDS.FRACTION" (at most 6 fraction digits) into
 * microseconds, exactly (no floating point). */
bool tcpgen_parse_usec(const char *text, uint64_t *out);

/* Decodes hex digits into bytes; ':' and '_' may be used anywhere as
 * visual separators. Fails on other characters, an odd digit count or more
 * than out_cap bytes. */
bool tcpgen_parse_hex(const char *text, uint8_t *out, size_t out_cap, size_t *out_len);

/* Parses "a.b.c.d:port" or "[ipv6]:port". family is set to 4 or 6 and
 * addr to 4 or 16 bytes in network order. */
bool tcpgen_parse_address_port(const char *text, uint8_t *family, uint8_t addr[16],
                               uint16_t *port);

/* Parses a MAC address "02:00:00:00:00:01". */
bool tcpgen_parse_mac(const char *text, uint8_t mac[6]);

#endif /* TCPGEN_LEX_H */
