#!/usr/bin/env bash
# A small mutation check: breaks one promise at a time in a temporary copy of the tree (never in the checkout),
# runs the tests that should catch it through that copy's ./build.sh Test, and prints caught or MISSED.
#
#   tests/mutations/run.sh                  every mutation in tests/mutations/mutations.tsv
#   tests/mutations/run.sh masking-off ...  only the named ones
#   tests/mutations/run.sh --list           names, files and filters
#
# A mutation is "caught" when the filtered tests ran and at least one failed (or the Test target's own check that
# the tests left the checkout's artifacts alone failed); "MISSED" when they all passed; "not-applied" when the
# expression no longer matches the file (the code moved: update mutations.tsv); "error" otherwise (see the log).
# Logs: artifacts/mutations/<name>.log. Caches that are content-addressed are shared with the checkout; verdicts are not.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TABLE="$ROOT/tests/mutations/mutations.tsv"
LOGS="$ROOT/artifacts/mutations"
mkdir -p "$LOGS"

mutations() { grep -v '^#' "$TABLE" | grep -v '^[[:space:]]*$'; }

if [[ "${1:-}" == "--list" ]]; then
    mutations | awk -F'\t' '{ printf "%-44s %-40s %s\n", $1, $2, $4 }'
    exit 0
fi

# A copy of the files git knows (as they are in the working tree), its own git repository, the shared caches linked.
make_copy() {
    local copy=$1
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) \
        | tar -C "$copy" -xf -
    [[ -d "$ROOT/.nuke/temp" ]] && ln -s "$ROOT/.nuke/temp" "$copy/.nuke/temp"
    mkdir -p "$copy/artifacts/cache" "$ROOT/artifacts/cache"
    local name
    for name in downloads ccache corpus baseline images compile patched $(ls "$ROOT/artifacts/cache"); do
        [[ "$name" == *-verdict || "$name" == *.partial-* || "$name" == run-stamp || -e "$copy/artifacts/cache/$name" ]] && continue
        mkdir -p "$ROOT/artifacts/cache/$name"
        ln -s "$ROOT/artifacts/cache/$name" "$copy/artifacts/cache/$name"
    done
    git -C "$copy" init -q -b main
    git -C "$copy" add -A
    git -C "$copy" -c user.name=Mutation -c user.email=mutation@example.org commit -q --no-verify -m "mutation copy"
}

run_one() {
    local name=$1 file=$2 expression=$3 filter=$4
    local copy log
    copy=$(mktemp -d "${TMPDIR:-/tmp}/mutation-$name-XXXXXX")
    log="$LOGS/$name.log"
    make_copy "$copy"
    cp "$copy/$file" "$copy/$file.orig"
    perl -0pi -e "$expression" "$copy/$file"
    if cmp -s "$copy/$file" "$copy/$file.orig"; then
        echo "not-applied"
        rm -rf "$copy"
        return
    fi
    rm "$copy/$file.orig"
    { echo "mutation: $name ($file)"; diff <(git -C "$copy" show "HEAD:$file") "$copy/$file"; echo "filter: $filter"; echo; } > "$log"
    (cd "$copy" && ./build.sh Test --test-filter "$filter") >> "$log" 2>&1
    local code=$?
    if [[ $code -eq 0 ]]; then echo "MISSED"
    elif grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed' "$log"; then echo "caught"
    elif grep -q "The tests changed the checkout's own artifacts" "$log"; then echo "caught"
    else echo "error"
    fi
    rm -rf "$copy"
}

declare -a wanted=("$@")
printf '%-44s %-12s %s\n' "mutation" "result" "tests run"
while IFS=$'\t' read -r name file expression filter; do
    if [[ ${#wanted[@]} -gt 0 && ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
    result=$(run_one "$name" "$file" "$expression" "$filter")
    printf '%-44s %-12s %s\n' "$name" "$result" "$filter"
done < <(mutations)
