#!/usr/bin/env bash
# No circle between files (README, Layout): every module (a .c/.h pair
# of models/ and sim/) and the modules whose headers it includes, as
# pairs for tsort, which fails on a loop and names its members; and no
# include running up the folders' order (the layers' CMake roots refuse
# those too; this says which file).
#   tests/include_cycles.sh [SOURCE_DIR]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
pairs=$(mktemp)
trap 'rm -f "$pairs"' EXIT
for f in $(find models sim -name '*.[ch]' | sort); do
  from=${f%.*}
  echo "$from $from" >> "$pairs"
  { grep -o '^#include "\(models\|sim\)/[a-z_/]*\.h"' "$f" || true; } |
    sed 's/^#include "\(.*\)\.h"$/\1/' |
    while read -r to; do
      [ "$to" = "$from" ] || echo "$from $to"
    done >> "$pairs"
done
if ! tsort "$pairs" > /dev/null 2> "$pairs.err"; then
  cat "$pairs.err"
  rm -f "$pairs.err"
  echo "0 passed, 1 failed: the includes above make a circle"
  exit 1
fi
rm -f "$pairs.err"
includes=$(awk '$1 != $2' "$pairs" | sort -u | wc -l)
modules=$(cut -d' ' -f1 "$pairs" | sort -u | wc -l)
echo "$includes includes between $modules modules, no circle: 1 passed, 0 failed"
