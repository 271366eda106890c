/* tcpgen_lex.c - split scenario lines into words and parse their values.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "tcpgen_lex.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes the quoted string that starts after the opening quote at *src,
 * writing the bytes at dst (dst < src, so in place is safe). On success
 * *src points just past the closing quote and *len holds the byte count. */
static bool unquote(char **src_io, char *dst, size_t *len, char *err, size_t err_size)
{
    char *src = *src_io;
    char *out = dst;
    for (;;) {
        char c = *src;
        if (c == '\0') {
            snprintf(err, err_size, "unterminated quoted value (missing closing \")");
            return false;
        }
        if (c == '"') {
            src++;
            break;
        }
        if (c != '\\') {
            *out++ = c;
            src++;
            continue;
        }
        char escaped = src[1];
        src += 2;
        switch (escaped) {
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case '0': *out++ = '\0'; break;
        case '\\': *out++ = '\\'; break;
        case '"': *out++ = '"'; break;
        case 'x': {
            int high = hex_digit_value(src[0]);
            int low = high < 0 ? -1 : hex_digit_value(src[1]);
            if (low < 0) {
                snprintf(err, err_size, "\\x must be followed by exactly two hex digits");
                return false;
            }
            *out++ = (char)(high * 16 + low);
            src += 2;
            break;
        }
        case '\0':
            snprintf(err, err_size, "unterminated quoted value (line ends after \\)");
            return false;
        default:
            snprintf(err, err_size,
                     "unknown escape \\%c in quoted value (use \\n \\r \\t \\0 \\\\ \\\" \\xHH)",
                     escaped);
            return false;
        }
    }
    *len = (size_t)(out - dst);
    *out = '\0';
    *src_io = src;
    return true;
}

bool tcpgen_split_line(char *text, tcpgen_line *line, char *err, size_t err_size)
{
    char *p = text;
    line->count = 0;
    for (;;) {
        while (is_blank(*p)) {
            p++;
        }
        if (*p == '\0' || *p == '#') {
            return true;
        }
        if (line->count == TCPGEN_MAX_WORDS) {
            snprintf(err, err_size, "more than %d words on one line", TCPGEN_MAX_WORDS);
            return false;
        }
        tcpgen_word *word = &line->words[line->count++];
        char *start = p;
        char *equals = NULL;
        while (*p != '\0' && !is_blank(*p) && *p != '#' && *p != '"') {
            if (*p == '=' && equals == NULL) {
                equals = p;
            }
            p++;
        }
        if (equals == start) {
            snprintf(err, err_size, "'=' without a key before it");
            return false;
        }
        word->key = NULL;
        word->value = start;
        word->quoted = false;
        if (equals != NULL) {
            *equals = '\0';
            word->key = start;
            word->value = equals + 1;
        }
        if (*p == '"') {
            if (equals == NULL || p != equals + 1) {
                snprintf(err, err_size,
                         "a double quote may only start a value, right after key=");
                return false;
            }
            p++;
            if (!unquote(&p, equals + 1, &word->value_len, err, err_size)) {
                return false;
            }
            word->quoted = true;
            if (*p != '\0' && *p != '#' && !is_blank(*p)) {
                snprintf(err, err_size, "text right after a closing quote (missing space?)");
                return false;
            }
            continue;
        }
        word->value_len = (size_t)(p - word->value);
        bool line_ends = *p == '\0' || *p == '#';
        *p = '\0';
        if (line_ends) {
            return true;
        }
        p++;
    }
}

bool tcpgen_parse_uint(const char *text, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    unsigned base = 10;
    const char *p = text;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (*p == '\0') {
        return false;
    }
    for (; *p != '\0'; p++) {
        int digit = hex_digit_value(*p);
        if (digit < 0 || (unsigned)digit >= base) {
            return false;
        }
        if (value > (max - (uint64_t)digit) / base) {
            return false;
        }
        value = value * base + (uint64_t)digit;
    }
    *out = value;
    return true;
}

bool tcpgen_parse_usec(const char *text, uint64_t *out)
{
    /* Seconds up to 2^40 keep microseconds far below 2^64. */
    const uint64_t max_seconds = (uint64_t)1 << 40;
    uint64_t seconds = 0;
    const char *p = text;
    if (*p < '0' || *p > '9') {
        return false;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        seconds = seconds * 10 + (uint64_t)(*p - '0');
        if (seconds > max_seconds) {
            return false;
        }
    }
    uint64_t micros = 0;
    if (*p == '.') {
        p++;
        int digits = 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++digits > 6) {
                return false;
            }
            micros = micros * 10 + (uint64_t)(*p - '0');
        }
        if (digits == 0) {
            return false;
        }
        for (; digits < 6; digits++) {
            micros *= 10;
        }
    }
    if (*p != '\0') {
        return false;
    }
    *out = seconds * 1000000u + micros;
    return true;
}

bool tcpgen_parse_hex(const char *text, uint8_t *out, size_t out_cap, size_t *out_len)
{
    size_t len = 0;
    int high = -1;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == ':' || *p == '_') {
            continue;
        }
        int digit = hex_digit_value(*p);
        if (digit < 0) {
            return false;
        }
        if (high < 0) {
            high = digit;
            continue;
        }
        if (len == out_cap) {
            return false;
        }
        out[len++] = (uint8_t)(high * 16 + digit);
        high = -1;
    }
    if (high >= 0) {
        return false;
    }
    *out_len = len;
    return true;
}

bool tcpgen_parse_address_port(const char *text, uint8_t *family, uint8_t addr[16],
                               uint16_t *port)
{
    char host[64];
    const char *port_text;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (close == NULL || close[1] != ':' || (size_t)(close - text - 1) >= sizeof host) {
            return false;
        }
        memcpy(host, text + 1, (size_t)(close - text - 1));
        host[close - text - 1] = '\0';
        port_text = close + 2;
        *family = 6;
    } else {
        const char *colon = strchr(text, ':');
        if (colon == NULL || strchr(colon + 1, ':') != NULL ||
            (size_t)(colon - text) >= sizeof host) {
            return false;
        }
        memcpy(host, text, (size_t)(colon - text));
        host[colon - text] = '\0';
        port_text = colon + 1;
        *family = 4;
    }
    memset(addr, 0, 16);
    if (inet_pton(*family == 4 ? AF_INET : AF_INET6, host, addr) != 1) {
        return false;
    }
    uint64_t port_value;
    if (!tcpgen_parse_uint(port_text, 65535, &port_value)) {
        return false;
    }
    *port = (uint16_t)port_value;
    return true;
}

bool tcpgen_parse_mac(const char *text, uint8_t mac[6])
{
    const char *p = text;
    for (int i = 0; i < 6; i++) {
        int high = hex_digit_value(p[0]);
        int low = high < 0 ? -1 : hex_digit_value(p[1]);
        if (low < 0) {
            return false;
        }
        mac[i] = (uint8_t)(high * 16 + low);
        p += 2;
        if (i < 5) {
            if (*p != ':') {
                return false;
            }
            p++;
        }
    }
    return *p == '\0';
}
