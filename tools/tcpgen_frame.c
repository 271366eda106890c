/* tcpgen_frame.c - build Ethernet/raw-IP frames carrying TCP or UDP.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpgen_frame.h"

#include <string.h>

#define ETHERNET_HEADER_LEN 14u
#define IPV4_HEADER_LEN     20u
#define IPV6_HEADER_LEN     40u
#define TCP_HEADER_LEN      20u
#define UDP_HEADER_LEN      8u
#define IP_PROTO_TCP        6u
#define IP_PROTO_UDP        17u
#define IPV4_FLAG_DF        0x4000u

static void put_u16(uint8_t *p, uint32_t value)
{
    p[0] = (uint8_t)(value >> 8);
    p[1] = (uint8_t)value;
}

static void put_u32(uint8_t *p, uint32_t value)
{
    p[0] = (uint8_t)(value >> 24);
    p[1] = (uint8_t)(value >> 16);
    p[2] = (uint8_t)(value >> 8);
    p[3] = (uint8_t)value;
}

/* Adds data to a running ones' complement sum as big-endian 16-bit words;
 * an odd trailing byte is padded with a zero byte. */
static uint64_t checksum_accumulate(uint64_t sum, const uint8_t *data, size_t len)
{
    size_t i = 0;
    for (; i + 1 < len; i += 2) {
        sum += ((uint32_t)data[i] << 8) | data[i + 1];
    }
    if (i < len) {
        sum += (uint32_t)data[i] << 8;
    }
    return sum;
}

