#!/usr/bin/env bash
# gen-docs.sh - sample outputs in the docs come from the golden files, never
# pasted: fills each marked block of README.md and docs/*.md from a golden.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tools/gen-docs.sh [--write] [--root DIR] [FILE.md...]
#   (no option)  check: exit 1 and show a diff when a block differs from
#                what its golden gives (ctest docs.generated runs this)
#   --write      rewrite the blocks that differ, in place
#   --root DIR   the repository (default: the one holding this script);
#                FILEs and golden paths are relative to it
#   FILE.md      the files to process (default: README.md docs/*.md)
#
# A block is everything between a marker line and <!-- /golden -->:
#
#   <!-- golden: tests/integration/golden/note_flow.explain.txt frame 2 subtree /^Explain:/ -->
#   ```
#   (the selected lines, written by this script)
#   ```
#   <!-- /golden -->
#
# After the golden's path (relative to the root) come selectors, applied
# left to right to the golden's lines:
#   lines A-B      lines A to B of the selection so far (B may be $)
#   head N         the first N lines
#   frame N        the block of `Frame N:` up to the next empty line
#   from /RE/      from the first line matching RE to the end
#   to /RE/        up to and including the first line matching RE
#   until /RE/     up to, not including, the first line matching RE
#   grep /RE/      only the lines matching RE
#   drop /RE/      without the lines matching RE
#   subtree /RE/   the first line matching RE and the lines after it that
#                  are indented deeper (a branch of a -O explain tree)
# RE is a POSIX extended regular expression between slashes (\/ for a
# slash). " + " starts another selection of the same golden, appended;
# " ... " does the same with a line "..." in between. A selector that
# selects nothing is an error, so a golden that changes shape is noticed.
# The selected lines are written in a ``` fence, with the marker's indent.

set -euo pipefail

