#!/bin/sh
# Installs helios-video-encoder in the final image: the runtime packages that
# build.sh resolved for this distro, then the binary as
# /opt/helios/bin/helios-video-encoder. Runs from the folder the build stage's
# /out was copied to, and removes that folder.
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$dir/helios-video-encoder" ]; then
  echo "install-runtime.sh: no encoder was built for this base: skipping" >&2
  rm -rf "$dir"
  exit 0
fi

if [ -s "$dir/runtime-packages.list" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # One package name per line, resolved by build.sh: word-splitting is intended.
  # shellcheck disable=SC2046
  apt-get install -y --no-install-recommends $(cat "$dir/runtime-packages.list")
  # As distros/*/build/cleanup.sh: no package caches or lists in the image.
  apt-get clean
  rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt /var/log/dpkg.log
fi

mkdir -p /opt/helios/bin
mv "$dir/helios-video-encoder" /opt/helios/bin/helios-video-encoder
if ldd /opt/helios/bin/helios-video-encoder | grep 'not found' >&2; then
  echo "install-runtime.sh: helios-video-encoder has unresolved libraries" >&2
  exit 1
fi
rm -rf "$dir"
