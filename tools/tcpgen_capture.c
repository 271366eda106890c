/* tcpgen_capture.c - write pcap and pcapng capture files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "tcpgen_capture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCAP_MAGIC_USEC          0xa1b2c3d4u
#define PCAPNG_BLOCK_SHB         0x0a0d0d0au
#define PCAPNG_BLOCK_IDB         0x00000001u
#define PCAPNG_BLOCK_EPB         0x00000006u
#define PCAPNG_BYTE_ORDER_MAGIC  0x1a2b3c4du
#define PCAPNG_OPT_ENDOFOPT      0u
#define PCAPNG_OPT_COMMENT       1u
#define PCAPNG_OPT_SHB_USERAPPL  4u
#define PCAPNG_MAX_OPTION_LEN    0xffffu

struct tcpgen_capture {
    FILE *file;
    char *path;                  /* NULL when writing to standard output */
    bool remove_on_failure;      /* path is a regular file we truncated */
    tcpgen_capture_format format;
    uint8_t *block;              /* scratch buffer for one record */
    size_t block_len;
    size_t block_cap;
    bool out_of_memory;
    char error[160];
};

/* --- little-endian block assembly ---------------------------------- */

static void block_reset(tcpgen_capture *cap)
{
    cap->block_len = 0;
    cap->out_of_memory = false;
}

static void block_append(tcpgen_capture *cap, const void *bytes, size_t len)
{
    if (cap->out_of_memory || len == 0) {
        return;
    }
    if (cap->block_len + len > cap->block_cap) {
        size_t new_cap = cap->block_cap ? cap->block_cap : 256;
        while (new_cap < cap->block_len + len) {
            new_cap *= 2;
        }
        uint8_t *grown = realloc(cap->block, new_cap);
        if (grown == NULL) {
            cap->out_of_memory = true;
            return;
        }
        cap->block = grown;
        cap->block_cap = new_cap;
    }
    memcpy(cap->block + cap->block_len, bytes, len);
    cap->block_len += len;
}

static void block_u16(tcpgen_capture *cap, uint32_t value)
{
    uint8_t b[2] = { (uint8_t)value, (uint8_t)(value >> 8) };
    block_append(cap, b, sizeof b);
}

static void block_u32(tcpgen_capture *cap, uint32_t value)
{
    uint8_t b[4] = { (uint8_t)value, (uint8_t)(value >> 8),
                     (uint8_t)(value >> 16), (uint8_t)(value >> 24) };
    block_append(cap, b, sizeof b);
}

static void block_pad4(tcpgen_capture *cap)
{
    static const uint8_t zeros[3] = { 0, 0, 0 };
    size_t rest = cap->block_len % 4;
    if (rest != 0) {
        block_append(cap, zeros, 4 - rest);
    }
}

/* A pcapng option: code, length, value, zero padding to 4 bytes. */
static void block_option(tcpgen_capture *cap, uint32_t code, const void *value, size_t len)
{
    block_u16(cap, code);
    block_u16(cap, (uint32_t)len);
    block_append(cap, value, len);
    block_pad4(cap);
}

/* Starts a pcapng block; the total length is patched by block_end_pcapng. */
static void block_begin_pcapng(tcpgen_capture *cap, uint32_t type)
{
    block_reset(cap);
    block_u32(cap, type);
    block_u32(cap, 0);
}

static void block_end_pcapng(tcpgen_capture *cap)
{
    uint32_t total = (uint32_t)(cap->block_len + 4);
    block_u32(cap, total);
    if (!cap->out_of_memory) {
        for (int i = 0; i < 4; i++) {
            cap->block[4 + i] = (uint8_t)(total >> (8 * i));
        }
    }
}

static bool block_flush(tcpgen_capture *cap)
{
    if (cap->out_of_memory) {
        snprintf(cap->error, sizeof cap->error, "out of memory");
        return false;
    }
    if (fwrite(cap->block, 1, cap->block_len, cap->file) != cap->block_len) {
        snprintf(cap->error, sizeof cap->error, "write failed: %s", strerror(errno));
        return false;
    }
    return true;
}

/* --- file headers --------------------------------------------------- */

static bool write_pcap_header(tcpgen_capture *cap, uint32_t linktype, uint32_t snaplen)
{
    block_reset(cap);
    block_u32(cap, PCAP_MAGIC_USEC);
    block_u16(cap, 2);            /* version 2.4 */
    block_u16(cap, 4);
    block_u32(cap, 0);            /* thiszone */
    block_u32(cap, 0);            /* sigfigs */
    block_u32(cap, snaplen);
    block_u32(cap, linktype);
    return block_flush(cap);
}

static bool write_pcapng_header(tcpgen_capture *cap, uint32_t linktype, uint32_t snaplen)
{
    static const char user_application[] = "tcp-explain tcpgen";

    block_begin_pcapng(cap, PCAPNG_BLOCK_SHB);
    block_u32(cap, PCAPNG_BYTE_ORDER_MAGIC);
    block_u16(cap, 1);            /* version 1.0 */
    block_u16(cap, 0);
    block_u32(cap, 0xffffffffu);  /* section length: unspecified (-1) */
    block_u32(cap, 0xffffffffu);
    block_option(cap, PCAPNG_OPT_SHB_USERAPPL, user_application, strlen(user_application));
    block_option(cap, PCAPNG_OPT_ENDOFOPT, NULL, 0);
    block_end_pcapng(cap);
    if (!block_flush(cap)) {
        return false;
    }

    /* One interface, microsecond timestamps (the default if_tsresol). */
    block_begin_pcapng(cap, PCAPNG_BLOCK_IDB);
    block_u16(cap, linktype);
    block_u16(cap, 0);            /* reserved */
    block_u32(cap, snaplen);
    block_end_pcapng(cap);
    return block_flush(cap);
}

