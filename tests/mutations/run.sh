#!/usr/bin/env bash
# A small mutation check: breaks one promise at a time in a temporary copy of the tree (never in the checkout),
# runs the tests that should catch it through that copy's ./build.sh Test, and prints caught or MISSED.
#
#   tests/mutations/run.sh                  every mutation in tests/mutations/mutations.tsv
#   tests/mutations/run.sh --all            the same, and the results table (results.md in the log folder) naming the
#                                           trees it ran on: git rev-parse HEAD:build and HEAD:tests (and the two
#                                           folders of tests/ that a README edit leaves alone)
#   tests/mutations/run.sh --all NAME ...   only the named ones, into the same table: with MUTATION_LOGS kept, a table
#                                           of the same trees is carried on (its caught rows are not run again), so
#                                           the whole table may be filled over several sittings or resumed after a stop
#   tests/mutations/run.sh masking-off ...  only the named ones
#   tests/mutations/run.sh --list           names, files and filters
#
# A mutation is "caught" only when the same filter first passes on the unmutated copy, and then a test the row's filter
# names fails on the mutated one (read from the TRX). For the rows whose catcher is the Test target's own check that
# the tests left the checkout's artifacts alone, that check's failure counts. "MISSED" when the mutated run passed or
# only tests the row does not name failed; "unmutated-fails" when the filter fails without the mutation (it proves
# nothing); "not-applied" when the expression no longer matches the file (the code moved: update mutations.tsv);
# "error" otherwise (see the log). The unmutated run of a filter is made once per invocation and shared by its rows.
# Exits 0 when every selected row was caught, 1 otherwise. Caches that are content-addressed are shared with the
# checkout; verdicts are not.
# Logs: <name>.log in $MUTATION_LOGS (default: a new folder under $TMPDIR, printed first), never in the checkout's
# artifacts/: a row that drops a [Secret] makes the mutated build print the run's secrets, and what lies under
# artifacts/ is what CI uploads and tests leave alone.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TABLE="$ROOT/tests/mutations/mutations.tsv"

mutations() { grep -v '^#' "$TABLE" | grep -v '^[[:space:]]*$'; }

if [[ "${1:-}" == "--list" ]]; then
    mutations | awk -F'\t' '{ printf "%-44s %-40s %s\n", $1, $2, $4 }'
    exit 0
fi
all=false
if [[ "${1:-}" == "--all" ]]; then
    all=true
    shift
    # The table names HEAD's trees: what ran must be them (the copies take the working tree as it is).
    if [[ -n "$(cd "$ROOT" && git status --porcelain -- build tests ':!tests/README.md')" ]]; then
        echo "run.sh --all: build/ or tests/ has uncommitted changes; commit them first (the table names HEAD's trees)" >&2
        exit 2
    fi
fi

LOGS=${MUTATION_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/mutation-logs-XXXXXX")}
mkdir -p "$LOGS"
echo "Logs: $LOGS"

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

# The names of the tests that failed in a run, one a line, from the TRX the Test target wrote in the copy.
failed_tests() {
    local trx=$1/artifacts/test-results/tests.trx
    [[ -f "$trx" ]] || return 0
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).getroot().iter():
    if e.tag.endswith('UnitTestResult') and e.get('outcome') == 'Failed':
        print(e.get('testName'))
PY
}

# Whether a failed test is one the filter names (each FullyQualifiedName~X or Name~X term of it).
named_by_filter() {
    local filter=$1 failed=$2 term
    local -a terms
    IFS='|&' read -ra terms <<< "$filter"
    for term in "${terms[@]}"; do
        term=${term#*~}; term=${term#*=}; term=${term//[()]/}
        [[ -n "$term" && "$failed" == *"$term"* ]] && return 0
    done
    return 1
}

# One copy for the whole invocation, made once: each row mutates it, runs its tests, and puts the file back, so
# every build after the first is incremental (the build program's sources changed in one file; the test project is
# compiled again only when the build's public surface changed). Untracked files a run leaves are cleaned away; bin/,
# obj/ and artifacts/ (ignored) stay.
COPY=""
reset_copy() { # never in a subshell: it sets COPY
    if [[ -z "$COPY" ]]; then
        COPY=$(mktemp -d "${TMPDIR:-/tmp}/mutation-copy-XXXXXX")
        trap 'rm -rf "$COPY"' EXIT
        make_copy "$COPY"
    fi
    git -C "$COPY" checkout -q -- . && git -C "$COPY" clean -fdq
}

all_tests() { # every test the run's TRX holds, one per line, "outcome name"
    local trx=$1/artifacts/test-results/tests.trx
    [[ -f "$trx" ]] || return 0
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).getroot().iter():
    if e.tag.endswith('UnitTestResult'):
        print(e.get('outcome'), e.get('testName'))
PY
}

declare -A unmutated=()
# Every row's filter, unmutated, in one run of all their tests together (rather than one run per filter): a filter
# passes when a test it names ran and none it names failed.
unmutated_together() {
    local -a filters=("$@")
    local union log="$LOGS/unmutated.log" results filter outcome test ran failed
    union=$(printf '%s\n' "${filters[@]}" | tr '|' '\n' | sort -u | paste -sd '|')
    reset_copy
    rm -f "$COPY/artifacts/test-results/tests.trx"
    (cd "$COPY" && ./build.sh Test --test-filter "$union") > "$log" 2>&1
    results=$(all_tests "$COPY")
    for filter in "${filters[@]}"; do
        ran=false failed=false
        while read -r outcome test; do
            [[ -n "$test" ]] && named_by_filter "$filter" "$test" || continue
            ran=true
            [[ "$outcome" == Failed ]] && failed=true
        done <<< "$results"
        if $ran && ! $failed; then unmutated[$filter]=pass; else unmutated[$filter]=fail; fi
    done
}

