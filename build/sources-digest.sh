#!/bin/sh
# Prints the sha256 of what the build program is made of: every file under build/ (bin/ and obj/ aside) and
# global.json, by content and path. ./build.sh compares it with the one recorded beside the compiled program, which
# the project writes after every compile (dotnet build included), to know whether to compile again.
# Usage: build/sources-digest.sh REPOSITORY-ROOT
set -eu
cd "$1"
find build global.json \( -path build/bin -o -path build/obj \) -prune -o -type f -print0 \
  | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
