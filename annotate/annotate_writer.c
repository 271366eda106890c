/* annotate_writer.c - the record-by-record copy through libwiretap.
 *
 * Modelled on editcap.c of Wireshark 4.0: the dump parameters come from
 * the input without its interfaces, which are added to the output as
 * they appear in the input (pcapng may define new ones between packets).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "annotate_writer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <wiretap/wtap.h>
#include <wsutil/filesystem.h>
#include <wsutil/privileges.h>
#include <wsutil/wslog.h>

struct annotate_copy {
    wtap             *wth;
    wtap_dumper      *pdh;
    wtap_dump_params  params;
    bool              params_set;
    wtap_rec          rec;
    Buffer            buf;
    uint32_t          frame;
};

void annotate_wiretap_init(const char *argv0)
{
    /* Wireshark's log: only serious trouble unless the user asks for more
     * (WIRESHARK_LOG_LEVEL), so our messages stay readable. */
    ws_log_init("tcp-explain-annotate", NULL);
    if (getenv("WIRESHARK_LOG_LEVEL") == NULL)
        ws_log_set_level(LOG_LEVEL_CRITICAL);
    init_process_policies();
    char *error = configuration_init(argv0, NULL);
    g_free(error);   /* only needed to find wiretap plugins */
    wtap_init(TRUE);
}

/* Describes a wiretap error in plain words. */
static void describe(int err, const char *err_info, char *out, size_t outlen)
{
    const char *what;
    switch (err) {
    case WTAP_ERR_FILE_UNKNOWN_FORMAT:
        what = "not a capture file (not a format Wireshark reads)";
        break;
    case WTAP_ERR_SHORT_READ:
        what = "the capture is cut short in the middle of a packet";
        break;
    case WTAP_ERR_BAD_FILE:
        what = "the capture is damaged or corrupt";
        break;
    case WTAP_ERR_UNSUPPORTED:
        what = "this capture file uses a feature Wireshark does not support";
        break;
    case WTAP_ERR_DECOMPRESS:
        what = "the compressed data is damaged";
        break;
    case WTAP_ERR_RANDOM_OPEN_PIPE:
    case WTAP_ERR_NOT_REGULAR_FILE:
        what = "not a regular file";
        break;
    default:
        what = wtap_strerror(err);
        break;
    }
    if (err_info != NULL && *err_info != '\0')
        snprintf(out, outlen, "%s (%s)", what, err_info);
    else
        snprintf(out, outlen, "%s", what);
}

/* True for the encapsulations of the file formats Wireshark reads that
 * hold no network packets. */
static bool is_not_packets(int encap)
{
    static const int file_encaps[] = {
        WTAP_ENCAP_MIME, WTAP_ENCAP_JPEG_JFIF, WTAP_ENCAP_JSON,
        WTAP_ENCAP_RUBY_MARSHAL, WTAP_ENCAP_RFC7468,
#ifdef WTAP_ENCAP_MP4
        WTAP_ENCAP_MP4,
#endif
    };
    for (size_t i = 0; i < G_N_ELEMENTS(file_encaps); i++) {
        if (encap == file_encaps[i])
            return true;
    }
    return false;
}

/* The first bytes of a pcap or pcapng file: its format's name and how
 * long its file header is (0: unknown; *at_least: only its shortest
 * possible length is known), or NULL for neither. */
static const char *capture_header(const char *input, uint32_t *header_len, bool *at_least)
{
    unsigned char head[12];
    FILE *f = fopen(input, "rb");
    if (f == NULL)
        return NULL;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    *header_len = 0;
    *at_least = false;
    if (n < 4)
        return NULL;
    static const unsigned char pcapng[4] = { 0x0a, 0x0d, 0x0d, 0x0a };
    static const unsigned char pcaps[][4] = {
        { 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 },   /* microseconds */
        { 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 },   /* nanoseconds */
    };
    if (memcmp(head, pcapng, 4) == 0) {
        /* The section header block's length, in the byte order its
         * byte-order magic says. */
        if (n == sizeof head && memcmp(head + 8, "\x4d\x3c\x2b\x1a", 4) == 0)
            *header_len = (uint32_t)head[4] | (uint32_t)head[5] << 8 |
                          (uint32_t)head[6] << 16 | (uint32_t)head[7] << 24;
        else if (n == sizeof head && memcmp(head + 8, "\x1a\x2b\x3c\x4d", 4) == 0)
            *header_len = (uint32_t)head[7] | (uint32_t)head[6] << 8 |
                          (uint32_t)head[5] << 16 | (uint32_t)head[4] << 24;
        else if (n < sizeof head) {
            *header_len = 28;   /* the shortest section header block */
            *at_least = true;
        }
        return "pcapng";
    }
    for (size_t i = 0; i < G_N_ELEMENTS(pcaps); i++) {
        if (memcmp(head, pcaps[i], 4) == 0) {
            *header_len = 24;
            return "pcap";
        }
    }
    return NULL;
}

