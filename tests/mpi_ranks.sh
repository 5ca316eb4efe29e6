#!/usr/bin/env bash
# The same scenario on one process and on two MPI ranks: every file must
# be byte-identical (run i draws only from its own streams, and the ranks'
# integer results are summed), run.yaml aside: it records the command
# line and the time (SPEC section 7).
#   tests/mpi_ranks.sh TALENTSIM MPIEXEC SCENARIO...
set -euo pipefail
bin=$1 mpiexec=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
for scenario in "$@"; do
  name=$(basename "$scenario" .yaml)
  "$bin" "$scenario" -o "$out/$name.one" --runs 300 --no-plots --quiet
  "$mpiexec" "${root[@]}" --oversubscribe -np 2 \
    "$bin" "$scenario" -o "$out/$name.two" --runs 300 --no-plots --quiet
  for f in "$out/$name.one"/*; do
    [ "$(basename "$f")" = run.yaml ] && continue
    cmp "$f" "$out/$name.two/$(basename "$f")" ||
      { echo "$name: $(basename "$f") differs between 1 and 2 ranks"; exit 1; }
  done
  echo "$name: $(ls "$out/$name.one" | wc -l) files identical on 1 and 2 ranks"
done
