/* annotate_diagnose.h - why tshark explained none of a capture's TCP
 * packets: found out with two more tshark runs instead of guessed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ANNOTATE_DIAGNOSE_H
#define ANNOTATE_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>

#include "annotate_config.h"

/* Writes into err why tshark explained none of the tcp_count TCP packets
 * of input: it checks whether the Explain protocol is enabled (tshark
 * explaining a built-in one-packet capture) and which TCP packets of
 * input are cut short or malformed (_ws.short, _ws.malformed), and says
 * only what those runs showed. */
void annotate_diagnose_unexplained(const annotate_config_t *config, const char *input,
                                   uint32_t tcp_count, char *err, size_t errlen);

#endif /* ANNOTATE_DIAGNOSE_H */
