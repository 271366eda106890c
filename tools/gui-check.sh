#!/usr/bin/env bash
# gui-check.sh - start the real Wireshark GUI (Debian's wireshark package)
# under Xvfb with the staged explain plugin and the "Explain" profile on
# the demo capture, select the SYN-ACK, expand the Explain subtree, take
# the screenshot docs/gui.png, and check what Wireshark itself reports:
#
#   plugin loaded   the staged explain.so is mapped into the running
#                   Wireshark process (/proc/PID/maps), the GUI's own log
#                   shows it compiling the Explain column's field
#                   (explain.summary) and colouring rules, and tshark -G
#                   plugins, with the same user, environment and plugin
#                   folder, lists it
#   Explain tree    Wireshark's Edit > Copy > All Visible Items (the
#                   packet details pane as text) has the expanded Explain
#                   tree of the selected frame, the same as tshark -O
#                   explain prints, and Edit > Copy > Description of the
#                   selected item is the Explain line
#   Explain column  Edit > Copy > As Plain Text (the packet list row) has
#                   an "Explain" column holding explain.summary
#   live prefs      right-click menu of the Explain tree > Protocol
#                   Preferences > Verbosity > Brief: without reopening the
#                   file, the tree and the column change to the brief texts
#                   (tshark -o explain.verbosity:brief prints the same)
#
# It fails (exit 1) when any of these does not hold, and keeps its
# temporary folder (log, clipboard texts, failure screenshot) then.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tools/gui-check.sh [OPTIONS]
#   --build-dir DIR   the CMake build folder with stage/plugins and
#                     demo.pcapng (default: $EXPLAIN_BUILD_DIR or build/);
#                     configured and built first when they are missing
#   --capture FILE    the capture to open (default: BUILD/demo.pcapng)
#   --frame N         the frame to select (default: 2, the SYN-ACK)
#   --out FILE        where the screenshot goes (default: docs/gui.png)
#   --no-screenshot   do not write --out (a check only)
#   --no-install      do not install missing packages
#   --keep            keep the temporary folder
#   -h, --help        this help
#
# Needs: wireshark (the Qt GUI), xvfb (xvfb-run) and xauth, xdotool,
# imagemagick (import), xclip; as root it installs the missing ones with
# apt-get (wireshark-common's question about capture rights answered
# "no"), as a user with sudo. As root, Wireshark runs as the user
# "nobody": Wireshark 4.0 ignores WIRESHARK_PLUGIN_DIR when it runs with
# special privileges. Everything runs on its own X server (xvfb-run -a),
# with its own HOME holding a copy of the profile, never the user's.
#
# How it drives the GUI (Wireshark 4.0's own shortcuts): Ctrl+/ focuses
# the display filter, Tab Tab the packet details pane; End goes to its last
# top-level item, the Explain tree (a post-dissector's tree comes last);
# Shift+Right expands it with all its subtrees. Ctrl+Alt+Shift+A and
# Ctrl+Alt+Shift+D are Edit > Copy > All Visible Items and Description;
# Alt+E, Right, Return is Edit > Copy > As Plain Text; the Menu key opens
# the Explain item's context menu, in which Up, Up is Protocol
# Preferences (the last items are "Protocol Preferences" and "Decode
# As..."; the two "Go to / Show Linked Packet" items are disabled).

set -euo pipefail

PROG=gui-check.sh
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=$ROOT/tools/gui-check.sh
PACKAGES=(wireshark xvfb xauth xdotool imagemagick xclip)
PROFILE_NAME=Explain
WIDTH=1400
HEIGHT=900

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "$*"; exit 2; }

usage() {
    sed -n '/^# Usage:/,/^#   -h, --help/s/^# \{0,1\}//p' "$SELF"
}

# ===========================================================================
# Inner part: runs as the unprivileged user, on the Xvfb display.
# Arguments: WORK CAPTURE FRAME
# ===========================================================================

