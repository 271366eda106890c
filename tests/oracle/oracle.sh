#!/bin/sh
# oracle.sh - the claims oracle (issue 14): every text explain chooses, on
# every packet of every capture under a folder, held against Wireshark's own
# fields by claims.py.
#
# usage: oracle.sh --plugins DIR [--tshark PATH] [--python PATH] [--keep] DIR|FILE...
#
# Exit status: 0 every claim holds, 1 a claim is false (or tshark failed),
# 2 wrong arguments; 77 (ctest's skip) when a folder named does not exist.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -eu

PROG=oracle.sh
SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=tests/sweep/tshark_env.sh
. "$REPO/tests/sweep/tshark_env.sh"

PLUGIN_DIR=
TSHARK=
PYTHON=python3
KEEP=0
while [ $# -gt 0 ]; do
    case $1 in
        --plugins) PLUGIN_DIR=$2; shift 2 ;;
        --tshark) TSHARK=$2; shift 2 ;;
        --python) PYTHON=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
        --) shift; break ;;
        -*) printf '%s: unknown option %s\n' "$PROG" "$1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ -n "$PLUGIN_DIR" ] || { printf '%s: say --plugins DIR\n' "$PROG" >&2; exit 2; }
[ $# -ge 1 ] || { printf '%s: name a folder or capture\n' "$PROG" >&2; exit 2; }
for arg in "$@"; do
    if [ ! -e "$arg" ]; then
        printf '%s: %s does not exist: skipped\n' "$PROG" "$arg"
        exit 77
    fi
done

te_init "$PLUGIN_DIR" "$TSHARK"
if [ "$KEEP" -eq 1 ]; then
    printf '%s: keeping %s\n' "$PROG" "$TE_WORK"
else
    trap te_cleanup EXIT
fi
OUT=$TE_WORK/out
mkdir "$OUT"
chmod 777 "$OUT"

FIELD_ARGS=
for field in $("$PYTHON" "$SCRIPT_DIR/claims.py" --fields); do
    FIELD_ARGS="$FIELD_ARGS -e $field"
done

FAILED=0
LIST=$TE_WORK/captures
find "$@" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | LC_ALL=C sort >"$LIST"
n=0
while IFS= read -r cap; do
    n=$((n + 1))
    te_stage "$cap"
    name=$(printf '%s' "$cap" | tr '/' '_')
    # shellcheck disable=SC2086 # FIELD_ARGS is a word list
    te_tshark "$OUT/$name.tsv" "$OUT/$name.err" -r "$TE_INPUT" -T fields \
        -E separator=/t -E occurrence=a -E aggregator='|' $FIELD_ARGS
    if te_crashed; then
        printf 'FAIL: %s: tshark killed by %s\n' "$cap" "$(te_signal_name)"
        FAILED=1
    fi
    te_unstage
done <"$LIST"
printf '%s: %d captures\n' "$PROG" "$n"
"$PYTHON" "$SCRIPT_DIR/claims.py" "$OUT"/*.tsv || FAILED=1
exit "$FAILED"
