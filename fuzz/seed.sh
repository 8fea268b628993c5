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
# The issue-10 readers have no real-world folder: seeds.py writes a small valid file or two of
# each kind (RTF, JSON, CSV, XML, SVG, e-mail, ODF, EPUB, tar, gzip/bzip2/xz/zstd, 7z, audio and
# video containers, pictures).
mkdir -p corpus/odf corpus/mail corpus/json corpus/csv corpus/xml corpus/svg corpus/epub corpus/media corpus/picture
python3 seeds.py "$realworld"
# The picture target also gets the OCR fixtures: real JPEG, PNG, GIF and TIFF files.
copy picture "$root"/tests/fixtures/ocr/*.jpg "$root"/tests/fixtures/ocr/*.png "$root"/tests/fixtures/ocr/*.gif "$root"/tests/fixtures/ocr/*.tif
# The issue-12 targets: one per reader, seeded from the real-world folder of its kind.
mkdir -p corpus/text corpus/xlsx corpus/pptx corpus/ofd corpus/html corpus/doc corpus/zip corpus/gateway_intake
copy text "$root"/examples/documents/*.txt "$realworld"/pdftotext/*
copy xlsx "$realworld"/xlsx/*.xlsx
copy pptx "$realworld"/pptx/*.pptx
copy ofd "$realworld"/ofd/*.ofd
copy html "$realworld"/html/*.html
copy doc "$realworld"/doc/*.doc "$root"/tests/fixtures/ole/*.doc
# Any ZIP will do for the ZIP layer: the OOXML and OFD packages are ZIPs.
copy zip "$realworld"/xlsx/*.xlsx "$realworld"/pptx/*.pptx "$realworld"/ofd/*.ofd "$root"/examples/documents/*.docx
# gateway_intake: the first byte picks the request (see the target); 0x00 is multipart with the
# boundary that follows, 0x01 a form, 0x02 JSON.
printf '\x00xyz--xyz\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--xyz\r\nContent-Disposition: form-data; name="g"\r\n\r\nworld\r\n--xyz--\r\n' >corpus/gateway_intake/multipart
printf '\x01a=%%E7%%BB%%9D%%E5%%AF%%86&b=plain+text' >corpus/gateway_intake/form
printf '\x02{"title":"\\u7edd\\u5bc6","body":["x",{"y":"aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ="}]}' >corpus/gateway_intake/json
# The core-only targets are their own package (core/, see README.md), so their corpus is
# core/corpus/<target>/: the dictionaries for `dictionary`, plain texts for `normalize`; `mjd` and
# `matcher` make their own inputs.
mkdir -p core/corpus/dictionary core/corpus/normalize core/corpus/mjd core/corpus/matcher
for f in "$root"/dictionaries/default.txt "$root"/examples/dictionary.txt; do [[ -f $f ]] && cp -f "$f" core/corpus/dictionary/; done
for f in "$root"/examples/documents/*.txt; do cp -f "$f" core/corpus/normalize/; done
for t in pdf font_program docx sniff_extract xls ppt odf mail json csv xml svg epub rtf tar compressed sevenz media picture text xlsx pptx ofd html doc zip gateway_intake; do
  echo "corpus/$t: $(ls corpus/$t | wc -l) files" >&2
done