/* Explains that input (size bytes), opened by wiretap as wth, holds no
 * packets: a capture cut short inside its file header, one whose file
 * header Wireshark does not accept, or no capture at all. */
static void describe_not_capture(const char *input, wtap *wth, long long size,
                                 char *err, size_t errlen)
{
    const char *format = wtap_file_type_subtype_description(wtap_file_type_subtype(wth));
    if (format == NULL)
        format = "a file of another kind";
    uint32_t header_len;
    bool at_least;
    const char *capture = capture_header(input, &header_len, &at_least);
    if (capture != NULL && size >= 0 && size < (long long)header_len)
        snprintf(err, errlen, "the capture is cut short: only %lld bytes, inside its %s file "
                 "header (%s%" PRIu32 " bytes), so it holds no packets", size, capture,
                 at_least ? "at least " : "", header_len);
    else if (capture != NULL)
        snprintf(err, errlen, "starts like a %s capture, but Wireshark does not accept its file "
                 "header and reads it as %s (%lld bytes): a damaged capture", capture, format,
                 size);
    else
        snprintf(err, errlen, "not a capture file (%lld bytes; Wireshark reads it as %s, "
                 "which holds no network packets), or a capture cut short", size, format);
}

annotate_copy_t *annotate_copy_open(const char *input, char *err, size_t errlen)
{
    /* Wireshark 4.0 opens a zero-byte file as an empty ERF capture; for a
     * teacher it is a broken file, not a capture without packets. */
    struct stat st;
    if (stat(input, &st) != 0) {
        st.st_size = -1;   /* wtap_open_offline() says why */
    } else if (S_ISREG(st.st_mode) && st.st_size == 0) {
        snprintf(err, errlen, "the file is empty (0 bytes), not a capture");
        return NULL;
    }
    int werr = 0;
    gchar *err_info = NULL;
    wtap *wth = wtap_open_offline(input, WTAP_TYPE_AUTO, &werr, &err_info, FALSE);
    if (wth == NULL) {
        describe(werr, err_info, err, errlen);
        g_free(err_info);
        return NULL;
    }
    if (is_not_packets(wtap_file_encap(wth))) {
        /* Wireshark also reads some files that are no capture (images,
         * JSON, ...), as one "packet" holding the whole file: what a
         * capture cut inside its file header looks like too. */
        describe_not_capture(input, wth, st.st_size, err, errlen);
        wtap_close(wth);
        return NULL;
    }
    annotate_copy_t *copy = g_new0(annotate_copy_t, 1);
    copy->wth = wth;
    wtap_rec_init(&copy->rec);
    ws_buffer_init(&copy->buf, 1514);
    return copy;
}

/* Adds to the output every interface the input has defined since the
 * last call. */
static bool add_new_interfaces(annotate_copy_t *copy, char *err, size_t errlen)
{
    wtap_block_t idb;
    while ((idb = wtap_get_next_interface_description(copy->wth)) != NULL) {
        int werr = 0;
        gchar *err_info = NULL;
        if (!wtap_dump_add_idb(copy->pdh, idb, &werr, &err_info)) {
            char why[256];
            describe(werr, err_info, why, sizeof why);
            snprintf(err, errlen, "cannot write an interface description: %s", why);
            g_free(err_info);
            return false;
        }
    }
    return true;
}

