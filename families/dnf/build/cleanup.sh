#!/bin/sh
# Stage "cleanup" of the dnf distros (Rocky Linux, AlmaLinux): no package
# caches, repository metadata or transaction logs in the image.
set -eu
dnf clean all
rm -rf /var/cache/dnf/* /var/log/dnf*.log /var/log/hawkey.log /var/lib/dnf/history.sqlite*