FAILED=0
fail() { printf 'FAIL: %s\n' "$*"; FAILED=1; }
pass() { printf 'ok: %s\n' "$*"; }

# xdo ARGS...: xdotool, failing loudly.
xdo() {
    xdotool "$@" || { fail "xdotool $*"; return 1; }
}

# The clipboard, after KEYS (xdotool key ...) put something new in it;
# empty when nothing came within 10 s.
clip_after() {
    printf '' | xclip -selection clipboard -i
    sleep 0.3
    xdo windowfocus --sync "$WID" || true
    xdo key --clearmodifiers "$@" || true
    local i text
    for i in $(seq 1 40); do
        text=$(xclip -selection clipboard -o 2>/dev/null || true)
        if [[ -n $text ]]; then
            printf '%s\n' "$text"
            return 0
        fi
        sleep 0.25
    done
    return 0
}

# The top-level "Explain..." item and its subtree, from a details text
# (blank lines left out: tshark ends each frame with one).
explain_section() {
    awk '/^[^ ]/ { on = ($0 ~ /^Explain/) } on && NF' "$1"
}

# tshark's -O explain for the frame, with the same user, environment and
# plugin: Explain section only. Two passes, as the GUI has read the whole
# file before the click (a stream's last packet then carries its summary
# so far), with the fields reader (the tap reader sees nothing on -2's
# first pass).
tshark_explain() {
    tshark -r "$CAPTURE" -2 -o explain.reader:fields -Y "frame.number == $FRAME" -O explain "$@" \
        2>>"$WORK/out/tshark.err" |
        awk '/^[^ ]/ { on = ($0 ~ /^Explain/) } on && NF'
}

# Edit > Copy > As Plain Text: "No.<TAB>Time...<TAB>Explain<TAB>Info" and
# the row; prints the row's Explain column.
explain_column() {
    local text=$1
    awk -F'\t' '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Explain") col = i; next }
        NR == 2 && col { print $col }' <<<"$text"
}

snap() {
    import -window root "$1" 2>/dev/null || fail "import could not take a screenshot"
}

