#!/usr/bin/env bash
# Draws every picture under docs/ again with the build's talentsim (and
# Debian's chromium for the report), so that the README shows what the
# tool draws today:
#   docs/images.sh [BUILD_DIR]        (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build}/talentsim")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$bin" "$@" --quiet; }

run scenarios/baseline.yaml -o "$tmp/baseline"
for c in stocks fan flows net; do
  cp "$tmp/baseline/$c.png" "docs/baseline_$c.png"
done
run tornado scenarios/baseline.yaml --metric enterprise_software \
  -o "$tmp/tornado"
cp "$tmp/tornado/tornado.png" docs/baseline_tornado.png
run scenarios/isolate.yaml -o "$tmp/isolate"
cp "$tmp/isolate/stocks.png" docs/isolate_stocks.png
run compare scenarios/baseline.yaml scenarios/isolate.yaml \
  scenarios/accelerating.yaml -o "$tmp/compare"
cp "$tmp/compare/compare.png" docs/compare_three.png
cp "$tmp/compare/compare_diff.png" docs/compare_three_diff.png
run scenarios/labs.yaml -o "$tmp/labs" --report
cp "$tmp/labs/executives.png" docs/labs_executives.png
cp "$tmp/labs/fan.png" docs/labs_fan.png
run scenarios/accelerating.yaml -o "$tmp/accelerating"
cp "$tmp/accelerating/fan.png" docs/accelerating_fan.png
run fit scenarios/calibrated.yaml -o "$tmp/fit"
cp "$tmp/fit/fit.png" docs/calibrated_fit.png
run scenarios/labs_2024.yaml -o "$tmp/labs_2024"
cp "$tmp/labs_2024/stocks.png" docs/labs_2024_stocks.png
cp "$tmp/labs_2024/executives.png" docs/labs_2024_executives.png

# the report's first screen in a real browser (1000 x 1500)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  mkdir -p "$tmp/profile"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size=1000,1500 \
    --screenshot="$tmp/report.png" "file://$tmp/labs/report.html" \
    > /dev/null 2>&1
  cp "$tmp/report.png" docs/report.png
else
  echo "no chromium: docs/report.png left as it was"
fi
echo "drew docs/*.png"
