#!/bin/sh
# Builds helios-video-encoder in the `video-encoder` build stage of
# docker/Dockerfile, on the same base image as the final stage, so it links
# against that distro's libx264. Writes to $OUT (default /out):
#   helios-video-encoder    the stripped binary
#   runtime-packages.list   the packages holding its shared libraries (not libc6)
#   install-runtime.sh      run by the final stage
set -eu

src=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/out}
mkdir -p "$out"
cp "$src/install-runtime.sh" "$out/install-runtime.sh"

if ! command -v apt-get >/dev/null 2>&1; then
  # Only the Debian family has an encoder build so far; the image works
  # without it (the gateway then serves RFB only).
  echo "build.sh: no apt-get on this base: the image gets no video encoder" >&2
  : > "$out/runtime-packages.list"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# The same fallback as the distro deps stage: a frozen mirror snapshot serves
# Release files past their Valid-Until date.
if ! apt-get update 2>/tmp/apt-update.err; then
  cat /tmp/apt-update.err >&2
  grep -q 'is expired' /tmp/apt-update.err || exit 1
  echo "build.sh: WARNING: the mirror's Release file is expired; retrying without the Valid-Until check" >&2
  apt-get -o Acquire::Check-Valid-Until=false update
  echo 'Acquire::Check-Valid-Until "false";' > /etc/apt/apt.conf.d/91helios-snapshot
fi
apt-get install -y --no-install-recommends \
  gcc libc6-dev libx264-dev libx11-dev libxext-dev libxdamage-dev pkg-config

binary="$out/helios-video-encoder"
# pkg-config prints one flag per word: word-splitting is intended.
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -Werror -std=gnu11 $(pkg-config --cflags x264 x11 xext xdamage) \
  -o "$binary" "$src"/*.c $(pkg-config --libs x264 x11 xext xdamage) -lm
strip --strip-all "$binary"

# Runtime packages: the owners of the libraries the binary loads. With the
# merged /usr, ldd and dpkg may name the same file under /lib or /usr/lib, so
# each library is looked up under both spellings and its resolved path.
owner() {
  for path in "$1" "/usr$1" "${1#/usr}" "$(readlink -f "$1")"; do
    found=$(dpkg -S "$path" 2>/dev/null | head -n 1) || continue
    [ -n "$found" ] && { echo "${found%%:*}"; return 0; }
  done
  echo "build.sh: no package owns $1" >&2
  return 1
}
ldd "$binary" > /tmp/ldd.out
if grep -q 'not found' /tmp/ldd.out; then
  cat /tmp/ldd.out >&2
  exit 1
fi
: > /tmp/owners
awk '$2 == "=>" && $3 ~ /^\// { print $3 }' /tmp/ldd.out > /tmp/libs
while read -r lib; do
  owner "$lib" >> /tmp/owners
done < /tmp/libs
grep -v -x -e libc6 /tmp/owners | sort -u > "$out/runtime-packages.list"
echo "build.sh: runtime packages: $(tr '\n' ' ' < "$out/runtime-packages.list")"
# It loads and runs here, on the distro it was built for.
"$binary" --help
