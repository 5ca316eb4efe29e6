#!/usr/bin/env bash
# cmake --install into a temporary prefix, then the installed program runs
# an installed scenario (a variant: its base is found beside it), and the
# manual page and bash completion are where man and bash look; and a
# program built against the installed library with pkg-config alone
# (tests/install/api_client.c) gives the numbers of the program's own
# stocks.csv, byte for byte, from the shared library and the static one.
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
# libtalentsim: the header, both libraries and talentsim.pc
for f in "$prefix/include/talentsim.h" "$prefix/lib/libtalentsim.a" \
         "$prefix/lib/libtalentsim.so" "$prefix/lib/pkgconfig/talentsim.pc"; do
  [ -e "$f" ] || { echo "not installed: $f"; exit 1; }
done
src=$(cd "$(dirname "$0")" && pwd)
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cc=${CC:-cc}
# a sanitizer build's library needs its runtime in the client too
flags=${TS_CLIENT_FLAGS:-}
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror $flags -o "$prefix/client" \
  "$src/install/api_client.c" $(pkg-config --cflags --libs talentsim)
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror $flags -o "$prefix/client_static" \
  "$src/install/api_client.c" $(pkg-config --static --cflags talentsim) \
  "$prefix/lib/libtalentsim.a" $(pkg-config --static --libs-only-l talentsim \
  | sed 's/-ltalentsim//')
"$bin" "$share/baseline.yaml" -o "$prefix/api" --runs 100 --no-plots -q
cut -d, -f1,4- "$prefix/api/stocks.csv" | tail -n +2 > "$prefix/want.csv"
LD_LIBRARY_PATH=$prefix/lib "$prefix/client" "$share/baseline.yaml" 100 \
  > "$prefix/got.csv"
cmp "$prefix/want.csv" "$prefix/got.csv" ||
  { echo "the library's stocks differ from the program's stocks.csv"; exit 1; }
"$prefix/client_static" "$share/baseline.yaml" 100 > "$prefix/got_static.csv"
cmp "$prefix/want.csv" "$prefix/got_static.csv" ||
  { echo "the static library's stocks differ"; exit 1; }
[ "$(wc -l < "$prefix/got.csv")" -eq 294 ] ||
  { echo "expected 49 steps x 6 rows"; exit 1; }
echo "1 passed, 0 failed"
