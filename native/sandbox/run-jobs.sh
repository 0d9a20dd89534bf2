#!/bin/sh
# Runs the harness once per line of a jobs file, each in a process of its own (a library's static state must not
# carry over from one stream to the next) with an empty environment (not even the PWD this shell exports), and records what each run printed and how it ended:
#   /sandbox/out/NAME.out (the harness's stdout), NAME.err, NAME.exit (its exit status; 124: over the time limit).
# Usage: run-jobs.sh SECONDS JOBS-FILE HARNESS-COMMAND...
#   each line of JOBS-FILE: NAME ARGUMENTS... (no quoting: every path is a /sandbox/... path without spaces)
set -u
seconds=$1
jobs=$2
shift 2
while read -r name arguments; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086 # the arguments are split on purpose
  timeout -k 5 "$seconds" env -i "$@" $arguments >"/sandbox/out/$name.out" 2>"/sandbox/out/$name.err" </dev/null
  echo $? >"/sandbox/out/$name.exit"
done <"$jobs"
