#!/bin/sh
# Stage "distro build deps" for the Debian family: trims what dpkg unpacks,
# then installs the flattened package list /tmp/lists/$HELIOS_FAMILY.list.
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

list="/tmp/lists/${HELIOS_FAMILY}.list"
if [ ! -s "$list" ]; then
  echo "deps.sh: package list $list is missing or empty" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# The list is one line of names validated by @helios/packages: word-splitting is intended.
# shellcheck disable=SC2046
apt-get install -y $(cat "$list")
