#!/bin/sh
# Compiles OpenH264 from /job/src.tar (the patched tree) for one architecture and stages the result in /job/out:
#   out/usr/...            what `make install-shared` installs (stripped library with .gnu_debuglink, headers, .pc)
#   out/debug/*.debug      the split debug information
#   out/harness/           the compatibility harness, when /job/harness holds its source
#   out/toolchain.txt      compiler and tool versions; out/flags.txt the flags used
# Runs inside the toolchain container, with no network. It is copied in with the source for every compile (not
# baked into the image), so changing how OpenH264 is compiled never rebuilds the toolchain image.
set -eu

arch="$1"
jobs="${2:-2}"
src=/job/src
out=/job/out

# /job/src is a folder in memory (its 2,000 files took 0.4 s to write into the container's layers).
tar -xf /job/src.tar -C "$src"

case "$arch" in
  x86_64)  make_arch=x86_64; cross="";                   cpu_flags="" ;;
  aarch64) make_arch=arm64;  cross="aarch64-linux-gnu-"; cpu_flags="-mcpu=cortex-a72" ;;
  *) echo "unknown architecture: $arch" >&2; exit 2 ;;
esac

# ccache: content-addressed, so a tree made afresh (below) finds every unchanged object. The sloppiness settings let
# it trust contents rather than the fresh mtimes of such a tree.
export CCACHE_DIR=/ccache CCACHE_BASEDIR=/ccache/tree CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content
export CCACHE_SLOPPINESS=include_file_mtime,include_file_ctime,time_macros,file_stat_matches
# Depend mode: the Makefile already asks the compiler for dependency files (-MMD), so a cache miss needs no
# separate preprocessor run, which keeps a cold compile close to a compile without ccache.
export CCACHE_DEPEND=1
export CCACHE_MAXSIZE=2G
# Kept uncompressed: compressing every new object cost a cold compile about 1 % for a cache of tens of MiB.
export CCACHE_NOCOMPRESS=1

# make runs in the kept build tree (below), so the sources' path in the objects is mapped from there.
tree=/ccache/tree
opt="-O3 -g -ffile-prefix-map=$tree/src=. -fstack-protector-strong -D_FORTIFY_SOURCE=2 $cpu_flags"
ldflags="-lpthread -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -Wl,--as-needed"

# nasm through a small content cache beside ccache's (ccache does not know nasm): x86_64's assembly files would
# otherwise all be assembled again after any patch. The key is nasm's version, the arguments and every assembly
# source of the tree (%include files among them), so a hit is the object nasm would write.
# nasm's version goes into the tree's digest once, rather than one more process for each of its 23 calls. Only
# x86_64 assembles with nasm (aarch64's assembly goes through gcc and ccache).
NASM_TREE_DIGEST=
[ "$arch" != x86_64 ] || NASM_TREE_DIGEST=$( { nasm -v; cd "$src" && find codec -name '*.asm' -o -name '*.inc' \
  | LC_ALL=C sort | xargs -r sha256sum; } | sha256sum | cut -c1-64)
export NASM_TREE_DIGEST
cat > /job/nasm-cached <<'NASM'
#!/bin/sh
set -eu
out=; previous=
for argument in "$@"; do [ "$previous" = "-o" ] && out=$argument; previous=$argument; done
key=$({ echo "$NASM_TREE_DIGEST"; printf '%s\n' "$@"; } | sha256sum | cut -c1-64)
kept=/ccache/nasm/$key.o
if [ -n "$out" ] && [ -f "$kept" ]; then cp "$kept" "$out"; exit 0; fi
nasm "$@"
[ -n "$out" ] || exit 0
mkdir -p /ccache/nasm
cp "$out" "$kept.$$" && mv "$kept.$$" "$kept"
NASM
chmod +x /job/nasm-cached

# Work that make does not wait for runs beside it at the lowest priority, so it takes the cores' idle time rather than
# make's: make's last compile and link leave one core idle for most of a second. Called first in such a subshell.
lowest_priority() { read -r self _ < /proc/self/stat; renice -n 19 -p "$self" >/dev/null; }

# The build tree is kept in the ccache volume between compiles, so make finds the objects of the last compile and
# recompiles only what a patch changed, instead of asking ccache about every file again. It starts afresh when anything
# but the sources' bytes differs (the list of files, a build file such as a Makefile, the flags, this script, the
# compilers) or when the last compile did not finish: a failed or killed make can leave objects newer than their
# sources. The list of files is read with their modes (a patch may only make a script executable). A file whose bytes
# changed is copied in with a new time, so make rebuilds it and what includes it; the others keep their times. One
# compile at a time uses the tree: another checkout may compile this arch on this engine.
mkdir -p "$tree"
exec 9>"$tree.lock"
flock 9
# The tree's digests: /job/sources.sha256 (every file's bytes) and /job/layout (everything else named above).
digest_tree() {
  (cd "$src" && find . -type f | LC_ALL=C sort | xargs -r -d '\n' sha256sum) > /job/sources.sha256
  { cat "$0"; printf '%s\n' "$arch" "$opt" "$ldflags"; ${cross}gcc --version; ${cross}g++ --version
  ${cross}ld --version; [ "$arch" != x86_64 ] || nasm -v
  (cd "$src" && find . -type f -printf '%m %p\n' | LC_ALL=C sort)
  grep -v -E '[.](c|cc|cpp|h|asm|S|inc)$' /job/sources.sha256; } | sha256sum | cut -c1-64 > /job/layout
}
digests_done=
if [ -f "$tree/finished" ]; then
  digest_tree
