#!/bin/sh
# Puts back the package kept before the install when the installed version changed; prints "rolled back" when it
# did. Either way the smoke package goes, and the library left in place must load.
state="$1"; arch="$2"; before="$3"; runner="$4"
triplet=$([ "$arch" = amd64 ] && echo x86_64-linux-gnu || echo aarch64-linux-gnu)
export DEBIAN_FRONTEND=noninteractive
now=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch" 2>/dev/null)
if [ "$now" != "$before" ]; then
  kept=$(ls "$state"/keep/libopenh264-7_"$(echo "$before" | sed 's/^[0-9]*://')"_"$arch".deb 2>/dev/null | head -n 1)
  [ -n "$kept" ] || { echo "error: no kept package for $before: cannot roll back"; exit 1; }
  dpkg -i "$kept" >/dev/null || { echo "error: dpkg -i $kept failed"; exit 1; }
  echo "rolled back to $before"
fi
smoke="/usr/lib/$triplet/openh264-fleet-smoke"
if [ -x "$smoke/h264harness" ]; then
  # Whatever its pictures, the library left in place must load and decode.
  $runner "$smoke/h264harness" decode "/usr/lib/$triplet/libopenh264.so.7" "$smoke/smoke.h264" >/dev/null 2>&1 \
    || { echo "error: the library left in place does not decode the smoke stream"; exit 1; }
fi
dpkg -r "openh264-fleet-smoke:$arch" >/dev/null 2>&1 || true
ldconfig
lib=$(readlink -f "/usr/lib/$triplet/libopenh264.so.7")
[ -s "$lib" ] || { echo "error: no libopenh264.so.7 left after rollback"; exit 1; }
echo "library in place: $lib"
echo "installed=$(dpkg-query -W -f='${Version}' "libopenh264-7:$arch" 2>/dev/null)"
