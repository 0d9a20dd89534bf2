#!/bin/sh
# Decodes the smoke stream with the installed library and compares every picture's digest with the digests the
# build recorded for this architecture ($state/smoke-expected.txt).
state="$1"; library="$2"; smoke="$3"; arch="$4"; runner="$5"
$runner "$smoke/h264harness" decode "$library" "$smoke/smoke.h264" > "$state/smoke-output.txt" 2> "$state/smoke-errors.txt"
code=$?
[ "$code" -eq 0 ] || { echo "smoke decode exited with $code: $(tail -n 1 "$state/smoke-errors.txt")" >&2; exit 1; }
grep '^frame ' "$state/smoke-output.txt" > "$state/smoke-actual.txt"
awk -v arch="$arch" 'NR == FNR { want[FNR] = $0; n = FNR; next }
  { got = FNR; if ($0 != want[FNR]) { split($0, f, " "); print "smoke: picture " f[2] " differs from the digest recorded at build time for " arch > "/dev/stderr"; bad = 1; exit 1 } }
  END { if (!bad && got != n) { print "smoke: " got " pictures decoded, " n " recorded at build time for " arch > "/dev/stderr"; exit 1 }
        if (!bad) print "smoke: " n " pictures match" }' "$state/smoke-expected.txt" "$state/smoke-actual.txt"
