#!/bin/sh
# invariants_selftest.sh - proves invariants.awk catches what it must: a
# made-up `tshark -T fields` output with three planted violations (wrong
# next seq, a role flip, a byte total going down) and lines that must pass
# (SYN+FIN, a raw wrap, a reset by a new SYN, a packet with two TCP
# headers, a packet without TCP). Needs no tshark and no capture.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/invariants-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Columns: frame stream seq nxtseq seq_raw | e.seq_raw e.nxtseq_raw role step
# seq_consumed payload_total | syn fin srcport ip.src ipv6.src | event failed
# check.a check.b
row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"
}
{
    # 1 client SYN, 2 server SYN-ACK: fine (each SYN starts the stream's
    #   endpoints afresh, so the client's record starts at frame 3)
    row 1 0 0 1 100 100 101 1 1 1 0 1 0 1000 10.0.0.1 '' '' '' '' ''
    row 2 0 0 1 500 500 501 2 2 1 0 1 0 80 10.0.0.2 '' '' '' '' ''
    # 3 client data, 10 bytes: we say 112, Wireshark's sum is 111
    row 3 0 1 11 101 101 112 1 4 11 10 0 0 1000 10.0.0.1 '' 12 1 1 ''
    # 4 the client is suddenly the server
    row 4 0 11 11 111 111 111 2 5 11 10 0 0 1000 10.0.0.1 '' '' '' '' ''
    # 5 the client's seq_consumed goes down (role back to client: no flip
    #   reported, as the role only flips once per change)
    row 5 0 11 11 111 111 111 2 5 5 10 0 0 1000 10.0.0.1 '' 21 '' '' 1
    # 6 a new SYN in stream 0 with FIN, raw wrap: 4294967295 + 0 + 1 + 1 = 1
    #   (booleans as Wireshark 4.4 prints them)
    row 6 0 0 1 4294967295 4294967295 1 2 1 2 0 True True 1000 10.0.0.1 '' '' '' '' ''
    # 7 after that SYN (frame 6 started lower than 11: fine) no change
    row 7 0 1 1 1 1 1 2 5 2 0 0 0 1000 10.0.0.1 '' '' '' '' ''
    # 8 two TCP headers (tunnel): next seq not compared
    row 8 0,1 5,7 5,9 1,3 3 999 1 5 1 0 0,0 0,0 1000,2000 10.0.0.1 '' '' '' '' ''
    # 9 not TCP
    row 9 '' '' '' '' '' '' '' '' '' '' '' '' '' 10.0.0.9 '' '' '' '' ''
    # 10 IPv6 stream 2, wrap: seq_raw 4294967290 + 10 = 4
    row 10 2 1 11 4294967290 4294967290 4 1 4 11 10 0 0 443 '' 2001:db8::1 '' '' '' ''
} >"$tmp/fields.tsv"

awk -v capture=selftest -v events="0=none 12=retransmission 21=dup_ack" -v checks="a b" \
    -f "$SCRIPT_DIR/invariants.awk" "$tmp/fields.tsv" >"$tmp/out"

cat >"$tmp/expected" <<'EOF2'
CHECK a 1
CHECK b 1
EVENT dup_ack 1
EVENT retransmission 1
STATS packets 10 tcp 9 explained 9 nxtseq_compared 8 nxtseq_skipped 1 rel_differs 0 rel_first 0
VIOLATION selftest frame 3: explain.nxtseq.raw 112, but tcp.seq_raw 101 + (tcp.nxtseq 11 - tcp.seq 1) = 111 (stream 0)
VIOLATION selftest frame 4: stream 0, 10.0.0.1 port 1000: role server, but client since frame 3, and no SYN in between
VIOLATION selftest frame 5: stream 0, 10.0.0.1 port 1000: explain.bytes.seq_consumed went down from 11 (frame 3) to 5, no SYN in between
EOF2
LC_ALL=C sort "$tmp/out" >"$tmp/actual"
if ! cmp -s "$tmp/expected" "$tmp/actual"; then
    echo "FAIL: invariants.awk output differs (- expected, + actual):"
    diff -u "$tmp/expected" "$tmp/actual" || true
    exit 1
fi
echo "ok: invariants.awk finds the 3 planted violations and passes the rest"
