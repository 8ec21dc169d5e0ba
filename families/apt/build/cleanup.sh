#!/bin/sh
# Stage "cleanup" of the apt distros (Debian, Ubuntu, Kali): no package
# caches or lists in the image.
set -eu
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt /var/log/dpkg.log
