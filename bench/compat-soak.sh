#!/usr/bin/env bash
# Measures the Compat target with the soak (both arches, streams and libraries cached, the verdict cache emptied so
# that everything is really decoded) and prints it against its budget and two references:
#   - the budget: the whole Compat target, soak included, both arches, <= 240 s warm on a 2-core machine;
#   - "today": Compat as it was before the soak, measured on a reference commit (--reference-commit REV, in a
#     temporary worktree sharing this checkout's caches) or, without it, this code's own --compat-quick run (the
#     same corpus minus the soak);
#   - the limit: the raw decode time of the same streams (every decode of both libraries on both arches, as the
#     harness timed it, spread over the cores), what no amount of plumbing can beat.
# The machine may be shared: the numbers are only as quiet as the machine is (the load average is printed).
# Usage: bench/compat-soak.sh [--reference-commit REV]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
reference=""
[ "${1:-}" = "--reference-commit" ] && reference="${2:?--reference-commit needs a revision}"
work=$(mktemp -d)
cleanup() {
  [ -n "$reference" ] && git worktree remove --force "$work/reference" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v bc >/dev/null || { echo "bench needs bc (apt-get install bc)" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench needs jq (apt-get install jq)" >&2; exit 2; }

# The Compat row of the build's summary table ("Compat  Succeeded  93.4 s").
compat_seconds() { grep -oP '^\s*Compat\s+\S+\s+\K[0-9.]+(?= s)' "$1" | tail -n 1; }
build_in() { (cd "$1" && shift && ./build.sh "$@") > "$work/last.log" 2>&1 || { tail -20 "$work/last.log"; exit 1; }; }
timed_compat() { # folder, arguments...: a fresh check (no reused verdict) of Compat, in seconds
  local folder=$1; shift
  rm -rf "$folder/artifacts/cache/compat-verdict"
  build_in "$folder" Compat "$@"
  compat_seconds "$work/last.log"
}

build_in "$root" Compat                    # warm: libraries compiled, streams generated, oracle digests kept
quick=$(timed_compat "$root" --compat-quick)
full=$(timed_compat "$root")
# Every decode's own time (baseline and candidate, both arches), spread over the cores: the floor.
decode=$(jq -s '[.[].streams[] | select(.kind == "decode") | (.candidateDecodeSeconds // 0) + (.baselineDecodeSeconds // 0)] | add' \
  artifacts/reports/compat-x86_64.json artifacts/reports/compat-aarch64.json)
limit=$(echo "$decode / $(nproc)" | bc -l)
soak=$(jq -r '"\(.arch): \(.soak.frames) soak pictures, \(.soak.framesPerSecond) frames/s"' artifacts/reports/compat-*.json | paste -sd ';' -)

today=$quick
today_label="this code's --compat-quick (today's corpus)"
if [ -n "$reference" ]; then
  git worktree add --detach "$work/reference" "$reference" >/dev/null 2>&1
  mkdir -p "$work/reference/artifacts"
  ln -s "$root/artifacts/cache" "$work/reference/artifacts/cache"
  build_in "$work/reference" Compat        # its own verdicts and corpus folders
  today=$(timed_compat "$work/reference")
  today_label="Compat at $(git rev-parse --short "$reference")"
fi

echo
echo "Compat soak benchmark ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); a shared machine makes this noisy)"
printf '%-62s %8.1f s\n' "Compat, soak included, both arches" "$full"
printf '%-62s %8.1f s   ratio %.2f (budget 240 s: %.2f of it)\n' "  vs $today_label" "$today" "$(echo "$full / $today" | bc -l)" "$(echo "$full / 240" | bc -l)"
printf '%-62s %8.1f s   ratio %.2f\n' "  vs the raw decode time of the same streams / $(nproc) cores" "$limit" "$(echo "$full / $limit" | bc -l)"
printf '%-62s %8.1f s\n' "Compat --compat-quick (no soak)" "$quick"
echo "  $soak"
