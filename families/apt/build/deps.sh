#!/bin/sh
# Stage "distro build deps" of the apt distros (Debian, Ubuntu, Kali): trims
# what dpkg unpacks, then installs the flattened package list
# /tmp/lists/$HELIOS_FAMILY.list (debian.list, or ubuntu.list on Ubuntu).
# A distro that needs something else overrides it with distros/<name>/build/deps.sh.
set -eu

# Docs, man pages and translations are ~150 MB of a desktop install and
# nobody reads them in a streamed container. C.UTF-8 is built into glibc.
cat > /etc/dpkg/dpkg.cfg.d/helios-excludes <<'EXCLUDES'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/help/*
path-exclude=/usr/share/gtk-doc/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
EXCLUDES

cat > /etc/apt/apt.conf.d/90helios <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Retries "3";
APT

# Placeholders for packages that other packages depend on but a streamed
# desktop never runs. Each is an empty package of a high version, so apt sees
# the dependency as met and skips what it would pull in:
#   perl               only tigervnc's vncserver wrapper (Xvnc is started directly)  ~50 MB
#   libasound2-plugins ALSA plugins; pulls libavcodec and its codecs                  ~100 MB
#   cpp                xrdb's preprocessor (x11-xserver-utils); xrdb is optional     ~35 MB
#   python3            scripts of xfce4-helpers no session needs                      ~30 MB
placeholders="perl libasound2-plugins cpp python3"
workdir=$(mktemp -d)
for name in $placeholders; do
  mkdir -p "$workdir/$name/DEBIAN"
  cat > "$workdir/$name/DEBIAN/control" <<CONTROL
Package: $name
Version: 99:0-helios
Architecture: all
Multi-Arch: allowed
Maintainer: Helios <helios@localhost>
Description: Helios placeholder for $name
 Empty package: satisfies dependencies of desktop packages that never use it.
CONTROL
  dpkg-deb --build "$workdir/$name" "$workdir/$name.deb" >/dev/null
done
dpkg -i "$workdir"/*.deb
rm -rf "$workdir"
# Placeholders must never be replaced by the real packages on upgrade.
# shellcheck disable=SC2086 # a list of names
apt-mark hold $placeholders >/dev/null

list="/tmp/lists/${HELIOS_FAMILY}.list"
if [ ! -s "$list" ]; then
  echo "deps.sh: package list $list is missing or empty" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# A frozen mirror snapshot (as on machines without a live mirror) serves
# Release files past their Valid-Until date; accept that, loudly, rather
# than fail. A live mirror never takes this path.
if ! apt-get update 2>/tmp/apt-update.err; then
  cat /tmp/apt-update.err >&2
  if grep -q 'is expired' /tmp/apt-update.err; then
    echo "deps.sh: WARNING: the mirror's Release file is expired; retrying without the Valid-Until check" >&2
    apt-get -o Acquire::Check-Valid-Until=false update
    echo 'Acquire::Check-Valid-Until "false";' > /etc/apt/apt.conf.d/91helios-snapshot
  else
    exit 1
  fi
fi
rm -f /tmp/apt-update.err
# The list is one line of names validated by @helios/packages: word-splitting is intended.
# shellcheck disable=SC2046
apt-get install -y $(cat "$list")
