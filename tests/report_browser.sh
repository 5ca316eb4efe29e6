#!/usr/bin/env bash
# report.html as a reader gets it: every section and chart present, no
# reference to anything outside the file (no script, no address, no
# external image or style), and, in a real browser (Debian's chromium,
# headless), a screenshot that is not blank: larger than three times the
# screenshot of an empty page of the same size. Without chromium the
# browser half is skipped (exit 77); .ci/setup --ci installs it.
#   tests/report_browser.sh TALENTSIM SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" report "$src/scenarios/labs.yaml" -o "$dir/out" --runs 200 -q
html=$dir/out/report.html
fail() { echo "report.html: $*"; exit 1; }
[ -s "$html" ] || fail "not written"
for section in '<h2>Headcount' '<h2>Charts' '<h2>Shocks' '<h2>Executives' \
               '<h2>Predictions' '<h2>What matters most' '<h2>Assumptions' \
               '@page{size:A4'; do
  grep -qF "$section" "$html" || fail "no $section"
done
charts=$(grep -c '<svg' "$html")
[ "$charts" -eq 5 ] || fail "$charts charts, not 5 (stocks, fan, flows, net, executives)"
# the assumptions carry the file's comments (SEED/ASSUMPTION)
grep -q 'SEED 002: 500-700 researchers' "$html" || fail "no source comment"
for outside in '<script' ' src=' '<link' '<img' '<iframe' '@import' 'url(http' \
               'http:' 'https:'; do
  if grep -qiF -- "$outside" "$html"; then fail "refers outside: $outside"; fi
done
# gnuplot's clip paths are renamed per chart: no id twice
dups=$(grep -o "id='[^']*'" "$html" | sort | uniq -d | head -3)
[ -z "$dups" ] || fail "ids used twice: $dups"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed: the browser check is skipped"
  exit 77
fi
shot() {
  local profile
  profile=$(mktemp -d -p "$dir")
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1200,2400 --screenshot="$2" "$1" >/dev/null 2>&1
}
printf '<!DOCTYPE html><html><body></body></html>\n' > "$dir/empty.html"
shot "file://$html" "$dir/report.png"
shot "file://$dir/empty.html" "$dir/empty.png"
[ -s "$dir/report.png" ] || fail "chromium wrote no screenshot"
ours=$(stat -c %s "$dir/report.png")
blank=$(stat -c %s "$dir/empty.png")
echo "screenshot: $ours bytes, an empty page $blank bytes"
[ "$ours" -gt $((3 * blank)) ] || fail "the screenshot looks blank"
echo "1 passed, 0 failed"
