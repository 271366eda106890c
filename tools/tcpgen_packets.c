/* tcpgen_packets.c - turn pkt, udp and frame lines into capture records.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpgen_parser.h"
#include "tcpgen_tcpopts.h"

/* Payload bytes for len=N: the byte at TCP sequence number n is
 * PAYLOAD_PATTERN[n % 64], so a retransmission repeats the same bytes
 * (64 divides 2^32, so this holds across sequence number wrap too). */
static const char PAYLOAD_PATTERN[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";

enum line_kind {
    LINE_PKT = 1u << 0,
    LINE_UDP = 1u << 1,
    LINE_FRAME = 1u << 2
};

enum key_id {
    KEY_DT, KEY_COMMENT, KEY_SNAP,                 /* any packet line */
    KEY_ID, KEY_TTL, KEY_TOS,                      /* IP: pkt and udp */
    KEY_LEN, KEY_DATA, KEY_PAYLOAD,                /* payload: pkt and udp */
    KEY_SEQ, KEY_ACK, KEY_WIN, KEY_URG, KEY_FLAGS, KEY_OPTS, KEY_TCPHDR,
    KEY_HEX,                                       /* frame */
    KEY_COUNT
};

static const struct {
    const char *name;
    unsigned lines;                                /* enum line_kind bits */
} KEY_TABLE[KEY_COUNT] = {
    [KEY_DT] = { "dt", LINE_PKT | LINE_UDP | LINE_FRAME },
    [KEY_COMMENT] = { "comment", LINE_PKT | LINE_UDP | LINE_FRAME },
    [KEY_SNAP] = { "snap", LINE_PKT | LINE_UDP | LINE_FRAME },
    [KEY_ID] = { "id", LINE_PKT | LINE_UDP },
    [KEY_TTL] = { "ttl", LINE_PKT | LINE_UDP },
    [KEY_TOS] = { "tos", LINE_PKT | LINE_UDP },
    [KEY_LEN] = { "len", LINE_PKT | LINE_UDP },
    [KEY_DATA] = { "data", LINE_PKT | LINE_UDP },
    [KEY_PAYLOAD] = { "payload", LINE_PKT | LINE_UDP },
    [KEY_SEQ] = { "seq", LINE_PKT },
    [KEY_ACK] = { "ack", LINE_PKT },
    [KEY_WIN] = { "win", LINE_PKT },
    [KEY_URG] = { "urg", LINE_PKT },
    [KEY_FLAGS] = { "flags", LINE_PKT },
    [KEY_OPTS] = { "opts", LINE_PKT },
    [KEY_TCPHDR] = { "tcphdr", LINE_PKT },
    [KEY_HEX] = { "hex", LINE_FRAME },
};

/* The key=value words of one line, by key; NULL where absent. */
typedef struct line_keys {
    const tcpgen_word *word[KEY_COUNT];
} line_keys;

/* Sorts words[first..] into keys, rejecting bare words, unknown keys,
 * keys that do not belong on this kind of line, and repeated keys. */
static bool collect_keys(scn_parser *parser, const tcpgen_line *line, size_t first,
                         enum line_kind kind, const char *directive, line_keys *keys)
{
    memset(keys, 0, sizeof *keys);
    for (size_t i = first; i < line->count; i++) {
        const tcpgen_word *word = &line->words[i];
        if (word->key == NULL) {
            return scn_fail(parser, "unexpected word '%s' (expected key=value)", word->value);
        }
        int found = -1;
        for (int k = 0; k < KEY_COUNT; k++) {
            if ((KEY_TABLE[k].lines & kind) && strcmp(KEY_TABLE[k].name, word->key) == 0) {
                found = k;
            }
        }
        if (found < 0) {
            char allowed[200] = "";
            size_t used = 0;
            for (int k = 0; k < KEY_COUNT && used < sizeof allowed; k++) {
                if (KEY_TABLE[k].lines & kind) {
                    used += (size_t)snprintf(allowed + used, sizeof allowed - used, " %s",
                                             KEY_TABLE[k].name);
                }
            }
            return scn_fail(parser, "unknown key '%s' on a %s line (allowed:%s)", word->key,
                            directive, allowed);
        }
        if (keys->word[found] != NULL) {
            return scn_fail(parser, "key '%s' given twice", word->key);
        }
        keys->word[found] = word;
    }
    return true;
}

/* Reads the number for key (or default_value when absent) into *out. */
static bool key_uint(scn_parser *parser, const line_keys *keys, enum key_id key,
                     uint64_t max, uint64_t default_value, uint64_t *out)
{
    const tcpgen_word *word = keys->word[key];
    if (word == NULL) {
        *out = default_value;
        return true;
    }
    if (!tcpgen_parse_uint(word->value, max, out)) {
        return scn_fail(parser, "%s='%s' is not a number 0..%llu (decimal or 0x hex)",
                        KEY_TABLE[key].name, word->value, (unsigned long long)max);
    }
    return true;
}

static bool require_key(scn_parser *parser, const line_keys *keys, enum key_id key,
                        const char *why)
{
    if (keys->word[key] == NULL) {
        return scn_fail(parser, "missing %s= (%s)", KEY_TABLE[key].name, why);
    }
    return true;
}

/* "c>s" -> the two endpoints. */
static bool parse_direction(scn_parser *parser, const tcpgen_word *word,
                            const scn_endpoint **src, const scn_endpoint **dst)
{
    const char *text = word->value;
    const char *arrow = strchr(text, '>');
    if (word->key != NULL || arrow == NULL || arrow == text || arrow[1] == '\0') {
        return scn_fail(parser, "expected a direction SRC>DST after the directive, like c>s");
    }
    const scn_endpoint *found[2] = { NULL, NULL };
    const char *names[2] = { text, arrow + 1 };
    size_t lengths[2] = { (size_t)(arrow - text), strlen(arrow + 1) };
    for (int side = 0; side < 2; side++) {
        for (size_t i = 0; i < parser->endpoint_count; i++) {
            const scn_endpoint *e = &parser->endpoints[i];
            if (strlen(e->name) == lengths[side] &&
                memcmp(e->name, names[side], lengths[side]) == 0) {
                found[side] = e;
            }
        }
        if (found[side] == NULL) {
            return scn_fail(parser, "unknown host '%.*s' in '%s' (define it with a host line)",
                            (int)lengths[side], names[side], text);
        }
    }
    const tcpgen_station *a = &parser->stations[found[0]->station_index].station;
    const tcpgen_station *b = &parser->stations[found[1]->station_index].station;
    if (a->family != b->family) {
        return scn_fail(parser, "'%s' mixes an IPv%u host with an IPv%u host", text,
                        a->family, b->family);
    }
    *src = found[0];
    *dst = found[1];
    return true;
}

/* "SA", "FPA", ... -> flag bits. */
static bool parse_flag_letters(scn_parser *parser, const char *text, uint16_t *flags)
{
    static const char letters[] = "FSRPAUECN";
    uint16_t bits = 0;
    for (const char *p = text; *p != '\0'; p++) {
        const char *hit = strchr(letters, *p);
        if (hit == NULL) {
            return scn_fail(parser,
                            "unknown flag letter '%c' in '%s' (use F S R P A U E C N, "
                            "or flags=0x012)", *p, text);
        }
        uint16_t bit = (uint16_t)(1u << (hit - letters));
        if (bits & bit) {
            return scn_fail(parser, "flag letter '%c' repeated in '%s'", *p, text);
        }
        bits |= bit;
    }
    *flags = bits;
    return true;
}

/* Fills parser->payload from data=, payload= or len= and checks that len=
 * agrees when given together with data= or payload=. pattern_seq is the
 * sequence number of the first payload byte (for the len= pattern). */
static bool resolve_payload(scn_parser *parser, const line_keys *keys, uint32_t pattern_seq,
                            size_t *payload_len)
{
    const tcpgen_word *data = keys->word[KEY_DATA];
    const tcpgen_word *hex = keys->word[KEY_PAYLOAD];
    uint64_t len = 0;
    if (!key_uint(parser, keys, KEY_LEN, 65535, 0, &len)) {
        return false;
    }
    if (data != NULL && hex != NULL) {
        return scn_fail(parser, "give data= or payload=, not both");
    }
    size_t actual;
    if (data != NULL) {
        if (data->value_len > 65535) {
            return scn_fail(parser, "data= is longer than 65535 bytes");
        }
        memcpy(parser->payload, data->value, data->value_len);
        actual = data->value_len;
    } else if (hex != NULL) {
        if (!tcpgen_parse_hex(hex->value, parser->payload, 65535, &actual)) {
            return scn_fail(parser, "payload= must be an even number of hex digits "
                                    "(':' and '_' allowed as separators), at most 65535 bytes");
        }
    } else {
        for (size_t i = 0; i < len; i++) {
            parser->payload[i] = (uint8_t)PAYLOAD_PATTERN[(pattern_seq + i) % 64u];
        }
        *payload_len = (size_t)len;
        return true;
    }
    if (keys->word[KEY_LEN] != NULL && actual != len) {
        return scn_fail(parser, "len=%llu but the %s is %zu bytes", (unsigned long long)len,
                        data != NULL ? "data" : "payload", actual);
    }
    *payload_len = actual;
    return true;
}

/* IP identification, TTL and TOS for a packet from station src. */
static bool resolve_ip(scn_parser *parser, const line_keys *keys, size_t src_station,
                       size_t dst_station, tcpgen_ip_params *ip)
{
    scn_station *station = &parser->stations[src_station];
    uint64_t id;
    uint64_t ttl;
    uint64_t tos;
    if (keys->word[KEY_ID] != NULL && station->station.family != 4) {
        return scn_fail(parser, "id= only applies to IPv4 packets");
    }
    if (!key_uint(parser, keys, KEY_ID, 65535, station->next_ip_id, &id) ||
        !key_uint(parser, keys, KEY_TTL, 255, SCN_DEFAULT_TTL, &ttl) ||
        !key_uint(parser, keys, KEY_TOS, 255, 0, &tos)) {
        return false;
    }
    ip->src = &station->station;
    ip->dst = &parser->stations[dst_station].station;
    ip->ip_id = (uint16_t)id;
    ip->ttl = (uint8_t)ttl;
    ip->tos = (uint8_t)tos;
    return true;
}

static char *copy_string(const char *text, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

/* Applies dt=, snap=, the global snaplen and comment= to the frame in
 * parser->frame and appends it as a record. */
static bool append_record(scn_parser *parser, const line_keys *keys, size_t frame_len)
{
    tcpgen_scenario *scenario = parser->scenario;
    uint64_t dt = parser->clock_just_set ? 0 : SCN_DEFAULT_DT_USEC;
    const tcpgen_word *dt_word = keys->word[KEY_DT];
    if (dt_word != NULL && !tcpgen_parse_usec(dt_word->value, &dt)) {
        return scn_fail(parser, "dt='%s' is not SECONDS or SECONDS.FRACTION (at most 6 digits)",
                        dt_word->value);
    }

    uint64_t timestamp = parser->clock_usec + dt;
    if (scenario->format == TCPGEN_FORMAT_PCAP && timestamp / 1000000u > UINT32_MAX) {
        return scn_fail(parser, "timestamp after 2106-02-07 does not fit in a pcap file "
                                "(32-bit seconds); use format pcapng");
    }

    size_t captured = frame_len < scenario->snaplen ? frame_len : scenario->snaplen;
    const tcpgen_word *snap_word = keys->word[KEY_SNAP];
    if (snap_word != NULL) {
        uint64_t snap;
        if (!tcpgen_parse_uint(snap_word->value, UINT32_MAX, &snap) || snap == 0 ||
            snap >= frame_len) {
            return scn_fail(parser, "snap='%s' must be 1..%zu (less than the %zu-byte frame)",
                            snap_word->value, frame_len - 1, frame_len);
        }
        if (snap < captured) {
            captured = (size_t)snap;
        }
    }

    const tcpgen_word *comment_word = keys->word[KEY_COMMENT];
    if (comment_word != NULL) {
        if (scenario->format != TCPGEN_FORMAT_PCAPNG) {
            return scn_fail(parser, "comment= needs format pcapng (pcap has no packet comments)");
        }
        if (memchr(comment_word->value, '\0', comment_word->value_len) != NULL) {
            return scn_fail(parser, "comment= may not contain a NUL byte");
        }
    }

    if (scenario->record_count == parser->record_capacity) {
        size_t new_capacity = parser->record_capacity ? parser->record_capacity * 2 : 64;
        tcpgen_record *grown = realloc(scenario->records, new_capacity * sizeof *grown);
        if (grown == NULL) {
            return scn_fail(parser, "out of memory");
        }
        scenario->records = grown;
        parser->record_capacity = new_capacity;
    }
    tcpgen_record *record = &scenario->records[scenario->record_count];
    memset(record, 0, sizeof *record);
    record->data = malloc(captured > 0 ? captured : 1);
    if (comment_word != NULL) {
        record->comment = copy_string(comment_word->value, comment_word->value_len);
    }
    if (record->data == NULL || (comment_word != NULL && record->comment == NULL)) {
        free(record->data);
        free(record->comment);
        return scn_fail(parser, "out of memory");
    }
    memcpy(record->data, parser->frame, captured);
    record->captured_len = (uint32_t)captured;
    record->original_len = (uint32_t)frame_len;
    record->timestamp_usec = timestamp;
    scenario->record_count++;

    parser->clock_usec = record->timestamp_usec;
    parser->clock_just_set = false;
    return true;
}

static bool tcp_line(scn_parser *parser, const tcpgen_line *line)
{
    const scn_endpoint *src;
    const scn_endpoint *dst;
    if (line->count < 2) {
        return scn_fail(parser, "expected: pkt SRC>DST FLAGS key=value...");
    }
    if (!parse_direction(parser, &line->words[1], &src, &dst)) {
        return false;
    }
    bool has_letters = line->count > 2 && line->words[2].key == NULL;
    line_keys keys;
    if (!collect_keys(parser, line, has_letters ? 3 : 2, LINE_PKT, "pkt", &keys)) {
        return false;
    }

    uint64_t number;
    uint16_t flags = 0;
    if (has_letters && keys.word[KEY_FLAGS] != NULL) {
        return scn_fail(parser, "give the flags as letters or as flags=, not both");
    }
    if (has_letters) {
        if (!parse_flag_letters(parser, line->words[2].value, &flags)) {
            return false;
        }
    } else if (keys.word[KEY_FLAGS] != NULL) {
        if (!key_uint(parser, &keys, KEY_FLAGS, TCPGEN_TCP_FLAG_MASK, 0, &number)) {
            return false;
        }
        flags = (uint16_t)number;
    } else {
        return scn_fail(parser,
                        "missing flags: letters after the direction (like SA) or flags=0x012");
    }

    tcpgen_tcp_params tcp;
    memset(&tcp, 0, sizeof tcp);
    tcp.flags = flags;
    tcp.src_port = src->port;
    tcp.dst_port = dst->port;
    if (!require_key(parser, &keys, KEY_SEQ, "every TCP packet states its sequence number") ||
        !key_uint(parser, &keys, KEY_SEQ, UINT32_MAX, 0, &number)) {
        return false;
    }
    tcp.seq = (uint32_t)number;
    if ((flags & TCPGEN_TCP_ACK) &&
        !require_key(parser, &keys, KEY_ACK, "the A flag is set")) {
        return false;
    }
    if (!key_uint(parser, &keys, KEY_ACK, UINT32_MAX, 0, &number)) {
        return false;
    }
    tcp.ack = (uint32_t)number;
    if (!key_uint(parser, &keys, KEY_WIN, 65535, 65535, &number)) {
        return false;
    }
    tcp.window = (uint16_t)number;
    if (!key_uint(parser, &keys, KEY_URG, 65535, 0, &number)) {
        return false;
    }
    tcp.urgent = (uint16_t)number;

    uint8_t options[TCPGEN_MAX_TCP_OPTIONS];
    if (keys.word[KEY_OPTS] != NULL) {
        char err[200];
        if (!tcpgen_encode_tcp_options(keys.word[KEY_OPTS]->value, options, &tcp.options_len,
                                       err, sizeof err)) {
            return scn_fail(parser, "opts=: %s", err);
        }
        tcp.options = options;
    }

    tcp.header_cut = -1;
    size_t header_len = 20 + tcp.options_len;
    if (keys.word[KEY_TCPHDR] != NULL) {
        if (!key_uint(parser, &keys, KEY_TCPHDR, 65535, 0, &number)) {
            return false;
        }
        if (number >= header_len) {
            return scn_fail(parser, "tcphdr=%llu must be less than the %zu-byte TCP header",
                            (unsigned long long)number, header_len);
        }
        if (keys.word[KEY_LEN] != NULL || keys.word[KEY_DATA] != NULL ||
            keys.word[KEY_PAYLOAD] != NULL) {
            return scn_fail(parser,
                            "tcphdr= cuts the header, so the packet cannot carry a payload");
        }
        tcp.header_cut = (int)number;
    }

    size_t payload_len;
    uint32_t first_data_seq = tcp.seq + ((flags & TCPGEN_TCP_SYN) ? 1u : 0u);
    tcpgen_ip_params ip;
    if (!resolve_payload(parser, &keys, first_data_seq, &payload_len) ||
        !resolve_ip(parser, &keys, src->station_index, dst->station_index, &ip)) {
        return false;
    }

    size_t frame_len;
    const char *why = NULL;
    if (!tcpgen_build_tcp_frame(parser->frame, TCPGEN_MAX_FRAME, &frame_len,
                                parser->scenario->linktype, &ip, &tcp, parser->payload,
                                payload_len, &why)) {
        return scn_fail(parser, "cannot build this packet: %s", why);
    }
    if (!append_record(parser, &keys, frame_len)) {
        return false;
    }
    parser->stations[src->station_index].next_ip_id = (uint16_t)(ip.ip_id + 1u);
    return true;
}

static bool udp_line(scn_parser *parser, const tcpgen_line *line)
{
    const scn_endpoint *src;
    const scn_endpoint *dst;
    if (line->count < 2) {
        return scn_fail(parser, "expected: udp SRC>DST key=value...");
    }
    line_keys keys;
    size_t payload_len;
    tcpgen_ip_params ip;
    if (!parse_direction(parser, &line->words[1], &src, &dst) ||
        !collect_keys(parser, line, 2, LINE_UDP, "udp", &keys) ||
        !resolve_payload(parser, &keys, 0, &payload_len) ||
        !resolve_ip(parser, &keys, src->station_index, dst->station_index, &ip)) {
        return false;
    }
    size_t frame_len;
    const char *why = NULL;
    if (!tcpgen_build_udp_frame(parser->frame, TCPGEN_MAX_FRAME, &frame_len,
                                parser->scenario->linktype, &ip, src->port, dst->port,
                                parser->payload, payload_len, &why)) {
        return scn_fail(parser, "cannot build this packet: %s", why);
    }
    if (!append_record(parser, &keys, frame_len)) {
        return false;
    }
    parser->stations[src->station_index].next_ip_id = (uint16_t)(ip.ip_id + 1u);
    return true;
}

static bool raw_frame_line(scn_parser *parser, const tcpgen_line *line)
{
    line_keys keys;
    if (!collect_keys(parser, line, 1, LINE_FRAME, "frame", &keys) ||
        !require_key(parser, &keys, KEY_HEX, "the frame's bytes")) {
        return false;
    }
    size_t frame_len;
    if (!tcpgen_parse_hex(keys.word[KEY_HEX]->value, parser->frame, TCPGEN_MAX_FRAME,
                          &frame_len) || frame_len == 0) {
        return scn_fail(parser, "hex= must be a non-empty, even number of hex digits "
                                "(':' and '_' allowed as separators)");
    }
    return append_record(parser, &keys, frame_len);
}

bool scn_packet_line(scn_parser *parser, const tcpgen_line *line)
{
    const char *directive = line->words[0].value;
    if (strcmp(directive, "pkt") == 0) {
        return tcp_line(parser, line);
    }
    if (strcmp(directive, "udp") == 0) {
        return udp_line(parser, line);
    }
    return raw_frame_line(parser, line);
}
