#!/bin/sh
# Before anything changes on a host: pre-checks (architecture, free space, a consistent dpkg database), then an
# exact copy of the installed libopenh264-7 is kept for rollback: the very .deb that was installed, from apt's cache
# or fetched again by `apt-get download` of that exact version, accepted only when its files are the ones dpkg
# installed (dpkg's own md5sums). A host where neither works is refused here, before anything changed.
# Prints "installed=<version>" and "kept-sha256=<sha256 of the kept .deb>" last.
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
installed=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch" 2>/dev/null) || fail "libopenh264-7:$arch is not installed"

# Whether a .deb is exactly the installed package: its name, version and arch, and every file dpkg recorded.
is_installed_copy() {
  [ "$(dpkg-deb -f "$1" Package Version Architecture 2>/dev/null | tr '\n' ' ')" = "Package: libopenh264-7 Version: $installed Architecture: $arch " ] || return 1
  check="$state/keep/.check"; rm -rf "$check" && mkdir -p "$check" && dpkg-deb -x "$1" "$check" || return 1
  ( cd "$check" && md5sum --quiet -c "/var/lib/dpkg/info/libopenh264-7:$arch.md5sums" >/dev/null 2>&1 ); ok=$?
  rm -rf "$check"; return $ok
}

if [ "$installed" != "$target" ]; then
  file="libopenh264-7_$(echo "$installed" | sed 's/^[0-9]*://')_$arch.deb"
  kept="$state/keep/$file"
  if [ ! -s "$kept" ] || ! is_installed_copy "$kept"; then
    # Made aside and renamed, so a host that drops off mid-way never leaves a half-written package to roll back to.
    new="$state/keep/.new"; rm -rf "$new" && mkdir -p "$new" || fail "cannot create $new"
    cached="/var/cache/apt/archives/libopenh264-7_$(echo "$installed" | sed 's/:/%3a/')_$arch.deb"
    if [ -s "$cached" ] && is_installed_copy "$cached"; then cp "$cached" "$new/$file"
    else ( cd "$new" && apt-get -q download "libopenh264-7:$arch=$installed" >/dev/null 2>&1 ) && mv "$new"/*.deb "$new/$file" 2>/dev/null
    fi
    [ -s "$new/$file" ] && is_installed_copy "$new/$file" \
      || fail "no exact copy of the installed libopenh264-7:$arch $installed (not in apt's cache, and apt-get download cannot fetch it): rollback would be impossible, so nothing was changed"
    mv "$new/$file" "$kept" || fail "cannot keep $file"
  fi
  echo "kept-sha256=$(sha256sum "$kept" | cut -d' ' -f1)"
fi
echo "installed=$installed"
