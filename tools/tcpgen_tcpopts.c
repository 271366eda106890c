/* tcpgen_tcpopts.c - encode a readable TCP option list into header bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpgen_tcpopts.h"

#include <stdio.h>
#include <string.h>

#include "tcpgen_lex.h"

#define OPT_EOL     0u
#define OPT_NOP     1u
#define OPT_MSS     2u
#define OPT_WS      3u
#define OPT_SACKOK  4u
#define OPT_SACK    5u
#define OPT_TS      8u
#define MAX_SACK_BLOCKS 4

/* Collects option bytes; may overrun 40 so the error can say by how much. */
typedef struct option_buffer {
    uint8_t bytes[128];
    size_t len;
} option_buffer;

static bool push_bytes(option_buffer *buf, const uint8_t *bytes, size_t len)
{
    if (buf->len + len > sizeof buf->bytes) {
        return false;
    }
    memcpy(buf->bytes + buf->len, bytes, len);
    buf->len += len;
    return true;
}

static bool push_u8(option_buffer *buf, uint32_t value)
{
    uint8_t b = (uint8_t)value;
    return push_bytes(buf, &b, 1);
}

static bool push_u16(option_buffer *buf, uint32_t value)
{
    uint8_t b[2] = { (uint8_t)(value >> 8), (uint8_t)value };
    return push_bytes(buf, b, sizeof b);
}

static bool push_u32(option_buffer *buf, uint32_t value)
{
    uint8_t b[4] = { (uint8_t)(value >> 24), (uint8_t)(value >> 16),
                     (uint8_t)(value >> 8), (uint8_t)value };
    return push_bytes(buf, b, sizeof b);
}

/* "L-R;L-R" -> SACK option with one to four blocks. */
static bool encode_sack(char *blocks_text, option_buffer *buf, char *err, size_t err_size)
{
    uint32_t edges[2 * MAX_SACK_BLOCKS];
    int block_count = 0;
    char *cursor = blocks_text;
    for (;;) {
        char *end = strchr(cursor, ';');
        if (end != NULL) {
            *end = '\0';
        }
        char *dash = strchr(cursor, '-');
        uint64_t left;
        uint64_t right;
        if (dash == NULL) {
            snprintf(err, err_size, "sack block '%s' is not LEFT-RIGHT", cursor);
            return false;
        }
        *dash = '\0';
        if (!tcpgen_parse_uint(cursor, UINT32_MAX, &left) ||
            !tcpgen_parse_uint(dash + 1, UINT32_MAX, &right)) {
            snprintf(err, err_size, "sack block edges must be 32-bit numbers");
            return false;
        }
        if (block_count == MAX_SACK_BLOCKS) {
            snprintf(err, err_size, "sack: at most %d blocks", MAX_SACK_BLOCKS);
            return false;
        }
        edges[2 * block_count] = (uint32_t)left;
        edges[2 * block_count + 1] = (uint32_t)right;
        block_count++;
        if (end == NULL) {
            break;
        }
        cursor = end + 1;
    }
    bool ok = push_u8(buf, OPT_SACK) && push_u8(buf, 2u + 8u * (uint32_t)block_count);
    for (int i = 0; ok && i < 2 * block_count; i++) {
        ok = push_u32(buf, edges[i]);
    }
    return ok;
}

