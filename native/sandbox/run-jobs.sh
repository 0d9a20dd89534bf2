#!/bin/sh
# Runs the harness once per line of a jobs file, each in a process of its own (a library's static state must not
# carry over from one stream to the next) with an empty environment (not even the PWD this shell exports), and records what each run printed and how it ended:
#   /sandbox/out/NAME.out (the harness's stdout), NAME.err, NAME.exit (its exit status; 124: over the time limit).
# While a job runs, its count of decoded pictures (the harness's "frame" lines so far) is printed every 2 s as
# "progress NAME COUNT" on this script's stderr, which the build follows for its progress lines (the sandbox's stdout
# carries only the tar of /sandbox/out; progress lines are kept out of the failure log).
# Usage: run-jobs.sh SECONDS JOBS-FILE HARNESS-COMMAND...
#   each line of JOBS-FILE: NAME ARGUMENTS... (no quoting: every path is a /sandbox/... path without spaces)
set -u
seconds=$1
jobs=$2
shift 2
progress() {
  printf 'progress %s %s\n' "$1" "$(grep -c '^frame ' "/sandbox/out/$1.out" 2>/dev/null)" >&2
}
while read -r name arguments; do
  [ -n "$name" ] || continue
  (while sleep 2; do progress "$name"; done) &
  reporter=$!
  # shellcheck disable=SC2086 # the arguments are split on purpose
  timeout -k 5 "$seconds" env -i "$@" $arguments >"/sandbox/out/$name.out" 2>"/sandbox/out/$name.err" </dev/null
  echo $? >"/sandbox/out/$name.exit"
  kill "$reporter" 2>/dev/null
  progress "$name"
done <"$jobs"
