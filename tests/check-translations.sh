#!/usr/bin/env bash
# Keeps po/ current: every source file with translatable strings is listed in
# po/POTFILES.in, and po/ja.po translates every string of the sources as they
# are now (no missing, no fuzzy entries), and compiles.
set -euo pipefail
shopt -s nullglob
top=$1
cd "$top"

status=0
while IFS= read -r file; do
  if ! grep -qxF "$file" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $file"
    status=1
  fi
done < <(grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|g_dngettext|ngettext)\(\s*"|translatable="yes"' \
           src ui data --include='*.c' --include='*.ui' --include='*.in' --include='*.xml' | sort)

while IFS= read -r file; do
  [ -n "$file" ] && [ ! -e "$file" ] && { echo "listed in po/POTFILES.in but missing: $file"; status=1; }
done < <(grep -v '^#' po/POTFILES.in)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --files-from=po/POTFILES.in --directory="$top" --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --add-comments --output="$work/sluice.pot" 2>"$work/xgettext.log" || { cat "$work/xgettext.log"; exit 1; }
# xgettext leaves the charset for the translator to fill; the sources are UTF-8.
sed -i 's/charset=CHARSET/charset=UTF-8/' "$work/sluice.pot"
for po in po/*.po; do
  msgmerge --quiet --no-fuzzy-matching "$po" "$work/sluice.pot" -o "$work/merged.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$work/merged.po" 2>&1)
  echo "$po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po is not current: run 'meson compile sluice-update-po' and translate"; status=1 ;;
  esac
done
exit $status
