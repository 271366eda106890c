#!/usr/bin/env bash
# check_links.sh - every relative link of the docs leads somewhere: the file
# or folder exists and, for a link to a Markdown file with #anchor, one of
# its headings (or an <a id/name>) makes that anchor.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tests/docs/check_links.sh ROOT [FILE.md...]
#   FILEs are relative to ROOT; default README.md, docs/*.md and
#   annotations/README.md. Prints each broken link as FILE:LINE: and
#   exits 1 when there is one, 0 when all resolve.
#
# Links are [text](target), ![alt](target), [ref]: target, and href= or
# src= in HTML; those in code (fenced blocks, `spans`) are not links, and
# absolute ones (https:, mailto:, /path) are not checked. Anchors follow
# GitHub's rule: the heading's text without markup, lower-cased, every
# character but letters, digits, spaces, - and _ dropped, spaces made -,
# and -1, -2, ... added to repeats. Non-ASCII letters are kept as they are
# but not lower-cased, so an anchor made from a heading that starts with
# a capital non-ASCII letter is reported: write <a id="..."> there.

set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    sed -n '7,11s/^# \{0,1\}//p' "$0"
    [[ $# -ge 1 ]] && exit 0 || exit 2
fi
root=$1; shift
cd "$root"
files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
    files=(README.md)
    for f in docs/*.md annotations/README.md; do [[ -e $f ]] && files+=("$f"); done
fi

# Prints "LINE<TAB>TARGET" for every link of a Markdown file.
read -r -d '' LINKS <<'AWK' || true
function emit(t) {
    sub(/^</, "", t); sub(/>$/, "", t)
    if (t == "" || t ~ /^[A-Za-z][A-Za-z0-9+.-]*:/ || t ~ /^\//) return
    printf "%d\t%s\n", FNR, t
}
/^[ ]*(```|~~~)/ { incode = !incode; next }
incode { next }
{
    line = $0
    gsub(/`[^`]*`/, "", line)
    if (match(line, /^[ ]*\[[^]]+\]:[ ]+[^ ]+/)) {
        t = substr(line, RSTART, RLENGTH); sub(/^[ ]*\[[^]]+\]:[ ]+/, "", t); emit(t)
    }
    while (match(line, /\]\([^) ]*( "[^"]*")?\)/)) {
        t = substr(line, RSTART + 2, RLENGTH - 3); sub(/ ".*/, "", t); emit(t)
        line = substr(line, RSTART + RLENGTH)
    }
    line2 = $0
    while (match(line2, /(href|src)="[^"]*"/)) {
        t = substr(line2, RSTART, RLENGTH); sub(/^[a-z]*="/, "", t); sub(/"$/, "", t); emit(t)
        line2 = substr(line2, RSTART + RLENGTH)
    }
}
AWK

# Prints every anchor a Markdown file makes, one a line.
read -r -d '' ANCHORS <<'AWK' || true
/^[ ]*(```|~~~)/ { incode = !incode; next }
incode { next }
{
    rest = $0
    while (match(rest, /<a (id|name)="[^"]*"/)) {
        t = substr(rest, RSTART, RLENGTH); sub(/^<a [a-z]*="/, "", t); sub(/"$/, "", t); print t
        rest = substr(rest, RSTART + RLENGTH)
    }
}
/^#+ / && match($0, /^#+/) && RLENGTH <= 6 {
    h = $0
    sub(/^#+ +/, "", h); sub(/ +#+ *$/, "", h); sub(/ +$/, "", h)
    # links and images keep their text; then emphasis and code marks go
    while (match(h, /!?\[[^]]*\]\([^)]*\)/)) {
        t = substr(h, RSTART, RLENGTH); sub(/^!?\[/, "", t); sub(/\]\(.*$/, "", t)
        h = substr(h, 1, RSTART - 1) t substr(h, RSTART + RLENGTH)
    }
    h = tolower(h)
    out = ""
    for (i = 1; i <= length(h); i++) {
        c = substr(h, i, 1)
        if (c ~ /[a-z0-9_-]/) out = out c
        else if (c == " ") out = out "-"
        else if (c > "\177") out = out c
    }
    if (out in seen) { n = ++seen[out]; print out "-" n } else { seen[out] = 0; print out }
}
AWK

broken=0
for f in "${files[@]}"; do
    if [[ ! -f $f ]]; then
        echo "check_links.sh: no file $f" >&2
        exit 2
    fi
    dir=$(dirname "$f")
    while IFS=$'\t' read -r line target; do
        path=${target%%#*}
        anchor=
        [[ $target == *'#'* ]] && anchor=${target#*#}
        if [[ -z $path ]]; then
            dest=$f
        else
            dest=$dir/$path
            if [[ ! -e $dest ]]; then
                echo "$f:$line: $target: no such file ($dest)"
                broken=1
                continue
            fi
        fi
        if [[ -n $anchor ]]; then
            if [[ $dest != *.md || ! -f $dest ]]; then
                echo "$f:$line: $target: an #anchor into a file that is not Markdown"
                broken=1
            elif ! LC_ALL=C awk "$ANCHORS" "$dest" | grep -qxF -- "$anchor"; then
                echo "$f:$line: $target: no heading of $dest makes #$anchor"
                broken=1
            fi
        fi
    done < <(LC_ALL=C awk "$LINKS" "$f")
done
if [[ $broken -ne 0 ]]; then
    echo "check_links.sh: broken links (above)" >&2
    exit 1
fi
echo "check_links.sh: every relative link of ${#files[@]} files resolves"
