#!/bin/sh
# Puts back the exact package kept before the install when the installed version changed: the kept .deb must have
# the sha256 recorded when it was kept (the ledger's), checked before dpkg sees it. Prints "rolled back" when it
# did. Either way the smoke package goes, and the library left in place must load (the smoke program is run only
# when its sha256 is the signed release's).
state="$1"; arch="$2"; before="$3"; kept_sha="$4"; program_sha="$5"; runner="$6"
fail() { echo "error: $*"; exit 1; }
triplet=$([ "$arch" = amd64 ] && echo x86_64-linux-gnu || echo aarch64-linux-gnu)
export DEBIAN_FRONTEND=noninteractive
now=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch" 2>/dev/null)
if [ "$now" != "$before" ]; then
  kept="$state/keep/libopenh264-7_$(echo "$before" | sed 's/^[0-9]*://')_$arch.deb"
  [ -s "$kept" ] || fail "no kept package for $before: cannot roll back"
  [ -n "$kept_sha" ] || fail "no sha256 was recorded for the kept $before: an unchecked package is never installed"
  got=$(sha256sum "$kept" | cut -d' ' -f1)
  [ "$got" = "$kept_sha" ] || fail "the kept $(basename "$kept") has sha256 $got, $kept_sha was recorded when it was kept: not installed"
  dpkg -i "$kept" >/dev/null || fail "dpkg -i $kept failed"
  echo "rolled back to $before"
fi
smoke="/usr/lib/$triplet/openh264-fleet-smoke"
if [ -x "$smoke/h264harness" ] && [ "$(sha256sum "$smoke/h264harness" | cut -d' ' -f1)" = "$program_sha" ]; then
  # Whatever its pictures, the library left in place must load and decode.
  $runner "$smoke/h264harness" decode "/usr/lib/$triplet/libopenh264.so.7" "$smoke/smoke.h264" >/dev/null 2>&1 \
    || fail "the library left in place does not decode the smoke stream"
fi
dpkg -r "openh264-fleet-smoke:$arch" >/dev/null 2>&1 || true
ldconfig
lib=$(readlink -f "/usr/lib/$triplet/libopenh264.so.7")
[ -s "$lib" ] || fail "no libopenh264.so.7 left after rollback"
echo "library in place: $lib"
echo "installed=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch" 2>/dev/null)"
