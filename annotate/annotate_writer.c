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

#include "explain_compat.h"

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
    EXPLAIN_LOG_INIT("tcp-explain-annotate", NULL);
    if (getenv("WIRESHARK_LOG_LEVEL") == NULL)
        ws_log_set_level(LOG_LEVEL_CRITICAL);
    init_process_policies();
    char *error = EXPLAIN_CONFIGURATION_INIT(argv0);
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

annotate_copy_t *annotate_copy_open(const char *input, char *err, size_t errlen)
{
    /* Wireshark 4.0 opens a zero-byte file as an empty ERF capture; for a
     * teacher it is a broken file, not a capture without packets. */
    struct stat st;
    if (stat(input, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0) {
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
    annotate_copy_t *copy = g_new0(annotate_copy_t, 1);
    copy->wth = wth;
    EXPLAIN_REC_INIT(&copy->rec, &copy->buf);
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
    if (!EXPLAIN_WTAP_READ(copy->wth, &copy->rec, &copy->buf, &werr, &err_info, &offset)) {
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
    if (!EXPLAIN_WTAP_DUMP(copy->pdh, &copy->rec, &copy->buf, &werr, &err_info)) {
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
    EXPLAIN_REC_CLEANUP(&copy->rec, &copy->buf);
    wtap_close(copy->wth);
    g_free(copy);
}
