#!/usr/bin/env bash
# cmake --install into a temporary prefix, then the installed program runs
# an installed scenario (a variant: its base is found beside it), and the
# manual page and bash completion are where man and bash look.
#   tests/install_prefix.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
bin=$prefix/bin/talentsim
share=$prefix/share/talentsim/scenarios
man=$prefix/share/man/man1/talentsim.1
for f in "$bin" "$share/baseline.yaml" "$share/isolate.yaml" "$man" \
         "$prefix/share/bash-completion/completions/talentsim"; do
  [ -e "$f" ] || { echo "not installed: $f"; exit 1; }
done
"$bin" --version | grep -q '^talentsim ' || { echo "no --version"; exit 1; }
"$bin" "$share/isolate.yaml" -o "$prefix/out" --runs 20 --no-plots -q
head -1 "$prefix/out/stocks.csv" | grep -q '^step,date,years,pool,deterministic' \
  || { echo "no stocks.csv from the installed program"; exit 1; }
# the manual names every command and exit status
for word in check steady report compare tornado sweep fit backtest plan \
            'EXIT STATUS' '128+N' report.html compare_diff.csv; do
  grep -q -- "$word" "$man" || { echo "talentsim(1) does not mention $word"; exit 1; }
done
if command -v man >/dev/null && man -l "$man" >/dev/null 2>&1; then
  man -l "$man" 2>/dev/null | grep -q 'talentsim' || { echo "man -l fails"; exit 1; }
fi
echo "1 passed, 0 failed"