usage() { sed -n '7,13s/^# \{0,1\}//p' "$0"; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
write=0
files=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --write) write=1 ;;
        --root)
            [[ $# -ge 2 ]] || { echo "gen-docs.sh: --root needs a folder" >&2; exit 2; }
            root=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "gen-docs.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
        *) files+=("$1") ;;
    esac
    shift
done
[[ -d $root ]] || { echo "gen-docs.sh: no folder $root" >&2; exit 2; }
cd "$root"
if [[ ${#files[@]} -eq 0 ]]; then
    files=(README.md)
    for f in docs/*.md; do [[ -e $f ]] && files+=("$f"); done
fi

# The generator: reads one Markdown file, prints it with every block
# regenerated. Errors go to stderr with FILE:LINE and make it exit 2.
read -r -d '' GEN <<'AWK' || true
function fail(msg) {
    printf "gen-docs.sh: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 2
}
function indent_of(s) { match(s, /^ */); return RLENGTH }
# Splits spec into tokens; a token starting with / runs to the closing /.
function tokenize(spec,    n, i, c, tok, inre) {
    n = 0; tok = ""; inre = 0
    for (i = 1; i <= length(spec); i++) {
        c = substr(spec, i, 1)
        if (inre) {
            if (c == "\\" && substr(spec, i + 1, 1) == "/") { tok = tok "/"; i++; continue }
            tok = tok c
            if (c == "/") { inre = 0; T[++n] = tok; tok = "" }
            continue
        }
        if (c == " ") { if (tok != "") { T[++n] = tok; tok = "" }; continue }
        if (c == "/" && tok == "") { inre = 1; tok = "/"; continue }
        tok = tok c
    }
    if (inre) fail("unclosed /regex/ in marker")
    if (tok != "") T[++n] = tok
    return n
}
function regex_arg(i) {
    if (i > ntok || T[i] !~ /^\/.*\/$/) fail("'" T[i - 1] "' needs a /regex/")
    return substr(T[i], 2, length(T[i]) - 2)
}
function number_arg(i) {
    if (i > ntok || T[i] !~ /^[0-9]+$/) fail("'" T[i - 1] "' needs a number")
    return T[i] + 0
}
# Applies the selector at token i to S[1..ns]; returns the next token index.
function apply(i,    op, re, k, m, a, b, from, upto, n2, parts, ind) {
    op = T[i]
    if (op == "lines") {
        if (i + 1 > ntok || T[i + 1] !~ /^[0-9]+-([0-9]+|\$)$/) fail("'lines' needs A-B")
        split(T[i + 1], parts, "-")
        a = parts[1] + 0; b = (parts[2] == "$") ? ns : parts[2] + 0
        if (a < 1 || b > ns || a > b) fail("lines " T[i + 1] " outside the " ns " lines selected")
        from = a; upto = b; i += 2
    } else if (op == "head") {
        b = number_arg(i + 1)
        if (b < 1 || b > ns) fail("head " b " outside the " ns " lines selected")
        from = 1; upto = b; i += 2
    } else if (op == "frame") {
        a = number_arg(i + 1)
        from = 0
        for (k = 1; k <= ns; k++) if (index(S[k], "Frame " a ":") == 1) { from = k; break }
        if (!from) fail("no 'Frame " a ":' in " golden)
        for (upto = from; upto < ns && S[upto + 1] != ""; upto++) ;
        i += 2
    } else if (op == "from" || op == "to" || op == "until" || op == "subtree") {
        re = regex_arg(i + 1)
        m = 0
        for (k = 1; k <= ns; k++) if (S[k] ~ re) { m = k; break }
        if (!m) fail(op " /" re "/ matches no line of the selection from " golden)
        if (op == "from") { from = m; upto = ns }
        else if (op == "to") { from = 1; upto = m }
        else if (op == "until") { from = 1; upto = m - 1 }
        else {
            ind = indent_of(S[m])
            for (upto = m; upto < ns && S[upto + 1] != "" && indent_of(S[upto + 1]) > ind; upto++) ;
            from = m
        }
        if (upto < from) fail(op " /" re "/ leaves nothing")
        i += 2
    } else if (op == "grep" || op == "drop") {
        re = regex_arg(i + 1)
        n2 = 0
        for (k = 1; k <= ns; k++)
            if ((S[k] ~ re) == (op == "grep")) R[++n2] = S[k]
        if (n2 == 0) fail(op " /" re "/ leaves nothing of the selection from " golden)
        for (k = 1; k <= n2; k++) S[k] = R[k]
        ns = n2
        return i + 2
    } else {
        fail("unknown selector '" op "'")
    }
    n2 = 0
    for (k = from; k <= upto; k++) R[++n2] = S[k]
    for (k = 1; k <= n2; k++) S[k] = R[k]
    ns = n2
    return i
}
function load(path,    line, r) {
    ng = 0
    while ((r = (getline line < path)) > 0) G[++ng] = line
    if (r < 0) fail("cannot read golden " path)
    close(path)
    if (ng == 0) fail("golden " path " is empty")
}
function generate(spec, pad,    i, k, fence, sep) {
    ntok = tokenize(spec)
    if (ntok < 1) fail("marker names no golden file")
    golden = T[1]
    load(golden)
    nout = 0
    i = 2
    while (1) {
        ns = ng
        for (k = 1; k <= ng; k++) S[k] = G[k]
        while (i <= ntok && T[i] != "+" && T[i] != "...") i = apply(i)
        for (k = 1; k <= ns; k++) O[++nout] = S[k]
        if (i > ntok) break
        if (T[i] == "...") O[++nout] = "..."
        i++
        if (i > ntok) fail("nothing after '" T[i - 1] "'")
    }
    fence = "```"
    for (k = 1; k <= nout; k++) while (index(O[k], fence) > 0) fence = fence "`"
    print pad fence
    for (k = 1; k <= nout; k++) print (O[k] == "" ? "" : pad O[k])
    print pad fence
}
inblock {
    if ($0 ~ /^[ ]*<!-- \/golden -->$/) { inblock = 0; print; next }
    if ($0 ~ /^[ ]*<!-- golden:/) fail("marker inside the block opened on line " openline)
    next
}
/^[ ]*<!-- golden: .* -->$/ {
    print
    pad = $0; sub(/<.*/, "", pad)
    spec = $0; sub(/^[ ]*<!-- golden: /, "", spec); sub(/ -->$/, "", spec)
    generate(spec, pad)
    inblock = 1; openline = FNR
    next
}
/^[ ]*<!-- \/golden -->$/ { fail("<!-- /golden --> without a marker") }
/<!-- golden:/ { fail("marker must be a line of its own: <!-- golden: PATH SELECTORS -->") }
{ print }
END {
    if (failed) exit 2
    if (inblock) { FNR = openline; fail("block opened here has no <!-- /golden -->") }
}
AWK

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# docs/lab.md is written whole by the lab's own generator (from the timing
# goldens; the test timing.lab_doc compares it): --write rewrites it too.
lab_gen=tests/timing/lab/gen_lab_doc.sh
if [[ $write -eq 1 && -x $lab_gen && -f docs/lab.md ]] && printf '%s\n' "${files[@]}" | grep -qx docs/lab.md; then
    "$lab_gen" >"$tmp/lab.md" || exit 2
    if ! cmp -s docs/lab.md "$tmp/lab.md"; then
        cat "$tmp/lab.md" >docs/lab.md
        echo "gen-docs.sh: rewrote docs/lab.md (tests/timing/lab/gen_lab_doc.sh)"
    fi
fi

status=0
for f in "${files[@]}"; do
    if [[ ! -f $f ]]; then
        echo "gen-docs.sh: no file $f" >&2
        exit 2
    fi
    out=$tmp/out.md
    if ! LC_ALL=C awk "$GEN" "$f" >"$out"; then
        exit 2
    fi
    if cmp -s "$f" "$out"; then
        continue
    fi
    if [[ $write -eq 1 ]]; then
        cat "$out" >"$f"
        echo "gen-docs.sh: rewrote $f"
    else
        diff -u --label "$f" --label "$f (from the goldens)" "$f" "$out" || true
        echo "gen-docs.sh: $f differs from its goldens; run tools/gen-docs.sh --write" >&2
        status=1
    fi
done
exit $status
