#!/bin/sh
# worksheets_doc.sh - fills the generated parts of docs/worksheets.md from
# the hand-checked goldens in tests/annotate/golden/, so the samples in
# the teachers' documentation are never pasted by hand.
#
#   worksheets_doc.sh --check SRCDIR    exit 1 when the doc is out of date
#   worksheets_doc.sh --write SRCDIR    rewrite the generated parts
#
# A generated part sits between
#   <!-- generated from tests/annotate/golden/FILE (HOW) -->
#   <!-- end of generated part -->
# where HOW is "mermaid" (the file in a ```mermaid fence) or "markdown"
# (the file itself, its headings two levels down).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
[ $# -eq 2 ] || { echo "usage: $0 --check|--write SRCDIR" >&2; exit 2; }
MODE=$1
SRC=$2
DOC=$SRC/docs/worksheets.md
[ -f "$DOC" ] || { echo "$0: no $DOC" >&2; exit 2; }
TMP=$(mktemp)
trap 'rm -f "$TMP"' EXIT

awk -v src="$SRC" '
function emit(file, how,    line, fence, r, n) {
    if (how == "mermaid") print "```mermaid"
    fence = 0
    n = 0
    while ((r = (getline line < file)) > 0) {
        n++
        if (line ~ /^```/) fence = !fence
        if (how == "markdown" && !fence && line ~ /^#/) line = "##" line
        print line
    }
    close(file)
    if (r < 0 || n == 0) { print "worksheets_doc.sh: cannot read " file > "/dev/stderr"; exit 2 }
    if (how == "mermaid") print "```"
}
/^<!-- generated from / {
    print
    file = $4; how = $5; gsub(/[()]/, "", how)
    emit(src "/" file, how)
    skipping = 1
    next
}
/^<!-- end of generated part -->/ { skipping = 0 }
!skipping { print }
' "$DOC" >"$TMP"

case $MODE in
    --check)
        if cmp -s "$DOC" "$TMP"; then
            echo "docs/worksheets.md: generated parts up to date"
        else
            echo "docs/worksheets.md is out of date with the goldens (run $0 --write SRCDIR):"
            diff -u "$DOC" "$TMP" | sed -n '1,30p'
            exit 1
        fi ;;
    --write) cp "$TMP" "$DOC" ;;
    *) echo "usage: $0 --check|--write SRCDIR" >&2; exit 2 ;;
esac