inner() {
    WORK=$1
    CAPTURE=$2
    FRAME=$3
    local out=$WORK/out
    cd "$WORK"

    local cap_name
    cap_name=$(basename "$CAPTURE")
    # The window's title is the capture file's name.
    local title_re="^${cap_name//./\\.}"

    # The pointer in the bottom right corner: no hover highlight anywhere.
    xdotool mousemove "$((WIDTH - 1))" "$((HEIGHT - 1))" 2>/dev/null || true

    wireshark -C "$PROFILE_NAME" -r "$CAPTURE" -g "$FRAME" \
        -o gui.byte_view_show:FALSE -o gui.geometry_main_upper_pane:210 \
        --log-level info >"$out/wireshark.log" 2>&1 &
    WS_PID=$!

    WID=
    local i
    for i in $(seq 1 120); do
        WID=$(xdotool search --onlyvisible --name "$title_re" 2>/dev/null | head -n 1 || true)
        [[ -n $WID ]] && break
        kill -0 "$WS_PID" 2>/dev/null || break
        sleep 0.5
    done
    if [[ -z $WID ]]; then
        fail "no Wireshark window titled '$cap_name' within 60 s (see out/failure.png); its log's warnings:"
        grep -E '(WARNING|ERROR|CRITICAL)\]' "$out/wireshark.log" | head -n 10
        snap "$out/failure.png"
        return
    fi
    sleep 3   # the file is read, the frame selected
    pass "Wireshark (pid $WS_PID) shows $cap_name in window $WID"

    # --- The plugin is loaded. ---------------------------------------------
    local staged
    staged=$(find "$WORK/plugins" -path '*/epan/explain.so' | head -n 1)
    if grep -qF "$staged" "/proc/$WS_PID/maps"; then
        pass "the staged $staged is loaded into Wireshark (/proc/$WS_PID/maps)"
    else
        fail "Wireshark has not loaded $staged (not in /proc/$WS_PID/maps)"
    fi
    if grep -q 'Compiled display filter: explain\.summary$' "$out/wireshark.log"; then
        pass "Wireshark's log: it compiled the Explain column's field explain.summary"
    else
        fail "Wireshark's log does not show the Explain column's field explain.summary compiled"
    fi
    if grep -q 'Compiled display filter: explain\.step in' "$out/wireshark.log"; then
        pass "Wireshark's log: it compiled the profile's Explain coloring rules"
    else
        fail "Wireshark's log does not show the profile's coloring rules compiled"
    fi
    if grep -E '(WARNING|ERROR|CRITICAL)\]' "$out/wireshark.log" |
            grep -i -E 'explain|colo|profile|plugin' >"$out/log-problems.txt"; then
        fail "Wireshark's log reports problems: $(head -n 5 "$out/log-problems.txt")"
    fi
    if tshark -G plugins 2>/dev/null | grep -F "$staged" | grep -q dissector; then
        pass "tshark -G plugins (same user and environment) lists it as a dissector plugin"
    else
        fail "tshark -G plugins does not list $staged"
    fi

    # --- Select the Explain tree and expand it. -----------------------------
    xdo windowfocus --sync "$WID"
    xdo key --clearmodifiers ctrl+slash
    sleep 0.3
    xdo key --clearmodifiers Tab Tab End shift+Right
    sleep 1.5

    local desc tree
    desc=$(clip_after ctrl+alt+shift+d)
    if [[ $desc == Explain:* ]]; then
        pass "the selected item (Edit > Copy > Description): $desc"
    else
        fail "the selected item is not the Explain tree but: '${desc:0:200}'"
    fi

    clip_after ctrl+alt+shift+a >"$out/details-teaching.txt"
    explain_section "$out/details-teaching.txt" >"$out/explain-teaching.txt"
    if ! head -n 1 "$out/details-teaching.txt" | grep -q "^Frame $FRAME:"; then
        fail "the details pane is not frame $FRAME's: $(head -n 1 "$out/details-teaching.txt")"
    fi
    local lines nested
    lines=$(grep -c '^    ' "$out/explain-teaching.txt" || true)
    nested=$(grep -c '^        ' "$out/explain-teaching.txt" || true)
    if [[ ! -s $out/explain-teaching.txt ]]; then
        fail "no Explain tree in the packet details (Edit > Copy > All Visible Items): $(head -c 400 "$out/details-teaching.txt")"
    elif [[ $lines -lt 5 || $nested -lt 1 ]]; then
        fail "the Explain tree is not expanded: $(head -n 3 "$out/explain-teaching.txt")"
    else
        pass "the packet details show the expanded Explain tree ($lines lines): $(head -n 1 "$out/explain-teaching.txt")"
    fi
    tshark_explain >"$out/tshark-teaching.txt"
    if cmp -s "$out/explain-teaching.txt" "$out/tshark-teaching.txt"; then
        pass "it is exactly what tshark -O explain prints for frame $FRAME"
    else
        fail "the GUI's Explain tree differs from tshark -O explain: $(diff "$out/tshark-teaching.txt" "$out/explain-teaching.txt" | head -n 8)"
    fi

    # The screenshot, before any menu is opened (a menu leaves a hover
    # highlight on the row under it).
    xdo windowfocus --sync "$WID"
    xdotool mousemove "$((WIDTH - 1))" "$((HEIGHT - 1))" 2>/dev/null || true
    sleep 1
    snap "$out/gui.png"
    pass "screenshot taken"

    local row column summary
    row=$(clip_after alt+e Right Return)
    printf '%s\n' "$row" >"$out/row-teaching.txt"
    column=$(explain_column "$row")
    summary=$(sed -n 's/^    \[Summary: \(.*\)\]$/\1/p' "$out/explain-teaching.txt" | head -n 1)
    if [[ -z $column ]]; then
        fail "no Explain column in the packet list (Edit > Copy > As Plain Text): ${row:0:300}"
    elif [[ $column != "$summary" ]]; then
        fail "the Explain column '$column' is not the summary '$summary'"
    else
        pass "the packet list's Explain column: $column"
    fi

    # --- A preference changed live: Verbosity > Brief. ----------------------
    xdo windowfocus --sync "$WID"
    xdo key --clearmodifiers Menu
    sleep 1
    xdo key --clearmodifiers Up Up Right
    sleep 0.7
    xdo key --clearmodifiers Down Right
    sleep 0.7
    snap "$out/menu.png"
    xdo key --clearmodifiers Return
    sleep 3

    clip_after ctrl+alt+shift+a >"$out/details-brief.txt"
    explain_section "$out/details-brief.txt" >"$out/explain-brief.txt"
    tshark_explain -o explain.verbosity:brief >"$out/tshark-brief.txt"
    if cmp -s "$out/explain-teaching.txt" "$out/explain-brief.txt"; then
        fail "Protocol Preferences > Verbosity > Brief changed nothing in the Explain tree"
    elif cmp -s "$out/explain-brief.txt" "$out/tshark-brief.txt"; then
        pass "after Verbosity > Brief, re-dissected live: $(head -n 1 "$out/explain-brief.txt")"
    else
        fail "after Verbosity > Brief the tree is not tshark -o explain.verbosity:brief's: $(diff "$out/tshark-brief.txt" "$out/explain-brief.txt" | head -n 8)"
    fi
    row=$(clip_after alt+e Right Return)
    printf '%s\n' "$row" >"$out/row-brief.txt"
    column=$(explain_column "$row")
    summary=$(sed -n 's/^Explain: //p' "$out/tshark-brief.txt" | head -n 1)
    if [[ -n $column && $column == "$summary" ]]; then
        pass "and the Explain column follows: $column"
    else
        fail "after Verbosity > Brief the Explain column is '$column', not '$summary'"
    fi
    if kill -0 "$WS_PID" 2>/dev/null; then
        pass "the same Wireshark process (pid $WS_PID) all along, the file never reopened"
    else
        fail "Wireshark exited or restarted during the check"
    fi

    # --- Quit. --------------------------------------------------------------
    if [[ $FAILED -ne 0 ]]; then
        snap "$out/failure.png"
    fi
    xdotool windowfocus --sync "$WID" key --clearmodifiers ctrl+q 2>/dev/null || true
    for i in $(seq 1 30); do
        kill -0 "$WS_PID" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$WS_PID" 2>/dev/null; then
        kill "$WS_PID" 2>/dev/null || true
        log "Wireshark did not quit on Ctrl+Q; ended it"
    fi
}

