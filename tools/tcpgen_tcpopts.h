/* tcpgen_tcpopts.h - encode a readable TCP option list into header bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPGEN_TCPOPTS_H
#define TCPGEN_TCPOPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpgen_frame.h"

/* Encodes a comma-separated option list such as
 *     mss:1460,nop,ws:8,nop,nop,sackok,ts:100:0,sack:1000-2000;3000-4000,eol,hex:1e0401
 * into out, in the order given, then pads with EOL (zero) bytes to a
 * multiple of 4. Returns false with a message in err if an item is unknown
 * or malformed, or if the result exceeds 40 bytes. */
bool tcpgen_encode_tcp_options(const char *spec, uint8_t out[TCPGEN_MAX_TCP_OPTIONS],
                               size_t *out_len, char *err, size_t err_size);

#endif /* TCPGEN_TCPOPTS_H */
