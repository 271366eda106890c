#!/usr/bin/env bash
# check_layout.sh - the folder layout is the architecture; keep it true.
#   1. plugin/core/ is plain C11 + GLib: no file there includes a Wireshark
#      header (epan/, wsutil/, wiretap/, ws_*.h, config.h).
#   2. Wireshark versions are known in one place: no file outside
#      plugin/epan/explain_compat.h tests a Wireshark version macro.
#   3. annotate/annotate_main.c is the entry point and nothing else: it
#      defines no function but main that another file could call back.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: check_layout.sh REPO
set -euo pipefail

repo=${1:?usage: check_layout.sh REPO}
failed=0

bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](epan/|wsutil/|wiretap/|ws_[a-z_]*\.h|config\.h)' \
      "$repo"/plugin/core/*.[ch] || true)
if [[ -n $bad ]]; then
    echo "FAIL: plugin/core/ must not include Wireshark headers:" >&2
    printf '  %s\n' "$bad" >&2
    failed=1
else
    echo "ok: plugin/core/ includes no Wireshark header ($(ls "$repo"/plugin/core/*.[ch] | wc -l) files)"
fi

bad=$(grep -rlnE 'WIRESHARK_VERSION_(MAJOR|MINOR|MICRO)|VERSION_(MAJOR|MINOR)[[:space:]]*[<>=]' \
      "$repo"/plugin "$repo"/annotate "$repo"/bench/floor | grep -v 'plugin/epan/explain_compat.h$' || true)
if [[ -n $bad ]]; then
    echo "FAIL: Wireshark versions tested outside plugin/epan/explain_compat.h:" >&2
    printf '  %s\n' $bad >&2
    failed=1
else
    echo "ok: only plugin/epan/explain_compat.h tests Wireshark versions"
fi

# A function definition starts at column 0 with a type; static ones are private.
bad=$(grep -nE '^[a-z_][a-z0-9_ \*]*[ \*]([a-z_][a-z0-9_]*)\(' "$repo"/annotate/annotate_main.c \
      | grep -vE '^[0-9]+:(static|int main\()' || true)
if [[ -n $bad ]]; then
    echo "FAIL: annotate_main.c defines functions other files could call:" >&2
    printf '  %s\n' "$bad" >&2
    failed=1
else
    echo "ok: annotate/annotate_main.c defines only main() for others"
fi
exit $failed
