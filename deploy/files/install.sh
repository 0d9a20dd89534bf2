#!/bin/sh
# Installs the exact version from the signed repository: its key for Signed-By, a source entry, a pin that lets
# only our two packages come from it. apt downloads the packages (checking the InRelease signature and every
# file's hash), then each .deb's sha256 must be the one the minisign-signed SHA256SUMS lists (checked on the
# controller) BEFORE apt or dpkg installs it: no maintainer script of an unchecked package ever runs. Then the
# installed library must have the sha256 of the signed release.
state="$1"; arch="$2"; version="$3"; sha256="$4"; origin="$5"; suite="$6"; lock_timeout="$7"
lib_deb="$8"; lib_deb_sha="$9"; shift 9; smoke_deb="$1"; smoke_deb_sha="$2"; url="$3"
# Errors go to stdout as "error: ..." lines: over ssh with a tty, stderr would arrive mixed into stdout anyway.
fail() { echo "error: $*"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
rm -rf "$state/bundle" && mkdir -p "$state/bundle" && tar -m -xf "$state/bundle.tar" -C "$state/bundle" || fail "cannot unpack the release bundle"
install -m 0644 "$state/bundle/keyring.asc" /usr/share/keyrings/openh264-fleet-archive-keyring.asc
# copy:, not file:, for the bundled repository: apt uses a file: package where it lies, but copies a copy: one into
# the download folder, where its sha256 is checked before anything installs it.
cat > /etc/apt/sources.list.d/openh264-fleet.sources <<SOURCES
Types: deb
URIs: ${url:-copy:$state/bundle/apt}
Suites: $suite
Components: main
Architectures: $arch
Signed-By: /usr/share/keyrings/openh264-fleet-archive-keyring.asc
SOURCES
cat > /etc/apt/preferences.d/openh264-fleet <<PIN
Package: *
Pin: release o=$origin
Pin-Priority: -1

Package: libopenh264-7 openh264-fleet-smoke
Pin: release o=$origin
Pin-Priority: 500
PIN
# apt judges a file: repository fresh by its time stamps: forget what it read from an earlier bundle.
rm -f /var/lib/apt/lists/*openh264-fleet*
ours="-o Dir::Etc::SourceList=/etc/apt/sources.list.d/openh264-fleet.sources -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0 -o DPkg::Lock::Timeout=$lock_timeout"
apt-get -q update $ours > "$state/apt-update.log" 2>&1 || fail "apt-get update: $(grep -E '^(E|W):' "$state/apt-update.log" | head -n 1)"
grep -q '^E:' "$state/apt-update.log" && fail "apt-get update: $(grep '^E:' "$state/apt-update.log" | head -n 1)"
debs="$state/debs"; rm -rf "$debs" && mkdir -p "$debs/partial" || fail "cannot create $debs"
apt-get -q -y install --download-only --allow-downgrades --no-install-recommends $ours -o Dir::Cache::archives="$debs" \
  "libopenh264-7:$arch=$version" "openh264-fleet-smoke:$arch=$version" > "$state/apt-download.log" 2>&1 \
  || fail "apt-get download: $(grep -E '^E:|Hash Sum|hash' "$state/apt-download.log" | head -n 2 | tr '\n' ' ')"
files=""
for deb in "$debs"/*.deb; do
  [ -e "$deb" ] || continue
  name=$(basename "$deb")
  case "$name" in
    "$lib_deb") want="$lib_deb_sha" ;;
    "$smoke_deb") want="$smoke_deb_sha" ;;
    *) fail "apt fetched $name, which the signed release does not list: nothing installed" ;;
  esac
  got=$(sha256sum "$deb" | cut -d' ' -f1)
  [ "$got" = "$want" ] || fail "$name has sha256 $got, the signed SHA256SUMS says $want: refused before dpkg, nothing installed"
  files="$files $deb"
done
# Whatever apt did not fetch must already be installed at this version: no package reaches dpkg unchecked.
for pair in "libopenh264-7 $lib_deb" "openh264-fleet-smoke $smoke_deb"; do
  package=${pair% *}; deb=${pair##* }
  [ -s "$debs/$deb" ] || [ "$(dpkg-query -W -f='${Version}' "$package:$arch" 2>/dev/null)" = "$version" ] \
    || fail "apt fetched no $deb to check against the signed SHA256SUMS: nothing installed"
done
if [ -n "$files" ]; then
  apt-get -q -y install --allow-downgrades --no-install-recommends $ours $files > "$state/apt-install.log" 2>&1 \
    || fail "apt-get install: $(grep -E '^E:' "$state/apt-install.log" | head -n 2 | tr '\n' ' ')"
fi
# The exact package now installed, kept for the next rollout's rollback (apt's cache never saw it: it came here).
[ -s "$debs/$lib_deb" ] && cp "$debs/$lib_deb" "$state/keep/$lib_deb.new" && mv "$state/keep/$lib_deb.new" "$state/keep/$lib_deb"
triplet=$([ "$arch" = amd64 ] && echo x86_64-linux-gnu || echo aarch64-linux-gnu)
real=$(readlink -f "/usr/lib/$triplet/libopenh264.so.7")
sum=$(sha256sum "$real" | cut -d' ' -f1)
[ "$sum" = "$sha256" ] || fail "installed $real has sha256 $sum, the signed release says $sha256"
echo "installed $version, $real sha256 $sum"
