#!/usr/bin/env bash
# Every shipped scenario through every command, into DIR, with what each
# printed: run it with two builds and `diff -r` the two directories to
# show that a change of shape changed no output, byte for byte (run.yaml
# aside, which records the time).
#   tests/same_outputs.sh BINARY DIR
set -euo pipefail
bin=$(realpath "$1")
out=$2
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out"
run() { # NAME ARGS...: the command's files in $out/NAME, its words beside
  local name=$1
  shift
  "$bin" "$@" -o "$out/$name" > "$out/$name.out" 2> "$out/$name.err" ||
    echo "exit $?" >> "$out/$name.err"
}
for s in scenarios/*.yaml; do
  stem=$(basename "$s" .yaml)
  run "$stem" "$s" --runs 200
  run "$stem-report" report "$s" --runs 100
  "$bin" check --explain "$s" > "$out/$stem-explain.out" 2>&1 || true
  "$bin" steady "$s" > "$out/$stem-steady.out" 2>&1 || true
done
run tornado tornado scenarios/baseline.yaml --metric frontier_labs@2026-01
run sweep sweep scenarios/baseline.yaml \
  --param pools.enterprise_software.retention --values 0.7,0.8,0.9
run fit fit scenarios/calibrated.yaml
run backtest backtest scenarios/calibrated.yaml --until 2024-07
run plan plan scenarios/calibrated.yaml --target-at 2026-01
run compare compare scenarios/baseline.yaml scenarios/accelerating.yaml \
  --runs 200 --report
run compare3 compare scenarios/baseline.yaml scenarios/isolate.yaml \
  scenarios/backlash.yaml --runs 100
# the output directory appears in what is printed: make it one name
find "$out" -maxdepth 1 -name '*.out' -o -maxdepth 1 -name '*.err' |
  xargs sed -i "s#$out#OUT#g"
rm -f "$out"/*/run.yaml