bool annotate_copy_start(annotate_copy_t *copy, int out_fd, char *err, size_t errlen)
{
    wtap_dump_params_init_no_idbs(&copy->params, copy->wth);
    copy->params_set = true;
    int type = wtap_pcapng_file_type_subtype();
    if (copy->params.encap != WTAP_ENCAP_PER_PACKET &&
        copy->params.encap != WTAP_ENCAP_UNKNOWN &&
        !wtap_dump_can_write_encap(type, copy->params.encap)) {
        snprintf(err, errlen, "pcapng cannot hold packets of type %s",
                 wtap_encap_description(copy->params.encap));
        return false;
    }
    int dump_fd = dup(out_fd);
    if (dump_fd < 0) {
        snprintf(err, errlen, "cannot write pcapng: %s", strerror(errno));
        return false;
    }
    int werr = 0;
    gchar *err_info = NULL;
    copy->pdh = wtap_dump_fdopen(dump_fd, type, WTAP_UNCOMPRESSED, &copy->params,
                                 &werr, &err_info);
    if (copy->pdh == NULL) {
        /* dump_fd is not closed here: wtap_dump_fdopen() closes it on some
         * failures and not on others, and closing it twice could close
         * another thread's file. This failure is rare (a full disk). */
        char why[256];
        describe(werr, err_info, why, sizeof why);
        snprintf(err, errlen, "cannot write pcapng: %s", why);
        g_free(err_info);
        return false;
    }
    return add_new_interfaces(copy, err, errlen);
}

int annotate_copy_next(annotate_copy_t *copy, uint32_t *frame, char *err, size_t errlen)
{
    int werr = 0;
    gchar *err_info = NULL;
    gint64 offset;
    wtap_rec_reset(&copy->rec);
    if (!wtap_read(copy->wth, &copy->rec, &copy->buf, &werr, &err_info, &offset)) {
        if (werr == 0)
            return 0;
        char why[256];
        describe(werr, err_info, why, sizeof why);
        snprintf(err, errlen, "%s, after %u packet%s", why, copy->frame,
                 copy->frame == 1 ? "" : "s");
        g_free(err_info);
        return -1;
    }
    *frame = ++copy->frame;
    return 1;
}

void annotate_copy_add_comment(annotate_copy_t *copy, const char *comment)
{
    if (copy->rec.block == NULL) {
        /* pcap and other formats without per-packet options. */
        copy->rec.block = wtap_block_create(WTAP_BLOCK_PACKET);
    }
    wtap_block_add_string_option(copy->rec.block, OPT_COMMENT, comment, strlen(comment));
    copy->rec.block_was_modified = TRUE;
}

bool annotate_copy_write(annotate_copy_t *copy, char *err, size_t errlen)
{
    if (!add_new_interfaces(copy, err, errlen))
        return false;
    int werr = 0;
    gchar *err_info = NULL;
    if (!wtap_dump(copy->pdh, &copy->rec, ws_buffer_start_ptr(&copy->buf), &werr, &err_info)) {
        char why[256];
        describe(werr, err_info, why, sizeof why);
        snprintf(err, errlen, "cannot write packet %u: %s", copy->frame, why);
        g_free(err_info);
        return false;
    }
    return true;
}

bool annotate_copy_finish(annotate_copy_t *copy, char *err, size_t errlen)
{
    int werr = 0;
    gchar *err_info = NULL;
    wtap_dumper *pdh = copy->pdh;
    copy->pdh = NULL;
    if (pdh == NULL) {
        snprintf(err, errlen, "internal error: output not started");
        return false;
    }
    if (!wtap_dump_close(pdh, NULL, &werr, &err_info)) {
        char why[256];
        describe(werr, err_info, why, sizeof why);
        snprintf(err, errlen, "cannot finish the output: %s", why);
        g_free(err_info);
        return false;
    }
    return true;
}

void annotate_copy_position(annotate_copy_t *copy, uint64_t *done, uint64_t *total)
{
    int err = 0;
    gint64 at = wtap_read_so_far(copy->wth);
    gint64 size = wtap_file_size(copy->wth, &err);
    *done = at > 0 ? (uint64_t)at : 0;
    *total = size > 0 ? (uint64_t)size : 0;
}

void annotate_copy_free(annotate_copy_t *copy)
{
    if (copy == NULL)
        return;
    if (copy->pdh != NULL) {
        int werr;
        gchar *err_info = NULL;
        wtap_dump_close(copy->pdh, NULL, &werr, &err_info);
        g_free(err_info);
    }
    if (copy->params_set) {
        g_free(copy->params.idb_inf);   /* not freed by the cleanup (4.0) */
        wtap_dump_params_cleanup(&copy->params);
    }
    wtap_rec_cleanup(&copy->rec);
    ws_buffer_free(&copy->buf);
    wtap_close(copy->wth);
    g_free(copy);
}
