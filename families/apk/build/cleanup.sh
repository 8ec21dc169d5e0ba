#!/bin/sh
# Stage "cleanup" of the apk distros (Alpine): no package caches in the image,
# and no docs or man pages that packages ship outside their -doc subpackages.
set -eu
rm -rf /var/cache/apk/* /usr/share/doc/* /usr/share/man/* /usr/share/info/*
