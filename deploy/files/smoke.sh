#!/bin/sh
# Checks the smoke program, its stream and the digests recorded at build time against the sha256 the controller
# took from the verified release, before running anything; then decodes the stream with the installed library and
# compares every picture's digest with the recorded ones. Then lists the processes that still map the old library,
# and prints "installed=<version>" last.
state="$1"; arch="$2"; program_sha="$3"; stream_sha="$4"; digests_sha="$5"; runner="$6"
fail() { echo "error: $*"; exit 1; }
triplet=$([ "$arch" = amd64 ] && echo x86_64-linux-gnu || echo aarch64-linux-gnu)
smoke="/usr/lib/$triplet/openh264-fleet-smoke"
expected="$state/bundle/expected-$arch.txt"
for pair in "$smoke/h264harness $program_sha" "$smoke/smoke.h264 $stream_sha" "$expected $digests_sha"; do
  file=${pair% *}; want=${pair##* }
  got=$(sha256sum "$file" 2>/dev/null | cut -d' ' -f1)
  [ "$got" = "$want" ] || fail "$file has sha256 ${got:-none}, the signed release says $want: not run"
done
$runner "$smoke/h264harness" decode "/usr/lib/$triplet/libopenh264.so.7" "$smoke/smoke.h264" > "$state/smoke-output.txt" 2> "$state/smoke-errors.txt"
code=$?
[ "$code" -eq 0 ] || fail "smoke decode exited with $code: $(tail -n 1 "$state/smoke-errors.txt")"
grep '^frame ' "$state/smoke-output.txt" > "$state/smoke-actual.txt"
awk -v arch="$arch" 'NR == FNR { want[FNR] = $0; n = FNR; next }
  { got = FNR; if ($0 != want[FNR]) { split($0, f, " "); print "error: picture " f[2] " differs from the digest recorded at build time for " arch; bad = 1; exit 1 } }
  END { if (bad) exit 1; if (got != n) { print "error: " got + 0 " pictures decoded, " n " recorded at build time for " arch; exit 1 }
        print "smoke: " n " pictures match" }' "$expected" "$state/smoke-actual.txt" || exit 1
for maps in /proc/[0-9]*/maps; do
  grep -q 'libopenh264\.so.* (deleted)' "$maps" 2>/dev/null || continue
  pid=${maps#/proc/}; pid=${pid%/maps}
  echo "old-library: $pid $(cat /proc/$pid/comm 2>/dev/null)"
done
echo "installed=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch")"
