#!/usr/bin/env bash
# compat-trixie.sh - tools/compat-chroot.sh trixie: Wireshark 4.4 in a
# Debian 13 chroot (kept for the commands people already know; see
# compat-chroot.sh for the options).
#
# SPDX-License-Identifier: GPL-2.0-or-later
exec "$(dirname "${BASH_SOURCE[0]}")/compat-chroot.sh" trixie "$@"
