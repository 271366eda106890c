/* annotate_fields.c - the tshark fields we ask for, and one line of
 * "-T fields" output parsed into annotate_packet_t.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_fields.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* The fields we ask for, in output order. explain.text comes last: it is
 * the longest and the only one that could ever hold a stray tab. */
enum {
    F_FRAME, F_STREAM, F_SRCPORT, F_DSTPORT,
    F_IP_SRC, F_IP_DST, F_IP6_SRC, F_IP6_DST,
    F_FLAGS, F_LEN, F_RETRANS, F_FAST_RETRANS, F_SPURIOUS_RETRANS,
    F_TIME, F_DUP_ACK, F_LOST_SEGMENT,
    F_RTT, F_RTT_AMBIGUOUS,
    F_ROLE, F_STEP, F_PHASE,
    F_SEQ_REL, F_SEQ_RAW, F_ACK_REL, F_ACK_RAW, F_NXTSEQ,
    F_PAYLOAD_TOTAL, F_SEQ_CONSUMED, F_CHECK_FAILED, F_CHECK_EXPLAINED,
    F_CHECK_FIRST,
    F_EXPERT = F_CHECK_FIRST + EXPLAIN_CHECK_COUNT,
    F_STREAM_SUMMARY,
    F_SUMMARY,
    F_TEXT,
    F_COUNT
};

static const char *const field_names[F_COUNT] = {
    [F_FRAME] = "frame.number",
    [F_STREAM] = "tcp.stream",
    [F_SRCPORT] = "tcp.srcport",
    [F_DSTPORT] = "tcp.dstport",
    [F_IP_SRC] = "ip.src",
    [F_IP_DST] = "ip.dst",
    [F_IP6_SRC] = "ipv6.src",
    [F_IP6_DST] = "ipv6.dst",
    [F_FLAGS] = "tcp.flags",
    [F_LEN] = "tcp.len",
    [F_RETRANS] = "tcp.analysis.retransmission",
    [F_FAST_RETRANS] = "tcp.analysis.fast_retransmission",
    [F_SPURIOUS_RETRANS] = "tcp.analysis.spurious_retransmission",
    [F_TIME] = "frame.time_relative",
    [F_DUP_ACK] = "tcp.analysis.duplicate_ack",
    [F_LOST_SEGMENT] = "tcp.analysis.lost_segment",
    [F_RTT] = "explain.rtt",
    [F_RTT_AMBIGUOUS] = "explain.rtt.ambiguous",
    [F_ROLE] = "explain.role",
    [F_STEP] = "explain.step",
    [F_PHASE] = "explain.phase",
    [F_SEQ_REL] = "explain.seq.rel",
    [F_SEQ_RAW] = "explain.seq.raw",
    [F_ACK_REL] = "explain.ack.rel",
    [F_ACK_RAW] = "explain.ack.raw",
    [F_NXTSEQ] = "explain.nxtseq",
    [F_PAYLOAD_TOTAL] = "explain.bytes.payload_total",
    [F_SEQ_CONSUMED] = "explain.bytes.seq_consumed",
    [F_CHECK_FAILED] = "explain.check.failed",
    [F_CHECK_EXPLAINED] = "explain.check.explained",
#define X_CHECK_FIELD(name, id, sev) [F_CHECK_FIRST + EXPLAIN_CHECK_##name] = "explain.check." id,
    EXPLAIN_CHECK_LIST(X_CHECK_FIELD)
#undef X_CHECK_FIELD
    [F_EXPERT] = "_ws.expert.message",
    [F_STREAM_SUMMARY] = "explain.stream.summary",
    [F_SUMMARY] = "explain.summary",
    [F_TEXT] = "explain.text",
};

#define AGGREGATOR ANNOTATE_FIELDS_AGGREGATOR_STR[0]

size_t annotate_fields_count(void)
{
    return F_COUNT;
}

const char *annotate_field_name(size_t index)
{
    return index < F_COUNT ? field_names[index] : NULL;
}