else
  # No finished tree to compare with (a cold compile, or the one after a failed make): nothing waits for the digests
  # until make has finished, so they are taken beside it.
  (lowest_priority; digest_tree) & digests_done=$!
fi
if [ -f "$tree/finished" ] && [ "$(cat "$tree/layout" 2>/dev/null)" = "$(cat /job/layout)" ]; then
  rm -f "$tree/finished"
  LC_ALL=C sort /job/sources.sha256 > /job/new.sorted
  LC_ALL=C sort "$tree/sources.sha256" > /job/old.sorted
  LC_ALL=C comm -23 /job/new.sorted /job/old.sorted | cut -c67- > /job/changed
  echo "build tree: kept, $(wc -l < /job/changed) changed file(s) copied in"
  while IFS= read -r file; do cp "$src/$file" "$tree/src/$file"; done < /job/changed
else
  # finished goes first: a compile killed while the old tree is being removed must leave one the next makes afresh.
  rm -f "$tree/finished"
  rm -rf "$tree/src"
  # From the archive again rather than a copy of $src: a fifth of the time, the same bytes, modes and times.
  mkdir "$tree/src"
  tar -xf /job/src.tar -C "$tree/src"
  echo "build tree: made afresh"
fi

# This compile's own ccache counts, from a log of its calls: zeroing the volume's counters instead cost 0.2 s.
export CCACHE_STATSLOG=/job/ccache-stats.log

# The harness is compiled through ccache too (a link is not cacheable, so it is compiled and linked apart): after a
# patch it is a cache hit unless its source or the API headers changed. It needs only the API headers, so it is
# compiled beside make rather than after it.
harness_done=
if [ -d /job/harness ]; then
  (
    lowest_priority
    mkdir -p "$out/harness" /job/harness-obj
    for c in /job/harness/*.c; do
      ccache "${cross}gcc" -O2 -Wall -I"$src/codec/api/wels" -c "$c" -o "/job/harness-obj/$(basename "$c" .c).o"
    done
    "${cross}gcc" -o "$out/harness/h264harness" /job/harness-obj/*.o -ldl
  ) &
  harness_done=$!
fi
(
  lowest_priority
  echo "gcc: $(${cross}gcc --version | head -n 1)"
  echo "g++: $(${cross}g++ --version | head -n 1)"
  echo "binutils: $(${cross}ld --version | head -n 1)"
  [ "$arch" != x86_64 ] || echo "nasm: $(nasm -v)"
  echo "make: $(make --version | head -n 1)"
) > /job/toolchain.txt &
versions_done=$!

make -C "$tree/src" -j"$jobs" \
  OS=linux ARCH="$make_arch" ASM=/job/nasm-cached \
  CC="ccache ${cross}gcc" CXX="ccache ${cross}g++" AR="${cross}ar" STRIP="${cross}strip" \
  CFLAGS_OPT="$opt" LDFLAGS="$ldflags" \
  PREFIX=/usr DESTDIR="$out" \
  install-shared
[ -z "$digests_done" ] || wait "$digests_done"
cp /job/sources.sha256 "$tree/sources.sha256"
cp /job/layout "$tree/layout"
touch "$tree/finished"
[ -z "$harness_done" ] || wait "$harness_done"
wait "$versions_done"
mv /job/toolchain.txt "$out/toolchain.txt"
[ ! -f "$CCACHE_STATSLOG" ] || ccache --show-log-stats | sed 's/^/ccache: /'

lib=$(ls "$out"/usr/lib/libopenh264.so.*.*.*)
name=$(basename "$lib")
mkdir -p "$out/debug"
# The debug file is not compressed: zlib took 0.24 s of every compile (a tenth of a one-file patch's) to save
# 2.6 MiB, which the packages and tarballs compress anyway.
"${cross}objcopy" --only-keep-debug "$lib" "$out/debug/$name.debug"
"${cross}strip" --strip-unneeded "$lib"
( cd "$out/debug" && "${cross}objcopy" --add-gnu-debuglink="$name.debug" "$lib" )

printf 'CFLAGS_OPT=%s\nLDFLAGS=%s\nARCH=%s\n' "$opt" "$ldflags" "$make_arch" > "$out/flags.txt"
