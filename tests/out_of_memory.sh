#!/usr/bin/env bash
# Fault injection (SQLite's way): every allocation from the N-th on
# fails (tests/fault/failing_malloc.c, preloaded), for N spread over all
# that a command makes. Whatever N, talentsim exits 0, or 1 with a
# message that memory ran out: never 2 (bad input), never a crash.
#   tests/out_of_memory.sh BINARY SHIM SANITIZED
# SANITIZED=ON: exit 77 (skipped): ASan's allocator cannot be preloaded over.
set -u
bin=$1 shim=$2
[ "${3:-OFF}" = ON ] && { echo "skipped under the sanitizers"; exit 77; }
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
sweep() { # SAMPLES ARGS...: the command's allocations, SAMPLES of them
  local samples=$1
  shift
  TS_COUNT_TO="$work/count" LD_PRELOAD="$shim" "$bin" "$@" \
    > /dev/null 2>&1
  local total
  total=$(cat "$work/count")
  local stride=$(( total / samples + 1 ))
  for ((n = 1; n <= total; n += stride)); do
    TS_FAIL_AT=$n LD_PRELOAD="$shim" "$bin" "$@" > /dev/null 2> "$work/err"
    local rc=$?
    if [ $rc -eq 0 ] || { [ $rc -eq 1 ] && grep -q 'memory' "$work/err"; }
    then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "allocation $n of $total failing: exit $rc: $(head -c 300 "$work/err")"
    fi
  done
  echo "$*: $total allocations, every ${stride}th failed in turn"
}
sweep 300 check scenarios/labs_2024.yaml
sweep 400 scenarios/baseline.yaml --runs 20 --no-plots -o "$work/out"
sweep 200 scenarios/labs_2024.yaml --runs 20 --no-plots -o "$work/out"
sweep 100 fit scenarios/labs_2024.yaml --no-plots -o "$work/fit"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