/* Undoes tshark's escaping of \n \r \t \b \f in place (tshark leaves a
 * real backslash alone, so "\\n" in a value cannot be told apart; the
 * explain texts contain no backslashes). */
static void unescape(char *s)
{
    char *out = s;
    for (const char *in = s; *in != '\0'; in++) {
        if (in[0] == '\\' && in[1] != '\0' && strchr("nrtbf", in[1]) != NULL) {
            switch (in[1]) {
            case 'n': *out++ = '\n'; break;
            case 'r': *out++ = '\r'; break;
            case 't': *out++ = '\t'; break;
            case 'b': *out++ = '\b'; break;
            default:  *out++ = '\f'; break;
            }
            in++;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
}

/* The last occurrence in an aggregated field value. */
static char *last_occurrence(char *value)
{
    char *sep = strrchr(value, AGGREGATOR);
    return sep != NULL ? sep + 1 : value;
}

/* Parses a decimal or 0x-hex unsigned number that fills all of s. */
static bool parse_u64(const char *s, uint64_t *out)
{
    if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0')
        return false;
    *out = v;
    return true;
}

/* Like parse_u64, limited to max; false for absent or malformed values. */
static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v;
    if (!parse_u64(s, &v) || v > max)
        return false;
    *out = v;
    return true;
}

/* True for a boolean field that tshark printed as set ("1", or "True" as
 * later versions print it). */
static bool field_is_true(const char *s)
{
    return strcmp(s, "1") == 0 || g_ascii_strcasecmp(s, "true") == 0;
}

/* Parses a non-negative decimal number of seconds ("3.512400") that
 * fills all of s. */
static bool parse_seconds(const char *s, double *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    double v = g_ascii_strtod(s, &end);
    if (errno != 0 || *end != '\0' || !(v >= 0.0))
        return false;
    *out = v;
    return true;
}

bool annotate_fields_parse(char *line, annotate_packet_t *packet, char *err, size_t errlen)
{
    char *fields[F_COUNT];
    char *p = line;
    for (size_t f = 0; f < F_COUNT; f++) {
        fields[f] = p;
        if (f + 1 == F_COUNT)
            break;   /* explain.text keeps the rest of the line */
        char *tab = strchr(p, '\t');
        if (tab == NULL && f + 2 == F_COUNT) {
            fields[F_TEXT] = p + strlen(p);   /* explain.text not asked for */
            break;
        }
        if (tab == NULL) {
            snprintf(err, errlen, "unexpected tshark output: %zu fields instead of %d",
                     f + 1, F_COUNT);
            return false;
        }
        *tab = '\0';
        p = tab + 1;
    }
    memset(packet, 0, sizeof *packet);
    uint64_t v;
    if (!parse_uint(last_occurrence(fields[F_FRAME]), UINT32_MAX, &v)) {
        snprintf(err, errlen, "unexpected tshark output: no frame number");
        return false;
    }
    packet->frame = (uint32_t)v;
    packet->src_addr = packet->dst_addr = packet->summary = packet->text = "";
    packet->stream_summary = "";
    if (parse_uint(last_occurrence(fields[F_STREAM]), UINT32_MAX, &v)) {
        packet->is_tcp = true;
        packet->stream = (uint32_t)v;
    }
    if (parse_uint(last_occurrence(fields[F_SRCPORT]), UINT16_MAX, &v))
        packet->src_port = (uint16_t)v;
    if (parse_uint(last_occurrence(fields[F_DSTPORT]), UINT16_MAX, &v))
        packet->dst_port = (uint16_t)v;
    /* The innermost address: IPv6 when present (tunnels are rare here). */
    packet->src_addr = last_occurrence(*fields[F_IP6_SRC] ? fields[F_IP6_SRC] : fields[F_IP_SRC]);
    packet->dst_addr = last_occurrence(*fields[F_IP6_DST] ? fields[F_IP6_DST] : fields[F_IP_DST]);
    if (parse_uint(last_occurrence(fields[F_FLAGS]), 0xfff, &v))
        packet->flags = (uint16_t)v;
    if (parse_uint(last_occurrence(fields[F_LEN]), UINT32_MAX, &v))
        packet->len = (uint32_t)v;

    packet->retransmission = fields[F_RETRANS][0] != '\0' || fields[F_FAST_RETRANS][0] != '\0' ||
                             fields[F_SPURIOUS_RETRANS][0] != '\0';
    packet->dup_ack = fields[F_DUP_ACK][0] != '\0';
    packet->lost_before = fields[F_LOST_SEGMENT][0] != '\0';
    packet->has_time = parse_seconds(last_occurrence(fields[F_TIME]), &packet->time_rel);
    /* explain.rtt: the ladder writes the RTT beside each ACK that has one,
     * but not where the acknowledged data was sent more than once: the time
     * is measured from the first copy, and the ACK may answer a later one. */
    packet->has_rtt = parse_seconds(last_occurrence(fields[F_RTT]), &packet->rtt) &&
                      !field_is_true(last_occurrence(fields[F_RTT_AMBIGUOUS]));
    char *summary = last_occurrence(fields[F_SUMMARY]);
    packet->explained = summary[0] != '\0';
    if (!packet->explained)
        return true;
    char *text = last_occurrence(fields[F_TEXT]);
    unescape(summary);
    unescape(text);
    packet->summary = summary;
    packet->text = text;
    /* The end-of-stream summary: one occurrence per sentence, joined here
     * by '\n' (the texts hold no control character). */
    for (char *c = fields[F_STREAM_SUMMARY]; *c != '\0'; c++) {
        if (*c == AGGREGATOR)
            *c = '\n';
    }
    unescape(fields[F_STREAM_SUMMARY]);
    packet->stream_summary = fields[F_STREAM_SUMMARY];
    if (parse_uint(last_occurrence(fields[F_ROLE]), EXPLAIN_ROLE_COUNT - 1, &v))
        packet->role = (uint8_t)v;
    if (parse_uint(last_occurrence(fields[F_STEP]), EXPLAIN_STEP_COUNT - 1, &v))
        packet->step = (uint8_t)v;
    if (parse_uint(last_occurrence(fields[F_PHASE]), EXPLAIN_PHASE_COUNT - 1, &v))
        packet->phase = (uint8_t)v;
    if (parse_uint(last_occurrence(fields[F_SEQ_REL]), UINT32_MAX, &v))
        packet->seq_rel = (uint32_t)v;
    if (parse_uint(last_occurrence(fields[F_SEQ_RAW]), UINT32_MAX, &v))
        packet->seq_raw = (uint32_t)v;
    if (parse_uint(last_occurrence(fields[F_ACK_RAW]), UINT32_MAX, &v)) {
        packet->has_ack = true;
        packet->ack_raw = (uint32_t)v;
    }
    if (parse_uint(last_occurrence(fields[F_ACK_REL]), UINT32_MAX, &v)) {
        packet->has_ack_rel = true;
        packet->ack_rel = (uint32_t)v;
    }
    if (parse_uint(last_occurrence(fields[F_NXTSEQ]), UINT32_MAX, &v)) {
        packet->has_nxtseq = true;
        packet->nxtseq = (uint32_t)v;
    }
    if (parse_uint(last_occurrence(fields[F_PAYLOAD_TOTAL]), UINT64_MAX, &v))
        packet->payload_total = v;
    if (parse_uint(last_occurrence(fields[F_SEQ_CONSUMED]), UINT64_MAX, &v))
        packet->seq_consumed = v;
    const char *failed = last_occurrence(fields[F_CHECK_FAILED]);
    packet->check_failed = failed[0] != '\0' && strcmp(failed, "0") != 0 &&
                           strcmp(failed, "False") != 0;
    const char *explained = last_occurrence(fields[F_CHECK_EXPLAINED]);
    packet->check_explained = explained[0] != '\0' && strcmp(explained, "0") != 0 &&
                              strcmp(explained, "False") != 0;
    size_t failed_count = 0;
    for (unsigned c = 0; c < EXPLAIN_CHECK_COUNT; c++) {
        if (fields[F_CHECK_FIRST + c][0] != '\0') {
            packet->failed_checks |= EXPLAIN_CHECK_BIT(c);
            failed_count++;
        }
    }
    if (failed_count > 0)
        packet->check_failed = true;

    /* The explain post-dissector adds one expert message per failed check,
     * after everything else in the frame: they are the last ones. */
    char *experts[256];
    size_t expert_count = 0;
    if (fields[F_EXPERT][0] != '\0') {
        for (char *e = fields[F_EXPERT]; e != NULL && expert_count < G_N_ELEMENTS(experts);) {
            experts[expert_count++] = e;
            char *sep = strchr(e, AGGREGATOR);
            if (sep != NULL)
                *sep++ = '\0';
            e = sep;
        }
    }
    if (failed_count > expert_count)
        failed_count = expert_count;
    for (size_t i = expert_count - failed_count; i < expert_count; i++) {
        unescape(experts[i]);
        packet->messages[packet->message_count++] = experts[i];
    }
    return true;
}

/* ANNOTATE_FIELDS_SUMMARY's fields, in output order. */
static const unsigned summary_set[] = { F_FRAME, F_STREAM, F_SUMMARY };

size_t annotate_fields_count_in(annotate_fields_set_t set)
{
    switch (set) {
    case ANNOTATE_FIELDS_SUMMARY: return G_N_ELEMENTS(summary_set);
    case ANNOTATE_FIELDS_NO_TEXT: return F_COUNT - 1;   /* explain.text is last */
    default:                      return F_COUNT;
    }
}

const char *annotate_field_name_in(annotate_fields_set_t set, size_t index)
{
    if (index >= annotate_fields_count_in(set))
        return NULL;
    return field_names[set == ANNOTATE_FIELDS_SUMMARY ? summary_set[index] : index];
}

bool annotate_fields_parse_set(annotate_fields_set_t set, char *line, annotate_packet_t *packet,
                               char *err, size_t errlen)
{
    if (set != ANNOTATE_FIELDS_SUMMARY)
        return annotate_fields_parse(line, packet, err, errlen);
    char *fields[G_N_ELEMENTS(summary_set)];
    char *p = line;
    for (size_t f = 0; f < G_N_ELEMENTS(summary_set); f++) {
        fields[f] = p;
        if (f + 1 == G_N_ELEMENTS(summary_set))
            break;   /* the summary keeps the rest of the line */
        char *tab = strchr(p, '\t');
        if (tab == NULL) {
            snprintf(err, errlen, "unexpected tshark output: %zu fields instead of %zu",
                     f + 1, G_N_ELEMENTS(summary_set));
            return false;
        }
        *tab = '\0';
        p = tab + 1;
    }
    memset(packet, 0, sizeof *packet);
    uint64_t v;
    if (!parse_uint(last_occurrence(fields[0]), UINT32_MAX, &v)) {
        snprintf(err, errlen, "unexpected tshark output: no frame number");
        return false;
    }
    packet->frame = (uint32_t)v;
    packet->src_addr = packet->dst_addr = packet->text = packet->stream_summary = "";
    if (parse_uint(last_occurrence(fields[1]), UINT32_MAX, &v)) {
        packet->is_tcp = true;
        packet->stream = (uint32_t)v;
    }
    char *summary = last_occurrence(fields[2]);
    packet->explained = summary[0] != '\0';
    unescape(summary);
    packet->summary = summary;
    return true;
}

bool annotate_fields_parse_frame(const char *text, uint32_t *frame)
{
    uint64_t v;
    if (!parse_uint(text, UINT32_MAX, &v))
        return false;
    *frame = (uint32_t)v;
    return true;
}
