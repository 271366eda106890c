/* tcpgen_capture.h - write pcap and pcapng capture files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The writer is byte-for-byte deterministic: all fields are written
 * little-endian whatever the host, padding is zero, and no clock, host
 * name or version string ends up in the file.
 */
#ifndef TCPGEN_CAPTURE_H
#define TCPGEN_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum tcpgen_capture_format {
    TCPGEN_FORMAT_PCAPNG,
    TCPGEN_FORMAT_PCAP
} tcpgen_capture_format;

/* One packet record. */
typedef struct tcpgen_capture_packet {
    uint64_t timestamp_usec;     /* microseconds since the Unix epoch */
    const uint8_t *data;         /* the captured bytes */
    uint32_t captured_len;       /* bytes in data */
    uint32_t original_len;       /* length on the wire, >= captured_len */
    const char *comment;         /* NULL or a UTF-8 comment (pcapng only) */
} tcpgen_capture_packet;

typedef struct tcpgen_capture tcpgen_capture;

/* Creates the file at path ("-" means standard output) and writes the file
 * header: for pcapng a Section Header Block and one Interface Description
 * Block, for pcap the classic microsecond header. Returns NULL with a
 * message in err (err_size bytes) on failure. */
tcpgen_capture *tcpgen_capture_create(const char *path, tcpgen_capture_format format,
                                      uint32_t linktype, uint32_t snaplen,
                                      char *err, size_t err_size);

/* Appends one packet (an Enhanced Packet Block in pcapng). Returns false if
 * the packet cannot be represented (for example a comment in a pcap file)
 * or cannot be written; tcpgen_capture_error() then says why. */
bool tcpgen_capture_write(tcpgen_capture *capture, const tcpgen_capture_packet *packet);

/* The reason for the last failed tcpgen_capture_write(). */
const char *tcpgen_capture_error(const tcpgen_capture *capture);

/* Flushes and closes the file and frees capture. Returns false with a
 * message in err if the data could not be written; a partial regular file
 * is then removed (devices and pipes are left alone). */
bool tcpgen_capture_finish(tcpgen_capture *capture, char *err, size_t err_size);

/* Closes the file, removes it if it is a regular file (never standard
 * output, a device or a pipe) and frees capture. Used when generation
 * fails half-way. */
void tcpgen_capture_discard(tcpgen_capture *capture);

#endif /* TCPGEN_CAPTURE_H */
