#!/bin/sh
# with-keyring.sh PROGRAM [ARGS...]: runs a test program on a private
# session bus with a throwaway GNOME keyring, created and unlocked here, so
# that Sluice's libsecret path is tested against a real secret service.
# Nothing of the user's own keyring or session is touched.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

dir=$(mktemp -d "${TMPDIR:-/tmp}/sluice-keyring.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

HOME="$dir"
XDG_RUNTIME_DIR="$dir"
XDG_DATA_HOME="$dir/data"
XDG_CONFIG_HOME="$dir/config"
SLUICE_TEST_KEYRING=1
export HOME XDG_RUNTIME_DIR XDG_DATA_HOME XDG_CONFIG_HOME SLUICE_TEST_KEYRING
unset DISPLAY WAYLAND_DISPLAY

# --unlock creates the "login" keyring with this password and makes it the
# default collection, so no prompt is ever needed.
dbus-run-session -- sh -c '
  printf %s sluice-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$@"
