#!/bin/sh
# Pre-checks before anything changes on a host: architecture, free space, a consistent dpkg database, dpkg-repack.
arch="$1"; state="$2"; min_kib="$3"
fail() { echo "$*" >&2; exit 1; }
if [ "$(dpkg --print-architecture)" != "$arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  fail "host architecture $(dpkg --print-architecture) does not run $arch packages"
fi
mkdir -p "$state/keep" "$state/apt" || fail "cannot create $state"
for dir in "$state" /usr /var/cache/apt/archives; do
  free=$(df -Pk "$dir" | awk 'NR==2 {print $4}')
  [ "$free" -ge "$min_kib" ] || fail "not enough free space in $dir: ${free} KiB free, ${min_kib} KiB needed"
done
audit=$(dpkg --audit 2>&1) || true
[ -z "$audit" ] || fail "dpkg --audit reports a broken package database: $(echo "$audit" | head -n 1)"
command -v dpkg-repack >/dev/null || fail "dpkg-repack is not installed: the installed package cannot be kept for rollback"
dpkg-query -W "libopenh264-7:$arch" >/dev/null 2>&1 || fail "libopenh264-7:$arch is not installed"
echo "pre-checks passed"
