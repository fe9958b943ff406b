#!/usr/bin/env bash
# Copies the ui suite's renders that the AppStream metainfo shows into
# data/screenshots/.  Run after `build-aux/dev.sh test` (or meson test --suite ui).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
screens=${1:-$top/_build-test/tests/ui/screens}
cp "$screens/overview-sandbox.png" "$screens/overview-prod.png" "$top/data/screenshots/"
cp "$screens/history-detail.png" "$top/data/screenshots/history.png"
cp "$screens/matrix.png" "$top/data/screenshots/matrix.png"
