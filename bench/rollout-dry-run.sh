#!/usr/bin/env bash
# Measures the rollout's plan on a 14,000-host inventory (10,000 srv-* amd64, 4,000 pi-* arm64) against its budget:
# ./build.sh Rollout --dry-run may take at most 10 s more than ansible-inventory takes to read the same inventory.
# Usage: bench/rollout-dry-run.sh [release folder] [release public key]   (default: artifacts/dist, native/release.pub)
# It contacts no host: a dry run verifies the release, reads the inventory, writes the plan.
set -euo pipefail
cd "$(dirname "$0")/.."
release="${1:-artifacts/dist}"
key="${2:-native/release.pub}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v bc >/dev/null || { echo "bench needs bc (apt-get install bc)" >&2; exit 2; }

{ echo "[amd64]"; for i in $(seq -w 1 10000); do echo "srv-$i ansible_host=10.1.$((10#$i / 250)).$((10#$i % 250 + 1))"; done
  echo "[arm64]"; for i in $(seq -w 1 4000); do echo "pi-$i ansible_host=10.2.$((10#$i / 250)).$((10#$i % 250 + 1))"; done
} > "$work/fleet.ini"

now() { date +%s.%N; }
t0=$(now); ansible-inventory -i "$work/fleet.ini" --list > /dev/null; t1=$(now)
./build.sh Rollout --inventory "$work/fleet.ini" --release "$release" --public-key "$key" \
  --ledger "$work/ledger.json" --dry-run > "$work/dry-run.log" 2>&1 || { tail -20 "$work/dry-run.log"; exit 1; }
t2=$(now)
inventory=$(echo "$t1 - $t0" | bc -l)
dry=$(echo "$t2 - $t1" | bc -l)
extra=$(echo "$dry - $inventory" | bc -l)
printf '%-58s %8.2f s\n' "ansible-inventory --list (14,000 hosts)" "$inventory"
printf '%-58s %8.2f s\n' "./build.sh Rollout --dry-run (14,000 hosts)" "$dry"
printf '%-58s %8.2f s   budget 10 s   of budget %.2f\n' "dry run beyond reading the inventory" "$extra" "$(echo "$extra / 10" | bc -l)"
grep -E "wave " "$work/dry-run.log" | sed 's/^.*wave /  wave /'
