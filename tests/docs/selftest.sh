#!/usr/bin/env bash
# selftest.sh - the docs checks can fail: tools/gen-docs.sh notices a
# pasted sample that is not its golden's, a golden that changed and a
# selector that selects nothing; check_links.sh notices a missing file and
# a missing #anchor, and passes links that resolve or are only code.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tests/docs/selftest.sh REPO
set -euo pipefail

repo=${1:?usage: selftest.sh REPO}
gen=$repo/tools/gen-docs.sh
links=$repo/tests/docs/check_links.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# expect WHAT STATUS COMMAND...: COMMAND must exit with STATUS.
expect() {
    local what=$1 want=$2 got=0
    shift 2
    "$@" >"$tmp/out" 2>&1 || got=$?
    if [[ $got -eq $want ]]; then
        echo "ok: $what (exit $got)"
    else
        echo "FAIL: $what: exit $got, expected $want; output:" >&2
        sed 's/^/    /' "$tmp/out" >&2
        failed=1
    fi
}
# has WHAT TEXT: the last command's output holds TEXT.
has() {
    if grep -qF -- "$2" "$tmp/out"; then
        echo "ok: $1"
    else
        echo "FAIL: $1: output lacks '$2':" >&2
        sed 's/^/    /' "$tmp/out" >&2
        failed=1
    fi
}

# --- gen-docs.sh ---
root=$tmp/repo
mkdir -p "$root/g" "$root/docs"
cat >"$root/g/out.txt" <<'EOF'
Frame 1: one
Explain: first
    [Explanation]
        [a sentence]
    [Checks: 1 passed]

Frame 2: two
Explain: second
    [Explanation]
        [another sentence]
        [and one more]
    [Checks: 2 passed]
EOF
cat >"$root/README.md" <<'EOF'
# Demo
<!-- golden: g/out.txt frame 2 grep /^Explain:/ + frame 2 subtree /^    \[Explanation\]/ -->
<!-- /golden -->
Text after.
EOF
cp "$root/README.md" "$root/docs/empty.md"
expect "an empty block differs from its golden" 1 "$gen" --root "$root"
expect "--write fills it" 0 "$gen" --root "$root" --write
expect "then it is up to date" 0 "$gen" --root "$root"
cat >"$tmp/want" <<'EOF'
# Demo
<!-- golden: g/out.txt frame 2 grep /^Explain:/ + frame 2 subtree /^    \[Explanation\]/ -->
```
Explain: second
    [Explanation]
        [another sentence]
        [and one more]
```
<!-- /golden -->
Text after.
EOF
if cmp -s "$tmp/want" "$root/README.md"; then
    echo "ok: the block holds exactly the selected lines"
else
    echo "FAIL: the block is not the selected lines:" >&2
    diff -u "$tmp/want" "$root/README.md" >&2 || true
    failed=1
fi
sed -i 's/\[and one more\]/[and one more, edited by hand]/' "$root/README.md"
expect "a sample edited by hand is caught" 1 "$gen" --root "$root" README.md
has "the diff shows the golden's line" "+        [and one more]"
"$gen" --root "$root" --write >/dev/null
sed -i 's/another sentence/a corrected sentence/' "$root/g/out.txt"
expect "a golden that changed is caught" 1 "$gen" --root "$root" README.md
"$gen" --root "$root" --write >/dev/null
grep -qF '[a corrected sentence]' "$root/README.md" && echo "ok: --write follows the golden" \
    || { echo "FAIL: --write did not follow the golden" >&2; failed=1; }
printf '<!-- golden: g/out.txt frame 3 -->\n<!-- /golden -->\n' >"$root/docs/bad.md"
expect "a frame the golden lacks is an error" 2 "$gen" --root "$root" docs/bad.md
has "the error names the file and line" "docs/bad.md:1: no 'Frame 3:'"
printf '<!-- golden: g/out.txt grep /nowhere/ -->\n<!-- /golden -->\n' >"$root/docs/bad.md"
expect "a selector that selects nothing is an error" 2 "$gen" --root "$root" docs/bad.md
printf '<!-- golden: g/missing.txt -->\n<!-- /golden -->\n' >"$root/docs/bad.md"
expect "a missing golden is an error" 2 "$gen" --root "$root" docs/bad.md
printf '<!-- golden: g/out.txt lines 1-2 -->\ntext\n' >"$root/docs/bad.md"
expect "an unclosed block is an error" 2 "$gen" --root "$root" docs/bad.md
printf '<!-- golden: g/out.txt lines 2-3 ... lines 8-8 -->\n<!-- /golden -->\n' >"$root/docs/ok.md"
expect "lines and ... work" 0 "$gen" --root "$root" --write docs/ok.md
if [[ $(sed -n '3,6p' "$root/docs/ok.md" | tr '\n' '|') == 'Explain: first|    [Explanation]|...|Explain: second|' ]]; then
    echo "ok: lines A-B and ... select what they say"
else
    echo "FAIL: lines/... gave:" >&2; cat "$root/docs/ok.md" >&2; failed=1
fi

# --- check_links.sh ---
root=$tmp/links
mkdir -p "$root/docs" "$root/sub"
touch "$root/sub/file.txt"
cat >"$root/docs/target.md" <<'EOF'
# Target page
## A heading (`with/code`) and *marks*
## Repeated
## Repeated
<a id="custom"></a>
```
## Not a heading (in code)
```
EOF
cat >"$root/README.md" <<'EOF'
# Top
[ok file](sub/file.txt) [ok folder](sub/) [ok md](docs/target.md)
[ok anchor](docs/target.md#a-heading-withcode-and-marks) [ok repeat](docs/target.md#repeated-1)
[ok own](#top) [ok custom](docs/target.md#custom) [web](https://example.org/x) ![img](sub/file.txt "title")
`[code](not/checked.md)`
```
[in a fence](not/checked/either.md)
```
EOF
expect "links that resolve pass" 0 "$links" "$root" README.md docs/target.md
cat >>"$root/README.md" <<'EOF'
[missing file](docs/nope.md)
[missing anchor](docs/target.md#nope)
[anchor only in code](docs/target.md#not-a-heading-in-code)
[missing own anchor](#nowhere)
[reference]: sub/absent.txt
EOF
expect "broken links fail" 1 "$links" "$root" README.md
has "a missing file is reported with its line" "README.md:9: docs/nope.md: no such file"
has "a missing anchor is reported" "README.md:10: docs/target.md#nope: no heading"
has "a heading inside code makes no anchor" "README.md:11: docs/target.md#not-a-heading-in-code"
has "a missing anchor in the same file is reported" "README.md:12: #nowhere"
has "a reference definition is checked" "README.md:13: sub/absent.txt: no such file"
if [[ $(grep -c '^README.md:' "$tmp/out") -eq 5 ]]; then
    echo "ok: exactly the 5 broken links are reported"
else
    echo "FAIL: expected 5 broken links:" >&2; cat "$tmp/out" >&2; failed=1
fi

exit $failed