/* --- public API ------------------------------------------------------ */

tcpgen_capture *tcpgen_capture_create(const char *path, tcpgen_capture_format format,
                                      uint32_t linktype, uint32_t snaplen,
                                      char *err, size_t err_size)
{
    if (format == TCPGEN_FORMAT_PCAPNG && linktype > 0xffffu) {
        snprintf(err, err_size, "link type %u does not fit in a pcapng interface block",
                 (unsigned)linktype);
        return NULL;
    }
    tcpgen_capture *cap = calloc(1, sizeof *cap);
    if (cap == NULL) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    cap->format = format;
    if (strcmp(path, "-") == 0) {
        cap->file = stdout;
    } else {
        cap->path = malloc(strlen(path) + 1);
        if (cap->path == NULL) {
            snprintf(err, err_size, "out of memory");
            free(cap);
            return NULL;
        }
        memcpy(cap->path, path, strlen(path) + 1);
        cap->file = fopen(path, "wb");
        if (cap->file == NULL) {
            snprintf(err, err_size, "cannot create %s: %s", path, strerror(errno));
            free(cap->path);
            free(cap);
            return NULL;
        }
        /* Never unlink a device or pipe (e.g. /dev/null) on failure. */
        struct stat info;
        cap->remove_on_failure = fstat(fileno(cap->file), &info) == 0 && S_ISREG(info.st_mode);
    }
    bool ok = format == TCPGEN_FORMAT_PCAP ? write_pcap_header(cap, linktype, snaplen)
                                           : write_pcapng_header(cap, linktype, snaplen);
    if (!ok) {
        snprintf(err, err_size, "%s", cap->error);
        tcpgen_capture_discard(cap);
        return NULL;
    }
    return cap;
}

bool tcpgen_capture_write(tcpgen_capture *cap, const tcpgen_capture_packet *packet)
{
    if (packet->captured_len > packet->original_len) {
        snprintf(cap->error, sizeof cap->error,
                 "captured length %u exceeds original length %u",
                 (unsigned)packet->captured_len, (unsigned)packet->original_len);
        return false;
    }
    uint64_t seconds = packet->timestamp_usec / 1000000u;
    uint32_t micros = (uint32_t)(packet->timestamp_usec % 1000000u);

    if (cap->format == TCPGEN_FORMAT_PCAP) {
        if (packet->comment != NULL) {
            snprintf(cap->error, sizeof cap->error,
                     "packet comments need pcapng (this scenario says format pcap)");
            return false;
        }
        if (seconds > 0xffffffffu) {
            snprintf(cap->error, sizeof cap->error,
                     "timestamp does not fit in a pcap record (32-bit seconds)");
            return false;
        }
        block_reset(cap);
        block_u32(cap, (uint32_t)seconds);
        block_u32(cap, micros);
        block_u32(cap, packet->captured_len);
        block_u32(cap, packet->original_len);
        block_append(cap, packet->data, packet->captured_len);
        return block_flush(cap);
    }

    size_t comment_len = packet->comment != NULL ? strlen(packet->comment) : 0;
    if (comment_len > PCAPNG_MAX_OPTION_LEN) {
        snprintf(cap->error, sizeof cap->error, "packet comment longer than 65535 bytes");
        return false;
    }
    block_begin_pcapng(cap, PCAPNG_BLOCK_EPB);
    block_u32(cap, 0);                         /* interface 0 */
    block_u32(cap, (uint32_t)(packet->timestamp_usec >> 32));
    block_u32(cap, (uint32_t)packet->timestamp_usec);
    block_u32(cap, packet->captured_len);
    block_u32(cap, packet->original_len);
    block_append(cap, packet->data, packet->captured_len);
    block_pad4(cap);
    if (packet->comment != NULL) {
        block_option(cap, PCAPNG_OPT_COMMENT, packet->comment, comment_len);
        block_option(cap, PCAPNG_OPT_ENDOFOPT, NULL, 0);
    }
    block_end_pcapng(cap);
    return block_flush(cap);
}

const char *tcpgen_capture_error(const tcpgen_capture *cap)
{
    return cap->error;
}

static void capture_free(tcpgen_capture *cap)
{
    free(cap->block);
    free(cap->path);
    free(cap);
}

bool tcpgen_capture_finish(tcpgen_capture *cap, char *err, size_t err_size)
{
    bool ok = fflush(cap->file) == 0 && !ferror(cap->file);
    int saved_errno = errno;
    if (cap->path != NULL && fclose(cap->file) != 0 && ok) {
        ok = false;
        saved_errno = errno;
    }
    if (!ok) {
        snprintf(err, err_size, "writing %s failed: %s",
                 cap->path ? cap->path : "standard output", strerror(saved_errno));
        if (cap->remove_on_failure) {
            remove(cap->path);
        }
    }
    capture_free(cap);
    return ok;
}

void tcpgen_capture_discard(tcpgen_capture *cap)
{
    if (cap->path != NULL) {
        fclose(cap->file);
        if (cap->remove_on_failure) {
            remove(cap->path);
        }
    } else {
        fflush(cap->file);
    }
    capture_free(cap);
}
