/* tcpgen_frame.h - build Ethernet/raw-IP frames carrying TCP or UDP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything here is pure: the same arguments always give the same bytes,
 * with a correct IPv4 header checksum and a correct TCP/UDP checksum over
 * the pseudo-header. No I/O, no global state, so a future synthetic
 * traffic mode can call these functions directly.
 */
#ifndef TCPGEN_FRAME_H
#define TCPGEN_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Link-layer header types (the pcap LINKTYPE_ values). */
#define TCPGEN_LINKTYPE_ETHERNET 1u
#define TCPGEN_LINKTYPE_RAW      101u

/* Largest frame we ever build: Ethernet header + IPv6 header + a
 * 65535-byte IPv6 payload (an IPv4 packet is at most 65535 bytes in all). */
#define TCPGEN_MAX_FRAME (14u + 40u + 65535u)

/* TCP options area limit (data offset 15 words minus the 20-byte header). */
#define TCPGEN_MAX_TCP_OPTIONS 40u

/* TCP flag bits as they sit in the low 9 bits of header bytes 12-13. */
#define TCPGEN_TCP_FIN 0x001u
#define TCPGEN_TCP_SYN 0x002u
#define TCPGEN_TCP_RST 0x004u
#define TCPGEN_TCP_PSH 0x008u
#define TCPGEN_TCP_ACK 0x010u
#define TCPGEN_TCP_URG 0x020u
#define TCPGEN_TCP_ECE 0x040u
#define TCPGEN_TCP_CWR 0x080u
#define TCPGEN_TCP_AE  0x100u
#define TCPGEN_TCP_FLAG_MASK 0xfffu   /* 3 reserved bits + AE + 8 classic */

/* One network interface: an IPv4 or IPv6 address and its MAC address. */
typedef struct tcpgen_station {
    uint8_t family;      /* 4 or 6 */
    uint8_t addr[16];    /* IPv4 uses the first 4 bytes */
    uint8_t mac[6];
} tcpgen_station;

/* The IP layer of one packet. */
typedef struct tcpgen_ip_params {
    const tcpgen_station *src;
    const tcpgen_station *dst;   /* must have the same family as src */
    uint16_t ip_id;              /* IPv4 identification (ignored for IPv6) */
    uint8_t ttl;                 /* IPv4 TTL or IPv6 hop limit */
    uint8_t tos;                 /* IPv4 TOS byte or IPv6 traffic class */
} tcpgen_ip_params;

/* The TCP header of one segment. */
typedef struct tcpgen_tcp_params {
    uint16_t src_port;
    uint16_t dst_port;
    uint32_t seq;
    uint32_t ack;
    uint16_t flags;              /* TCPGEN_TCP_* bits, at most 0xfff */
    uint16_t window;
    uint16_t urgent;
    const uint8_t *options;      /* encoded options, already padded */
    size_t options_len;          /* multiple of 4, at most 40 */
    /* Malformed-packet helper: when >= 0, only the first header_cut bytes
     * of the TCP header are put in the IP packet (the IP length says so
     * too), and there must be no payload. -1 writes the whole header. */
    int header_cut;
} tcpgen_tcp_params;

/* Builds a complete TCP frame into out (capacity out_cap) and stores its
 * length in *out_len. Returns false, with a static English reason in *why,
 * if the arguments are inconsistent or the packet would not fit in an IP
 * packet or in out; out is then unspecified. */
bool tcpgen_build_tcp_frame(uint8_t *out, size_t out_cap, size_t *out_len,
                            uint32_t linktype, const tcpgen_ip_params *ip,
                            const tcpgen_tcp_params *tcp,
                            const uint8_t *payload, size_t payload_len,
                            const char **why);

/* Builds a complete UDP frame, same contract as tcpgen_build_tcp_frame. */
bool tcpgen_build_udp_frame(uint8_t *out, size_t out_cap, size_t *out_len,
                            uint32_t linktype, const tcpgen_ip_params *ip,
                            uint16_t src_port, uint16_t dst_port,
                            const uint8_t *payload, size_t payload_len,
                            const char **why);

/* The 16-bit ones' complement of the ones' complement sum of data, as used
 * by the IPv4 header checksum (RFC 1071). */
uint16_t tcpgen_internet_checksum(const uint8_t *data, size_t len);

#endif /* TCPGEN_FRAME_H */
