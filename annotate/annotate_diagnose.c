/* annotate_diagnose.c - why tshark explained none of a capture's TCP
 * packets.
 *
 * Two questions, each answered by running tshark rather than guessed:
 *  - is the Explain protocol enabled? tshark reads a built-in capture of
 *    one well-formed TCP SYN; the plugin is loaded (the preflight checked
 *    that). When it explains nothing, the disabled_protos file that names
 *    "explain" (Analyze > Enabled Protocols writes it) is looked for in
 *    the configuration folders tshark -G folders names;
 *  - which TCP packets of the capture are cut short (shorter than on the
 *    wire: _ws.short) or malformed (_ws.malformed)?
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _POSIX_C_SOURCE 200809L

#include "annotate_diagnose.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

/* A pcap file (little-endian, Ethernet) holding one TCP SYN from
 * 10.0.0.1:49152 to 10.0.0.2:80, ISN 100, correct IPv4 and TCP
 * checksums. */
static const unsigned char probe_capture[24 + 16 + 54] = {
    /* file header */
    0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    /* record header: time 0, 54 bytes captured of 54 */
    0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 54, 0, 0, 0,
    /* Ethernet */
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
    /* IPv4 */
    0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0xcd,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
    /* TCP SYN */
    0xc0, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00,
    0x50, 0x02, 0xff, 0xff, 0xdb, 0x2b, 0x00, 0x00
};

/* Most frames named in a message. */
#define FRAMES_SHOWN 5

/* Runs argv (stdin from /dev/null, stderr dropped); true with its
 * standard output in *out (g_free it) when it ran and exited 0. */