unmutated_passes() {
    local filter=$1 log=$2
    if [[ -z "${unmutated[$filter]:-}" ]]; then
        reset_copy
        if (cd "$COPY" && ./build.sh Test --test-filter "$filter") > "$log.unmutated" 2>&1; then unmutated[$filter]=pass
        else unmutated[$filter]=fail; fi
    fi
    [[ "${unmutated[$filter]}" == pass ]]
}

run_one() {
    local name=$1 file=$2 expression=$3 filter=$4
    local copy log
    log="$LOGS/$name.log"
    reset_copy
    perl -0pi -e "$expression" "$COPY/$file"
    if git -C "$COPY" diff --quiet -- "$file"; then
        RESULT="not-applied"
        return
    fi
    if ! unmutated_passes "$filter" "$log"; then
        RESULT="unmutated-fails"
        return
    fi
    reset_copy
    copy=$COPY
    perl -0pi -e "$expression" "$copy/$file"
    { echo "mutation: $name ($file)"; git -C "$copy" diff -- "$file"; echo "filter: $filter"; echo; } > "$log"
    rm -f "$copy/artifacts/test-results/tests.trx"
    (cd "$copy" && ./build.sh Test --test-filter "$filter") >> "$log" 2>&1
    local code=$? failed named=""
    failed=$(failed_tests "$copy")
    while IFS= read -r test; do
        [[ -n "$test" ]] && named_by_filter "$filter" "$test" && named+="$test;"
    done <<< "$failed"
    { echo; echo "failed tests the row names: ${named:-none}"; } >> "$log"
    if [[ $code -eq 0 ]]; then RESULT="MISSED"
    elif [[ -n "$named" ]]; then RESULT="caught"
    elif grep -q "The tests changed the checkout's own artifacts" "$log"; then RESULT="caught"
    elif [[ -n "$failed" ]]; then RESULT="MISSED"
    else RESULT="error"
    fi
}

declare -a wanted=("$@")
results="$LOGS/results.md"
trees() {
    echo "- \`git rev-parse HEAD:build\` $(cd "$ROOT" && git rev-parse HEAD:build)"
    echo "- \`git rev-parse HEAD:tests\` $(cd "$ROOT" && git rev-parse HEAD:tests)"
    echo "- \`git rev-parse HEAD:tests/Pipeline.Tests\` $(cd "$ROOT" && git rev-parse HEAD:tests/Pipeline.Tests)," \
         "\`HEAD:tests/mutations\` $(cd "$ROOT" && git rev-parse HEAD:tests/mutations) (unchanged by pasting this table)"
}
if $all; then
    # A table of the same trees in the log folder is carried on: its caught rows are not run again, so an --all run
    # that was stopped resumes where it stopped (MUTATION_LOGS names the folder). A table of other trees starts anew.
    # HEAD:tests is left out of the comparison: pasting the table into tests/README.md changes it, and nothing else.
    if [[ -f "$results" ]] && [[ "$(grep -v 'HEAD:tests`' "$results" | grep '^- `git rev-parse')" == "$(trees | grep -v 'HEAD:tests`')" ]]; then
        echo "Carrying on $results: its caught rows are not run again"
        grep -v '^| `' "$results" > "$results.kept"
        grep '^| `[^`]*` | caught |' "$results" >> "$results.kept"
        mv "$results.kept" "$results"
    else
        {
            echo "Mutations run with \`tests/mutations/run.sh --all\` (started $(date -u +%Y-%m-%dT%H:%MZ)):"
            echo
            trees
            echo
            echo "| mutation | result | filter |"
            echo "|---|---|---|"
        } > "$results"
    fi
fi
recorded() { $all && grep -qF "| \`$1\` | caught |" "$results"; }
selected() { [[ ${#wanted[@]} -eq 0 || " ${wanted[*]} " == *" $1 "* ]] && ! recorded "$1"; }
mapfile -t filters < <(mutations | while IFS=$'\t' read -r name _ _ filter; do selected "$name" && echo "$filter"; done \
    | sort -u)
[[ ${#filters[@]} -gt 1 ]] && unmutated_together "${filters[@]}"
printf '%-44s %-16s %s\n' "mutation" "result" "tests run"
not_caught=0
while IFS=$'\t' read -r name file expression filter; do
    selected "$name" || continue
    run_one "$name" "$file" "$expression" "$filter" >/dev/null
    result=$RESULT
    printf '%-44s %-16s %s\n' "$name" "$result" "$filter"
    [[ "$result" == caught ]] || not_caught=$((not_caught + 1))
    if $all; then echo "| \`$name\` | $result | \`$filter\` |" >> "$results"; fi
done < <(mutations)
if $all; then
    missing=$(mutations | while IFS=$'\t' read -r name _; do grep -qF "| \`$name\` | caught |" "$results" || echo "$name"; done)
    echo "Results table: $results ($(grep -c '^| `[^`]*` | caught |' "$results") of $(mutations | wc -l) rows caught${missing:+; not yet: $(echo $missing)})"
fi
[[ $not_caught -eq 0 ]]
