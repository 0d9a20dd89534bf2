#!/usr/bin/env bash
# Measures what the fleet's CPU model costs the aarch64 soak: both soak streams of the corpus decoded under qemu with
# its default CPU ("max", as Compat ran before) and with the fleet's model (build/Compat/FleetCpu.cs), alternating,
# several times, and prints the medians and their ratio against the budget (the model may cost at most 10 %).
# The library is Debian's libopenh264-7:arm64 (a real previous library, fetched with apt-get download), the harness is
# native/harness cross-compiled; the time is the decode's CPU time as the harness measures it (library load
# excluded), so a busy machine inflates it less than the wall clock (both are printed).
# Usage: bench/soak-cpu-model.sh [REPEATS]   (default 5; the soak streams must be in artifacts/cache/corpus: run
# ./build.sh Compat --arch aarch64 once). It needs qemu-aarch64-static, aarch64-linux-gnu-gcc, apt-get, bc.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}"
model=$(grep -oP 'QemuModel = "\K[^"]+' build/Compat/FleetCpu.cs)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in qemu-aarch64-static aarch64-linux-gnu-gcc bc apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 2; }
done
mapfile -t streams < <(find artifacts/cache/corpus -name 'soak-*.h264' | sort)
[ "${#streams[@]}" -gt 0 ] || { echo "no soak streams in artifacts/cache/corpus: run ./build.sh Compat --arch aarch64 first" >&2; exit 2; }

(cd "$work" && apt-get download -q libopenh264-7:arm64 libopenh264-dev >/dev/null)
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
library=$(find "$work/root" -name libopenh264.so.7 | head -n 1)
include=$(dirname "$(find "$work/root" -name codec_api.h | head -n 1)")
aarch64-linux-gnu-gcc -O2 -I "$include" -o "$work/h264harness" native/harness/h264harness.c -ldl

# One decode of every soak stream; prints "CPU_SECONDS WALL_SECONDS".
decode_all() {
  local cpu=0 wall=0 line
  for stream in "${streams[@]}"; do
    line=$(qemu-aarch64-static -cpu "$1" -L /usr/aarch64-linux-gnu "$work/h264harness" decode "$library" "$stream" | tail -n 1)
    cpu=$(echo "$cpu + $(grep -oP 'cpu_micros=\K[0-9]+' <<<"$line") / 1000000" | bc -l)
    wall=$(echo "$wall + $(grep -oP ' micros=\K[0-9]+' <<<"$line") / 1000000" | bc -l)
  done
  printf '%.2f %.2f\n' "$cpu" "$wall"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); ${#streams[@]} soak streams; $repeats runs per model, alternating"
for i in $(seq "$repeats"); do
  read -r c w < <(decode_all max); echo "$c $w" >>"$work/max"; echo "run $i  max:         cpu $c s  wall $w s"
  read -r c w < <(decode_all "$model"); echo "$c $w" >>"$work/model"; echo "run $i  $model:  cpu $c s  wall $w s"
done
before=$(cut -d' ' -f1 "$work/max" | median); after=$(cut -d' ' -f1 "$work/model" | median)
before_wall=$(cut -d' ' -f2 "$work/max" | median); after_wall=$(cut -d' ' -f2 "$work/model" | median)
ratio=$(echo "$after / $before" | bc -l)
printf '%-44s %8.2f s CPU (wall %.2f s)\n' "aarch64 soak, qemu -cpu max (before), median" "$before" "$before_wall"
printf '%-44s %8.2f s CPU (wall %.2f s)\n' "aarch64 soak, qemu -cpu $model (after), median" "$after" "$after_wall"
printf '%-44s %8.3f    budget 1.10   of budget %.2f\n' "after / before" "$ratio" "$(echo "$ratio / 1.10" | bc -l)"