/* Encodes one item such as "mss:1460"; item is modified. */
static bool encode_item(char *item, option_buffer *buf, char *err, size_t err_size)
{
    char *arg = strchr(item, ':');
    if (arg != NULL) {
        *arg++ = '\0';
    }
    uint64_t a;
    uint64_t b;
    bool fits = true;
    if (strcmp(item, "nop") == 0 && arg == NULL) {
        fits = push_u8(buf, OPT_NOP);
    } else if (strcmp(item, "eol") == 0 && arg == NULL) {
        fits = push_u8(buf, OPT_EOL);
    } else if (strcmp(item, "sackok") == 0 && arg == NULL) {
        fits = push_u8(buf, OPT_SACKOK) && push_u8(buf, 2);
    } else if (strcmp(item, "mss") == 0) {
        if (arg == NULL || !tcpgen_parse_uint(arg, 65535, &a)) {
            snprintf(err, err_size, "mss needs a value 0..65535 (mss:1460)");
            return false;
        }
        fits = push_u8(buf, OPT_MSS) && push_u8(buf, 4) && push_u16(buf, (uint32_t)a);
    } else if (strcmp(item, "ws") == 0) {
        if (arg == NULL || !tcpgen_parse_uint(arg, 255, &a)) {
            snprintf(err, err_size, "ws needs a shift count 0..255 (ws:7)");
            return false;
        }
        fits = push_u8(buf, OPT_WS) && push_u8(buf, 3) && push_u8(buf, (uint32_t)a);
    } else if (strcmp(item, "ts") == 0) {
        char *ecr = arg != NULL ? strchr(arg, ':') : NULL;
        if (ecr != NULL) {
            *ecr++ = '\0';
        }
        if (ecr == NULL || !tcpgen_parse_uint(arg, UINT32_MAX, &a) ||
            !tcpgen_parse_uint(ecr, UINT32_MAX, &b)) {
            snprintf(err, err_size, "ts needs two 32-bit values (ts:TSVAL:TSECR)");
            return false;
        }
        fits = push_u8(buf, OPT_TS) && push_u8(buf, 10) &&
               push_u32(buf, (uint32_t)a) && push_u32(buf, (uint32_t)b);
    } else if (strcmp(item, "sack") == 0) {
        if (arg == NULL) {
            snprintf(err, err_size, "sack needs blocks (sack:LEFT-RIGHT;LEFT-RIGHT)");
            return false;
        }
        fits = encode_sack(arg, buf, err, err_size);
        if (!fits && err[0] != '\0') {
            return false;
        }
    } else if (strcmp(item, "hex") == 0) {
        uint8_t raw[64];
        size_t raw_len;
        if (arg == NULL || !tcpgen_parse_hex(arg, raw, sizeof raw, &raw_len)) {
            snprintf(err, err_size, "hex needs raw option bytes as hex digits (hex:1e0401)");
            return false;
        }
        fits = push_bytes(buf, raw, raw_len);
    } else {
        snprintf(err, err_size,
                 "unknown TCP option '%s' "
                 "(known: mss:N ws:N sackok ts:V:E sack:L-R;.. nop eol hex:..)",
                 item);
        return false;
    }
    if (!fits) {
        snprintf(err, err_size, "TCP options longer than %u bytes", TCPGEN_MAX_TCP_OPTIONS);
        return false;
    }
    return true;
}

bool tcpgen_encode_tcp_options(const char *spec, uint8_t out[TCPGEN_MAX_TCP_OPTIONS],
                               size_t *out_len, char *err, size_t err_size)
{
    option_buffer buf = { .len = 0 };
    const char *cursor = spec;
    err[0] = '\0';
    for (;;) {
        const char *comma = strchr(cursor, ',');
        size_t item_len = comma != NULL ? (size_t)(comma - cursor) : strlen(cursor);
        char item[256];
        if (item_len == 0) {
            snprintf(err, err_size, "empty item in the option list");
            return false;
        }
        if (item_len >= sizeof item) {
            snprintf(err, err_size, "option item too long");
            return false;
        }
        memcpy(item, cursor, item_len);
        item[item_len] = '\0';
        if (!encode_item(item, &buf, err, err_size)) {
            return false;
        }
        if (comma == NULL) {
            break;
        }
        cursor = comma + 1;
    }
    if (buf.len > TCPGEN_MAX_TCP_OPTIONS) {
        snprintf(err, err_size, "TCP options take %zu bytes, more than the %u allowed",
                 buf.len, TCPGEN_MAX_TCP_OPTIONS);
        return false;
    }
    memset(out, 0, TCPGEN_MAX_TCP_OPTIONS);
    memcpy(out, buf.bytes, buf.len);
    *out_len = (buf.len + 3u) / 4u * 4u;   /* padding bytes are EOL (0) */
    return true;
}
