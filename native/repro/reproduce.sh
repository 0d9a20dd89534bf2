#!/bin/sh
# Reproduces a decoding difference of libopenh264 found by the compatibility check, on any Debian-like machine:
# builds the harness with this machine's compilers, decodes the stream with the library (natively on aarch64, else
# under qemu-aarch64 on the fleet's CPU model), and compares every picture with the expected digests.
#
#   ./reproduce.sh                   the candidate library of this bundle (lib/candidate)
#   ./reproduce.sh --library PATH    another libopenh264.so.7 (the baseline in lib/baseline, upstream's latest, ...)
#
# Exit status: 1 the bug shows (a picture differs, the count differs, or the library crashed); 0 every picture
# equals the expected one; 2 a setup problem (a missing tool, a bad path, a damaged bundle): never a verdict.
set -u

here=$(cd "$(dirname "$0")" && pwd) || exit 2
setup() { echo "reproduce.sh: setup problem: $*" >&2; exit 2; }

[ -f "$here/bundle.env" ] || setup "bundle.env is missing: is this a complete bundle?"
. "$here/bundle.env"

library="$here/lib/candidate/libopenh264.so.7"
while [ $# -gt 0 ]; do
  case "$1" in
    --library) [ $# -ge 2 ] || setup "--library needs a path"; library=$2; shift 2 ;;
    --library=*) library=${1#--library=}; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) setup "unknown argument '$1' (usage: ./reproduce.sh [--library PATH])" ;;
  esac
done
case "$library" in /*) ;; *) library="$PWD/$library" ;; esac
[ -f "$library" ] || setup "no library at $library"

# The tools first, with the Debian package that has each.
missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need gcc gcc
need sha256sum coreutils
host=$(uname -m)
runner=""
compiler=gcc
case "$ARCH:$host" in
  aarch64:aarch64|aarch64:arm64|x86_64:x86_64) ;;
  aarch64:*)
    compiler=aarch64-linux-gnu-gcc
    need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
    [ -e /usr/aarch64-linux-gnu/include/stdio.h ] || missing="$missing libc6-dev-arm64-cross"
    [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || missing="$missing libc6-arm64-cross"
    [ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || missing="$missing libstdc++6-arm64-cross"
    qemu=$(command -v qemu-aarch64 || command -v qemu-aarch64-static) || missing="$missing qemu-user"
    runner="${qemu:-qemu-aarch64} -cpu $CPU_MODEL -L /usr/aarch64-linux-gnu" ;;
  *) setup "this bundle's library is for $ARCH; this machine is $host" ;;
esac
[ -z "$missing" ] || setup "missing tools; install them with: sudo apt-get install$missing"

stream="$here/$STREAM_FILE"
if [ ! -f "$stream" ]; then
  [ -x "$here/make-stream.sh" ] || setup "the stream $STREAM_FILE is missing"
  command -v ffmpeg >/dev/null 2>&1 || setup "the stream is made by ./make-stream.sh, which needs ffmpeg ($FFMPEG_VERSION): sudo apt-get install ffmpeg"
  "$here/make-stream.sh" || setup "./make-stream.sh could not make the stream bit for bit"
fi
(cd "$here" && sha256sum --quiet --check SHA256SUMS) || setup "a file of the bundle does not match SHA256SUMS"

work=$(mktemp -d) || setup "cannot make a temporary folder"
trap 'rm -rf "$work"' EXIT
"$compiler" -O2 -I "$here/include" -o "$work/h264harness" "$here/harness/h264harness.c" -ldl 2>"$work/cc.txt" \
  || setup "compiling the harness with $compiler failed: $(head -n 3 "$work/cc.txt")"
gcc -O2 -o "$work/firstmb" "$here/firstmb.c" 2>"$work/cc.txt" || setup "compiling firstmb.c failed: $(head -n 3 "$work/cc.txt")"

echo "Decoding $STREAM_NAME ($ARCH${runner:+, under qemu on the $CPU_NAME}) with $library"
# shellcheck disable=SC2086 # the runner is a command with its arguments
$runner "$work/h264harness" decode "$library" "$stream" >"$work/actual.txt" 2>"$work/errors.txt"
status=$?
case $status in
  0) ;;
  2|3) setup "the harness could not run the library: $(head -n 1 "$work/errors.txt")" ;;
esac

# The first picture that differs, as "FRAME PLANE EXPECTED ACTUAL W H", or "COUNT EXPECTED ACTUAL", or "EQUAL N".
verdict=$(awk '
  NR == FNR { if ($1 == "frame") { e[$2] = $0; ne++ } next }
  $1 == "frame" {
    na++
    if (found || !($2 in e)) next
    split(e[$2], x, " ")
    if (x[3] != $3 || x[4] != $4) { print $2, "size", x[3] "x" x[4], $3 "x" $4, $3, $4; found = 1 }
    else if (x[5] != $5) { print $2, "Y", x[5], $5, $3, $4; found = 1 }
    else if (x[6] != $6) { print $2, "U", x[6], $6, $3, $4; found = 1 }
    else if (x[7] != $7) { print $2, "V", x[7], $7, $3, $4; found = 1 }
  }
  END { if (!found) print (ne == na ? "EQUAL " na : "COUNT " ne " " na) }
' "$here/expected-digests.txt" "$work/actual.txt")
set -- $verdict

crash=""
if [ "$status" -gt 128 ]; then
  signal=$((status - 128))
  crash="the library crashed (signal $signal) after $(grep -c '^frame ' "$work/actual.txt") pictures"
  if [ "$signal" = 4 ] && [ "$ARCH" = aarch64 ]; then crash="$crash: illegal instruction on the $CPU_NAME (an instruction newer than Armv8.0)"; fi
elif [ "$status" -ne 0 ]; then
  crash="the harness ended with status $status"
fi

case "$1" in
  EQUAL)
    if [ -n "$crash" ]; then echo "BUG: $crash"; exit 1; fi
    echo "All $2 pictures equal the expected ones ($EXPECTED_FROM): the bug does not show with this library."
    exit 0 ;;
  COUNT)
    echo "BUG: the library gave $3 pictures where $2 are expected; the ones it gave are equal${crash:+; $crash}"
    exit 1 ;;
esac

frame=$1 plane=$2 expected=$3 actual=$4 width=$5 height=$6
where="macroblock column unknown"
if [ "$plane" != size ]; then
  # The pictures themselves, to name the macroblock: the baseline's (when it gives the expected picture) and this library's.
  $runner "$work/h264harness" decode "$here/lib/baseline/libopenh264.so.7" "$stream" --raw "$work/expected.yuv" \
    --raw-from "$frame" --frames $((frame + 1)) >"$work/baseline.txt" 2>/dev/null
  $runner "$work/h264harness" decode "$library" "$stream" --raw "$work/actual.yuv" \
    --raw-from "$frame" --frames $((frame + 1)) >/dev/null 2>&1
  if grep -qx "$(grep "^frame $frame " "$here/expected-digests.txt")" "$work/baseline.txt" \
     && mb=$("$work/firstmb" "$width" "$height" "$work/expected.yuv" "$work/actual.yuv"); then
    set -- $mb
    where="macroblock column $3 (row $2) of plane $1"
  fi
fi
echo "BUG: first differing frame $frame, plane $plane, $where"
echo "  expected $plane digest: $expected ($EXPECTED_FROM)"
echo "  actual   $plane digest: $actual"
[ -z "$crash" ] || echo "  then $crash"
exit 1