if [[ ${1:-} == --inner ]]; then
    shift
    [[ $# -eq 3 ]] || die "--inner WORK CAPTURE FRAME"
    set +e   # check everything, report every failure
    WS_PID=
    trap '[[ -n $WS_PID ]] && kill "$WS_PID" 2>/dev/null' EXIT
    inner "$@"
    if [[ $FAILED -ne 0 ]]; then
        echo "gui-check: FAILED"
        exit 1
    fi
    echo "gui-check: passed"
    exit 0
fi

# ===========================================================================
# Outer part: arguments, packages, build, the private folder, the user.
# ===========================================================================

BUILD=${EXPLAIN_BUILD_DIR:-$ROOT/build}
CAPTURE=
FRAME=2
OUT=$ROOT/docs/gui.png
SCREENSHOT=1
INSTALL=1
KEEP=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --build-dir) [[ $# -ge 2 ]] || die "$1 needs a value"; BUILD=$2; shift 2 ;;
        --capture) [[ $# -ge 2 ]] || die "$1 needs a value"; CAPTURE=$2; shift 2 ;;
        --frame) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a frame number"; FRAME=$2; shift 2 ;;
        --out) [[ $# -ge 2 ]] || die "$1 needs a value"; OUT=$2; shift 2 ;;
        --no-screenshot) SCREENSHOT=0; shift ;;
        --no-install) INSTALL=0; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

# --- Packages. --------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    [[ $INSTALL -eq 1 ]] || die "missing packages: ${missing[*]} (run without --no-install, or apt-get install them)"
    command -v apt-get >/dev/null 2>&1 || die "no apt-get: install by hand the equivalents of: ${missing[*]}"
    SUDO=()
    if [[ $IS_ROOT -eq 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "missing packages: ${missing[*]}; run as root or install them"
        SUDO=(sudo)
    fi
    log "installing ${missing[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" |
        "${SUDO[@]}" debconf-set-selections
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
for c in wireshark tshark xvfb-run xdotool import xclip setpriv; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' not found"
done

# --- The plugin and the demo capture. ----------------------------------------
staged_plugin() { find "$BUILD/stage/plugins" -path '*/epan/explain.so' 2>/dev/null | head -n 1; }
if [[ -z $(staged_plugin) || ( -z $CAPTURE && ! -f $BUILD/demo.pcapng ) ]]; then
    log "building into $BUILD"
    "$ROOT/tools/install-deps.sh"
    cmake -S "$ROOT" -B "$BUILD" -DEXPLAIN_WERROR=ON >/dev/null
    cmake --build "$BUILD" --parallel "$(nproc 2>/dev/null || echo 2)"
fi
[[ -n $(staged_plugin) ]] || die "no staged explain.so under $BUILD/stage/plugins"
CAPTURE=${CAPTURE:-$BUILD/demo.pcapng}
[[ -f $CAPTURE ]] || die "no capture $CAPTURE"

# --- The private folder: plugin, capture, profile, HOME. ---------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tcp-explain-gui.XXXXXX")
chmod 755 "$WORK"
cleanup() {
    if [[ $KEEP -eq 1 || ${RESULT:-1} -ne 0 ]]; then
        log "kept $WORK (wireshark.log, clipboard texts, screenshots in out/)"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

conf=$WORK/home/.config/wireshark
mkdir -p "$conf/profiles" "$WORK/plugins" "$WORK/out" "$WORK/run" "$WORK/tmp"
cp -R "$BUILD/stage/plugins/." "$WORK/plugins/"
cp -R "$ROOT/profile/$PROFILE_NAME" "$conf/profiles/$PROFILE_NAME"
cp "$CAPTURE" "$WORK/$(basename "$CAPTURE")"
cp "$SELF" "$WORK/gui-check.sh"
# The main window: 1400x900 at the top left (there is no window manager).
cat >"$conf/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $WIDTH
gui.geometry_main_height: $HEIGHT
gui.geometry_main_maximized: FALSE
EOF
chmod -R a+rX "$WORK"

RUN=()
if [[ $IS_ROOT -eq 1 ]]; then
    uid=$(id -u nobody) || die "as root, the user 'nobody' is needed"
    gid=$(id -g nobody)
    chown -R "$uid:$gid" "$WORK/home" "$WORK/out" "$WORK/run" "$WORK/tmp"
    RUN=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
fi
chmod 700 "$WORK/run"

set +e
"${RUN[@]}" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$WORK/home" \
    TMPDIR="$WORK/tmp" XDG_RUNTIME_DIR="$WORK/run" LC_ALL=C.UTF-8 TZ=UTC \
    WIRESHARK_PLUGIN_DIR="$WORK/plugins" NO_AT_BRIDGE=1 \
    xvfb-run -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24 -nolisten tcp" \
    bash "$WORK/gui-check.sh" --inner "$WORK" "$WORK/$(basename "$CAPTURE")" "$FRAME"
RESULT=$?
set -e

if [[ $RESULT -eq 0 && $SCREENSHOT -eq 1 ]]; then
    mkdir -p "$(dirname "$OUT")"
    cp "$WORK/out/gui.png" "$OUT"
    log "screenshot: $OUT"
fi
exit "$RESULT"