static uint16_t checksum_finish(uint64_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

uint16_t tcpgen_internet_checksum(const uint8_t *data, size_t len)
{
    return checksum_finish(checksum_accumulate(0, data, len));
}

/* Checksum of a TCP or UDP datagram including the IPv4 (RFC 793) or IPv6
 * (RFC 8200 section 8.1) pseudo-header. The checksum field inside l4 must
 * be zero when this is called. */
static uint16_t transport_checksum(const tcpgen_ip_params *ip, uint8_t protocol,
                                   const uint8_t *l4, size_t l4_len)
{
    size_t addr_len = ip->src->family == 4 ? 4u : 16u;
    uint64_t sum = 0;
    sum = checksum_accumulate(sum, ip->src->addr, addr_len);
    sum = checksum_accumulate(sum, ip->dst->addr, addr_len);
    sum += protocol;
    sum += (uint64_t)l4_len;   /* < 65536, so one 16-bit word in both layouts */
    sum = checksum_accumulate(sum, l4, l4_len);
    return checksum_finish(sum);
}

/* Works out where the transport header starts and the largest transport
 * datagram the IP packet can hold. */
static bool frame_layout(uint32_t linktype, const tcpgen_ip_params *ip,
                         size_t *l4_offset, size_t *l4_max, const char **why)
{
    size_t link_len;
    if (linktype == TCPGEN_LINKTYPE_ETHERNET) {
        link_len = ETHERNET_HEADER_LEN;
    } else if (linktype == TCPGEN_LINKTYPE_RAW) {
        link_len = 0;
    } else {
        *why = "unsupported link type";
        return false;
    }
    if (ip->src == NULL || ip->dst == NULL || ip->src->family != ip->dst->family) {
        *why = "source and destination are not both IPv4 or both IPv6";
        return false;
    }
    if (ip->src->family == 4) {
        *l4_offset = link_len + IPV4_HEADER_LEN;
        *l4_max = 65535u - IPV4_HEADER_LEN;
    } else if (ip->src->family == 6) {
        *l4_offset = link_len + IPV6_HEADER_LEN;
        *l4_max = 65535u;
    } else {
        *why = "address family is neither IPv4 nor IPv6";
        return false;
    }
    return true;
}

/* Writes the link-layer and IP headers in front of an l4_wire_len-byte
 * transport datagram that already sits at its offset; returns frame length. */
static size_t write_ip_and_link(uint8_t *out, uint32_t linktype,
                                const tcpgen_ip_params *ip, uint8_t protocol,
                                size_t l4_wire_len)
{
    size_t offset = 0;
    if (linktype == TCPGEN_LINKTYPE_ETHERNET) {
        memcpy(out, ip->dst->mac, 6);
        memcpy(out + 6, ip->src->mac, 6);
        put_u16(out + 12, ip->src->family == 4 ? 0x0800u : 0x86ddu);
        offset = ETHERNET_HEADER_LEN;
    }
    uint8_t *hdr = out + offset;
    if (ip->src->family == 4) {
        hdr[0] = 0x45;                       /* version 4, 5 words */
        hdr[1] = ip->tos;
        put_u16(hdr + 2, (uint32_t)(IPV4_HEADER_LEN + l4_wire_len));
        put_u16(hdr + 4, ip->ip_id);
        put_u16(hdr + 6, IPV4_FLAG_DF);
        hdr[8] = ip->ttl;
        hdr[9] = protocol;
        put_u16(hdr + 10, 0);
        memcpy(hdr + 12, ip->src->addr, 4);
        memcpy(hdr + 16, ip->dst->addr, 4);
        put_u16(hdr + 10, tcpgen_internet_checksum(hdr, IPV4_HEADER_LEN));
        return offset + IPV4_HEADER_LEN + l4_wire_len;
    }
    put_u32(hdr, 0x60000000u | ((uint32_t)ip->tos << 20));  /* flow label 0 */
    put_u16(hdr + 4, (uint32_t)l4_wire_len);
    hdr[6] = protocol;
    hdr[7] = ip->ttl;
    memcpy(hdr + 8, ip->src->addr, 16);
    memcpy(hdr + 24, ip->dst->addr, 16);
    return offset + IPV6_HEADER_LEN + l4_wire_len;
}

bool tcpgen_build_tcp_frame(uint8_t *out, size_t out_cap, size_t *out_len,
                            uint32_t linktype, const tcpgen_ip_params *ip,
                            const tcpgen_tcp_params *tcp,
                            const uint8_t *payload, size_t payload_len,
                            const char **why)
{
    size_t l4_offset;
    size_t l4_max;
    if (!frame_layout(linktype, ip, &l4_offset, &l4_max, why)) {
        return false;
    }
    if (tcp->options_len % 4 != 0 || tcp->options_len > TCPGEN_MAX_TCP_OPTIONS) {
        *why = "TCP options must be a multiple of 4 bytes, at most 40";
        return false;
    }
    if (tcp->flags > TCPGEN_TCP_FLAG_MASK) {
        *why = "TCP flags do not fit in 12 bits";
        return false;
    }
    size_t header_len = TCP_HEADER_LEN + tcp->options_len;
    if (tcp->header_cut >= 0 && (payload_len > 0 || (size_t)tcp->header_cut >= header_len)) {
        *why = "a cut TCP header must be shorter than the full header and carry no payload";
        return false;
    }
    size_t segment_len = header_len + payload_len;
    if (segment_len > l4_max) {
        *why = "TCP segment is too long for one IP packet";
        return false;
    }
    if (l4_offset + segment_len > out_cap) {
        *why = "frame does not fit in the output buffer";
        return false;
    }

    memset(out, 0, l4_offset + segment_len);
    uint8_t *seg = out + l4_offset;
    put_u16(seg, tcp->src_port);
    put_u16(seg + 2, tcp->dst_port);
    put_u32(seg + 4, tcp->seq);
    put_u32(seg + 8, tcp->ack);
    seg[12] = (uint8_t)(((header_len / 4) << 4) | ((tcp->flags >> 8) & 0x0fu));
    seg[13] = (uint8_t)(tcp->flags & 0xffu);
    put_u16(seg + 14, tcp->window);
    put_u16(seg + 18, tcp->urgent);
    if (tcp->options_len > 0) {
        memcpy(seg + TCP_HEADER_LEN, tcp->options, tcp->options_len);
    }
    if (payload_len > 0) {
        memcpy(seg + header_len, payload, payload_len);
    }
    put_u16(seg + 16, transport_checksum(ip, IP_PROTO_TCP, seg, segment_len));

    size_t wire_len = tcp->header_cut >= 0 ? (size_t)tcp->header_cut : segment_len;
    *out_len = write_ip_and_link(out, linktype, ip, IP_PROTO_TCP, wire_len);
    return true;
}

bool tcpgen_build_udp_frame(uint8_t *out, size_t out_cap, size_t *out_len,
                            uint32_t linktype, const tcpgen_ip_params *ip,
                            uint16_t src_port, uint16_t dst_port,
                            const uint8_t *payload, size_t payload_len,
                            const char **why)
{
    size_t l4_offset;
    size_t l4_max;
    if (!frame_layout(linktype, ip, &l4_offset, &l4_max, why)) {
        return false;
    }
    size_t datagram_len = UDP_HEADER_LEN + payload_len;
    if (datagram_len > l4_max || datagram_len > 65535u) {
        *why = "UDP datagram is too long for one IP packet";
        return false;
    }
    if (l4_offset + datagram_len > out_cap) {
        *why = "frame does not fit in the output buffer";
        return false;
    }

    memset(out, 0, l4_offset + datagram_len);
    uint8_t *udp = out + l4_offset;
    put_u16(udp, src_port);
    put_u16(udp + 2, dst_port);
    put_u16(udp + 4, (uint32_t)datagram_len);
    if (payload_len > 0) {
        memcpy(udp + UDP_HEADER_LEN, payload, payload_len);
    }
    uint16_t checksum = transport_checksum(ip, IP_PROTO_UDP, udp, datagram_len);
    put_u16(udp + 6, checksum == 0 ? 0xffffu : checksum);   /* 0 means "none" */

    *out_len = write_ip_and_link(out, linktype, ip, IP_PROTO_UDP, datagram_len);
    return true;
}
