#!/bin/sh
# leaves-no-files.sh REPLAYER CORPUS: runs a fuzz target's corpus replayer
# with a temporary folder of its own as TMPDIR, and fails when the target
# left anything there (its scratch folders must go when it exits).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sluice-fuzz-tmpdir-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

TMPDIR=$tmp "$@"

left=$(ls -A "$tmp")
if [ -n "$left" ]; then
  echo "$(basename "$1") left these in TMPDIR: $left" >&2
  exit 1
fi
