#!/bin/sh
# Stage "distro build deps" of the dnf distros (Rocky Linux 9, AlmaLinux 9):
# trims what rpm unpacks, enables EPEL (Xfce comes from there) and CRB (which
# EPEL packages build against), then installs the flattened package list
# /tmp/lists/$HELIOS_FAMILY.list. An explicit list, never `dnf groupinstall`:
# a group pulls a full workstation.
set -eu

list="/tmp/lists/${HELIOS_FAMILY}.list"
if [ ! -s "$list" ]; then
  echo "deps.sh: package list $list is missing or empty" >&2
  exit 1
fi

# Docs, man pages and weak dependencies are hundreds of MB of a desktop
# install that a streamed container never uses; like dpkg's path-excludes on
# the apt distros, rpm is told not to unpack docs and translations at all.
cat >> /etc/dnf/dnf.conf <<'DNF'
install_weak_deps=False
tsflags=nodocs
retries=3
DNF
echo '%_install_langs C.utf8' > /etc/rpm/macros.helios-langs

dnf install -y dnf-plugins-core epel-release
dnf config-manager --set-enabled crb
# The list is one line of names validated by @helios/packages: word-splitting is intended.
# shellcheck disable=SC2046
dnf install -y $(cat "$list")
