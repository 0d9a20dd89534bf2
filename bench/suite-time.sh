#!/usr/bin/env bash
# Measures ./build.sh Test, the whole suite with warm caches (images, ccache, downloads, corpus, decode digests), and
# prints each run's wall time against the budget: the median of the runs <= 600 s on a 2-core machine (the last
# column is the figure as a share of the budget: <= 1.00 meets it). The Test target prints the suite's own wall time
# and its ten slowest tests; both are kept per run in artifacts/bench-suite/.
# The machine may be shared: the load average before and after is printed with the figures.
# Usage: bench/suite-time.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
budget=600
logs=artifacts/bench-suite
mkdir -p "$logs"
command -v bc >/dev/null || { echo "bench needs bc (apt-get install bc)" >&2; exit 2; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
times=()
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  ./build.sh Test > "$logs/run-$run.log" 2>&1 || { tail -30 "$logs/run-$run.log"; echo "run $run failed" >&2; exit 1; }
  wall=$(echo "$(date +%s.%N) - $start" | bc -l)
  times+=("$wall")
  suite=$(grep -oP 'Test suite wall time: \K[0-9]+' "$logs/run-$run.log" | tail -n 1)
  printf 'run %d: ./build.sh Test %7.1f s (the suite itself %s s)  %.2f of budget\n' "$run" "$wall" "$suite" "$(echo "$wall / $budget" | bc -l)"
  sed -n '/^Slowest tests:/,/^[0-9]* passed/p' "$logs/run-$run.log" | sed '$d' > "$logs/slowest-$run.txt"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
printf '%-60s %9.1f s  budget %5d s  %.2f of budget\n' "./build.sh Test, median of $runs warm runs" "$median" "$budget" \
  "$(echo "$median / $budget" | bc -l)"
cat "$logs/slowest-$runs.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
