#!/usr/bin/env bash
# Copies seed files into fuzz/corpus/<target>/ (gitignored): the public real-world corpus
# (../shared/realworld, never committed to this repository) and this repository's own fixtures.
# Usage: fuzz/seed.sh [REALWORLD_DIR]   (default: ../shared/realworld beside the repository)
set -euo pipefail
cd "$(dirname "$0")"
root=..
realworld=${1:-$root/../shared/realworld}
if [[ ! -d $realworld ]]; then
  echo "WARNING: $realworld not found: seeding from the repository's fixtures only" >&2
fi
mkdir -p corpus/pdf corpus/docx corpus/sniff_extract corpus/xls corpus/ppt
copy() { # copy FILES... into corpus/$target, if any exist
  local target=$1; shift
  for f in "$@"; do [[ -f $f ]] && cp -f "$f" "corpus/$target/"; done
  return 0
}
shopt -s nullglob
copy pdf "$realworld"/pdf/*.pdf "$root"/tests/fixtures/pdf/*.pdf "$root"/examples/documents/*.pdf
copy docx "$realworld"/docx/*.docx "$root"/examples/documents/*.docx
copy xls "$root"/tests/fixtures/ole/*.xls
copy ppt "$root"/tests/fixtures/ole/*.ppt
copy sniff_extract "$realworld"/*/* "$root"/tests/fixtures/pdf/*.pdf "$root"/tests/fixtures/ole/*.[xp][lp][st] "$root"/examples/documents/*
# The issue-10 readers have no corpus folder yet: they start from libFuzzer's own inputs (and
# whatever seeds are dropped into corpus/<target>/ by hand, e.g. LibreOffice conversions).
mkdir -p corpus/odf corpus/mail corpus/json corpus/csv corpus/xml corpus/svg corpus/epub
for t in pdf docx sniff_extract xls ppt odf mail json csv xml svg epub; do
  echo "corpus/$t: $(ls corpus/$t | wc -l) files" >&2
done
