#!/usr/bin/env bash
# The peer test of SPEC section 9: talentsim's fit of executives' rates
# from sightings against R's msm on the same data (tests/peer_msm.R).
# Exits 77 (skipped) where R or msm is not installed; .ci/setup --ci
# installs them (r-base-core, r-cran-msm).
#   tests/peer_msm.sh BINARY [N]
set -euo pipefail
bin=$(realpath "$1")
command -v Rscript > /dev/null || { echo "no Rscript: skipped"; exit 77; }
Rscript -e 'quit(status = !requireNamespace("msm", quietly = TRUE))' \
  > /dev/null 2>&1 || { echo "no R package msm: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
Rscript "$(dirname "$0")/peer_msm.R" "$bin" "$dir" "${2:-300}"