static bool run(const char *const *argv, char **out)
{
    *out = NULL;
    int wait_status = 0;
    GError *error = NULL;
    if (!g_spawn_sync(NULL, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, out, NULL, &wait_status, &error)) {
        g_clear_error(&error);
        return false;
    }
    if (!g_spawn_check_wait_status(wait_status, NULL)) {
        g_free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

/* 1 when tshark explains the built-in capture, 0 when it does not (the
 * protocol is disabled), -1 when that could not be found out. */
static int explain_enabled(const char *tshark)
{
    char *path = NULL;
    GError *error = NULL;
    int fd = g_file_open_tmp("tcp-explain-probe-XXXXXX.pcap", &path, &error);
    if (fd < 0) {
        g_clear_error(&error);
        return -1;
    }
    /* Readable by a --tshark wrapper that drops privileges. */
    bool written = fchmod(fd, 0644) == 0 &&
                   write(fd, probe_capture, sizeof probe_capture) == (ssize_t)sizeof probe_capture;
    close(fd);
    int enabled = -1;
    if (written) {
        const char *argv[] = { tshark, "-n", "-r", path, "-T", "fields",
                               "-e", "explain.summary", NULL };
        char *out = NULL;
        if (run(argv, &out))
            enabled = g_strstrip(out)[0] != '\0' ? 1 : 0;
        g_free(out);
    }
    g_unlink(path);
    g_free(path);
    return enabled;
}

/* The disabled_protos file (personal configuration first, then the
 * global one, as tshark -G folders names them) that has a line
 * "explain"; NULL when none has. g_free the result. */
static char *file_disabling_explain(const char *tshark)
{
    const char *argv[] = { tshark, "-G", "folders", NULL };
    char *out = NULL;
    if (!run(argv, &out))
        return NULL;
    static const char *const labels[] = { "Personal configuration:", "Global configuration:" };
    char *found = NULL;
    gchar **lines = g_strsplit(out, "\n", -1);
    for (size_t k = 0; k < G_N_ELEMENTS(labels) && found == NULL; k++) {
        for (gchar **l = lines; *l != NULL && found == NULL; l++) {
            if (!g_str_has_prefix(*l, labels[k]))
                continue;
            char *dir = g_strstrip(g_strdup(*l + strlen(labels[k])));
            char *path = g_build_filename(dir, "disabled_protos", NULL);
            char *text = NULL;
            if (g_file_get_contents(path, &text, NULL, NULL)) {
                gchar **names = g_strsplit(text, "\n", -1);
                for (gchar **n = names; *n != NULL && found == NULL; n++) {
                    if (strcmp(g_strstrip(*n), "explain") == 0)
                        found = g_strdup(path);
                }
                g_strfreev(names);
            }
            g_free(text);
            g_free(path);
            g_free(dir);
        }
    }
    g_strfreev(lines);
    g_free(out);
    return found;
}

/* Lists, into frames, the TCP packets of input that are cut short or
 * malformed ("3 (cut short)"), at most FRAMES_SHOWN of them; returns how
 * many there are, or -1 when tshark could not tell. */
static int damaged_tcp_packets(const char *tshark, const char *input, GString *frames)
{
    const char *argv[] = { tshark, "-n", "-r", input,
                           "-Y", "tcp && (_ws.short || _ws.malformed)",
                           "-T", "fields", "-E", "separator=/t",
                           "-e", "frame.number", "-e", "_ws.short", NULL };
    char *out = NULL;
    if (!run(argv, &out))
        return -1;
    int count = 0;
    gchar **lines = g_strsplit(out, "\n", -1);
    for (gchar **l = lines; *l != NULL; l++) {
        if (**l == '\0')
            continue;
        gchar **cols = g_strsplit(*l, "\t", 2);
        if (count < FRAMES_SHOWN) {
            bool cut = cols[1] != NULL && cols[1][0] != '\0';
            g_string_append_printf(frames, "%s%s (%s)", count > 0 ? ", " : "", cols[0],
                                   cut ? "cut short when captured" : "malformed");
        }
        count++;
        g_strfreev(cols);
    }
    if (count > FRAMES_SHOWN)
        g_string_append(frames, ", ...");
    g_strfreev(lines);
    g_free(out);
    return count;
}

/* The protocol's state is the same for every file of a run: asked once. */
static int enabled_cache = -2;
static GMutex enabled_lock;

void annotate_diagnose_unexplained(const annotate_config_t *config, const char *input,
                                   uint32_t tcp_count, char *err, size_t errlen)
{
    char none[96];
    if (tcp_count == 1)
        snprintf(none, sizeof none, "tshark did not explain the capture's only TCP packet");
    else
        snprintf(none, sizeof none, "tshark explained none of the %u TCP packets", tcp_count);

    g_mutex_lock(&enabled_lock);
    if (enabled_cache == -2)
        enabled_cache = explain_enabled(config->tshark);
    int enabled = enabled_cache;
    g_mutex_unlock(&enabled_lock);

    if (enabled == 0) {
        char *file = file_disabling_explain(config->tshark);
        if (file != NULL)
            snprintf(err, errlen, "%s: the Explain protocol is disabled (%s names it; enable "
                     "it in Wireshark's Analyze > Enabled Protocols, or remove that line)",
                     none, file);
        else
            snprintf(err, errlen, "%s: tshark with the plugin loaded does not explain even a "
                     "plain SYN, and no disabled_protos file names the Explain protocol", none);
        g_free(file);
        return;
    }
    GString *frames = g_string_new(NULL);
    int damaged = damaged_tcp_packets(config->tshark, input, frames);
    if (enabled < 0 || damaged < 0) {
        snprintf(err, errlen, "%s (tshark could not be asked whether the Explain protocol is "
                 "enabled and which packets are malformed)", none);
    } else if ((uint32_t)damaged >= tcp_count) {
        snprintf(err, errlen, "%s; the Explain protocol is enabled, and %s cut short or "
                 "malformed: frame %s", none,
                 tcp_count == 1 ? "that packet is" : "every one of them is", frames->str);
    } else if (damaged > 0) {
        snprintf(err, errlen, "%s although the Explain protocol is enabled; %d of them %s "
                 "malformed or cut short (frame %s), the others show no reason", none,
                 damaged, damaged == 1 ? "is" : "are", frames->str);
    } else {
        snprintf(err, errlen, "%s although the Explain protocol is enabled and none of them "
                 "is malformed; please report this capture", none);
    }
    g_string_free(frames, TRUE);
}
