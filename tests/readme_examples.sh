#!/usr/bin/env bash
# The README's examples are tests (as jq tests its manual's): every fenced
# block that starts with `$ ./build/talentsim ...` is run and what the
# tool prints (stdout and stderr) is compared with the lines under each
# `$` line; a line `...` (indented or not, maybe followed by words in
# parentheses) stands for any number of lines left out. A YAML
# block whose first line is `# save as PATH` is written to PATH first.
# Everything runs in a copy of scenarios/ in a temporary directory, where
# ./build/talentsim is the binary under test.
# With --edited, one digit of the first example is changed first and the
# script passes only if that makes it fail: the examples test can fail.
#   tests/readme_examples.sh README.md BINARY [--edited]
set -euo pipefail
readme=$(realpath "$1")
bin=$(realpath "$2")
edited=${3:-}
# the examples show the charts drawn: without gnuplot, skipped (CTest 77)
command -v gnuplot > /dev/null || { echo "no gnuplot: skipped"; exit 77; }
src=$(dirname "$readme")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/scenarios" "$work/"
mkdir -p "$work/build"
ln -s "$bin" "$work/build/talentsim"
cd "$work"

# Split the README into files: block_N.cmds (one command per line) with
# block_N_M.want (what command M prints), and the files to save.
awk -v dir="$work" '
  /^```/ {
    if (!inside) { inside = 1; first = 1; kind = ""; next }
    inside = 0; kind = ""; next
  }
  inside && first {
    first = 0
    if ($0 ~ /^\$ \.\/build\/talentsim/) { kind = "run"; block++; cmd = 0 }
    else if ($0 ~ /^# save as /) {
      kind = "save"; path = dir "/" substr($0, 11); printf "" > path; next
    }
  }
  inside && kind == "save" { print > path; next }
  inside && kind == "run" {
    if ($0 ~ /^\$ /) {
      cmd++
      # numbered %03d so that a glob runs them in order
      b = sprintf("%s/block_%03d", dir, block)
      print substr($0, 3) >> (b ".cmds")
      printf "" > (b "_" cmd ".want")
    } else print >> (sprintf("%s/block_%03d", dir, block) "_" cmd ".want")
  }
' "$readme"

# got matches want, where a want line "..." skips any lines of got.
matches() {
  awk -v wantfile="$1" '
    function skip(l) { return l ~ /^ *\.\.\.( .*)?$/ }
    # trailing blanks do not count (Markdown editors strip them)
    function trim(l) { sub(/[ \t]+$/, "", l); return l }
    BEGIN {
      while ((getline l < wantfile) > 0) want[++nw] = trim(l)
      while (nw > 0 && want[nw] == "") nw--   # the blank line between commands
    }
    { got[++ng] = trim($0) }
    END {
      j = 1
      for (i = 1; i <= nw; i++) {
        if (skip(want[i])) {
          if (i == nw) exit 0
          while (j <= ng && got[j] != want[i + 1]) j++
          continue
        }
        if (j > ng || got[j] != want[i]) {
          printf "expected line %d: %s\n     got: %s\n", i, want[i],
                 (j <= ng ? got[j] : "(nothing more)")
          exit 1
        }
        j++
      }
      if (j <= ng) { printf "more output than expected: %s\n", got[j]; exit 1 }
    }' "$2"
}

if [ "$edited" = --edited ]; then
  # the first digit of the first example's output, plus one (9 to 0)
  perl -0pi -e 's/([0-9])/($1 + 1) % 10/e' block_001_1.want
fi

passed=0
failed=0
for cmds in block_*.cmds; do
  b=${cmds%.cmds}
  m=0
  while IFS= read -r line; do
    m=$((m + 1))
    # the README's command line, as a shell would read it
    bash -c "$line" > "${b}_$m.got" 2>&1 || true
    if why=$(matches "${b}_$m.want" "${b}_$m.got"); then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "README example failed: \$ $line"
      echo "$why"
    fi
  done < "$cmds"
done
if [ "$edited" = --edited ]; then
  # inverted: the edited example must be the one that failed
  [ "$failed" -eq 1 ] && echo "1 passed, 0 failed" && exit 0
  echo "an edited example was not caught"
  exit 1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
