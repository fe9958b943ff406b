#!/usr/bin/env bash
# The two commands of the README:
#   build-aux/dev.sh run    install what is missing, build, open Sluice on the sandbox
#   build-aux/dev.sh test   install what is missing, build with -Werror, run every suite
# Both install Debian 12 packages with apt-get (through sudo when not root).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

packages=(
  # build
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libjson-glib-dev libgtksourceview-5-dev libsecret-1-dev
  libpq-dev libpg-query-dev
  # protobuf-c's header, included by libpg-query-dev's pg_query/pg_query.pb-c.h (the lint's typed parse tree)
  libprotobuf-c-dev
  # the sandbox cluster and backups: initdb, pg_ctl, postgres, pg_dump
  postgresql-15 postgresql-client-15
  # desktop file, metainfo and schema validation
  desktop-file-utils appstream
  # ui tests: a real X server without a screen
  xvfb xauth
  # the keyring round trip of profile passwords (a private bus and keyring)
  dbus gnome-keyring
  # icons and fonts the window draws with
  adwaita-icon-theme librsvg2-common fonts-cantarell fonts-noto-cjk
  # interop tests: the real sqitch (its pg engine needs DBD::Pg)
  sqitch libdbd-pg-perl
  # schema diff peers: apgdiff (Java; pulls a headless JRE)
  apgdiff
)

# Sets sudo to what runs apt-get as root; without root nor sudo, says in one
# line what to install (the arguments) and stops.
need_root () {
  sudo=()
  [ "$(id -u)" -eq 0 ] && return 0
  if ! command -v sudo >/dev/null 2>&1; then
    echo "dev.sh: missing packages and no sudo; as root, run: apt-get install $*" >&2
    exit 1
  fi
  sudo=(sudo)
}

install_missing_packages () {
  local missing=() sudo=()
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  need_root "${missing[@]}"
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The interop tests and a benchmark run the real dbmate and drizzle-kit,
# pinned in tests/interop/package-lock.json.  Debian's nodejs and npm come
# only when there is no npm at all: a NodeSource nodejs brings its own npm
# and conflicts with Debian's npm package.
install_interop_tools () {
  local sudo=()
  if ! command -v npm >/dev/null 2>&1; then
    need_root nodejs npm
    echo "Installing: nodejs npm"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  # npm ci starts from nothing; skip it when node_modules already matches the lock.
  if [ ! tests/interop/node_modules/.package-lock.json -nt tests/interop/package-lock.json ]; then
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

configure_and_build () {
  local builddir=$1; shift
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$@"
  else
    meson configure "$builddir" "$@" >/dev/null
  fi
  meson compile -C "$builddir"
}

case "${1:-}" in
  run)
    install_missing_packages
    configure_and_build _build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "dev.sh: no display (DISPLAY and WAYLAND_DISPLAY are unset); run this from a desktop session" >&2
      exit 1
    fi
    # Schemas compiled in the build tree; the demo folder from the source tree.
    export GSETTINGS_SCHEMA_DIR="$top/_build/data"
    export SLUICE_DEMO_DIR="$top/data/demo"
    exec "$top/_build/src/app/sluice" "${@:2}"
    ;;
  test)
    install_missing_packages
    configure_and_build _build-test -Dwerror=true
    install_interop_tools
    # -v: the benchmarks print their figures and ratios into the log.
    meson test -C _build-test --benchmark -v --num-processes 1 --print-errorlogs
    meson test -C _build-test --print-errorlogs --num-processes 2
    ;;
  *)
    echo "usage: build-aux/dev.sh run|test" >&2
    exit 2
    ;;
esac
