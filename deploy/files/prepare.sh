#!/bin/sh
# Before anything changes on a host: pre-checks (architecture, free space, a consistent dpkg database), then the
# installed libopenh264-7 is kept as a .deb (dpkg-repack) so a failed install can be undone without any network.
# Prints "installed=<version>" last.
arch="$1"; state="$2"; min_kib="$3"; target="$4"
# Errors go to stdout as "error: ..." lines: over ssh with a tty, stderr would arrive mixed into stdout anyway.
fail() { echo "error: $*"; exit 1; }
if [ "$(dpkg --print-architecture)" != "$arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  fail "host architecture $(dpkg --print-architecture) does not run $arch packages"
fi
mkdir -p "$state/keep" || fail "cannot create $state/keep"
for dir in "$state" /usr /var/cache/apt/archives; do
  free=$(df -Pk "$dir" | awk 'NR==2 {print $4}')
  [ "$free" -ge "$min_kib" ] || fail "not enough free space in $dir: ${free} KiB free, ${min_kib} KiB needed"
done
audit=$(dpkg --audit 2>&1) || true
[ -z "$audit" ] || fail "dpkg --audit reports a broken package database: $(echo "$audit" | head -n 1)"
command -v dpkg-repack >/dev/null || fail "dpkg-repack is not installed: the installed package cannot be kept for rollback"
installed=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch" 2>/dev/null) || fail "libopenh264-7:$arch is not installed"
if [ "$installed" != "$target" ]; then
  kept="$state/keep/libopenh264-7_$(echo "$installed" | sed 's/^[0-9]*://')_$arch.deb"
  if [ ! -s "$kept" ]; then
    # Made aside and renamed, so a host that drops off mid-way never leaves a half-written package to roll back to.
    rm -rf "$state/keep/.new" && mkdir -p "$state/keep/.new"
    ( cd "$state/keep/.new" && dpkg-repack "libopenh264-7:$arch" >/dev/null 2>&1 ) || fail "dpkg-repack could not keep libopenh264-7:$arch $installed"
    mv "$state/keep/.new/$(basename "$kept")" "$kept" || fail "dpkg-repack made no $(basename "$kept")"
  fi
fi
echo "installed=$installed"
