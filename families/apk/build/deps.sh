#!/bin/sh
# Stage "distro build deps" of the apk distros (Alpine): installs the flattened
# package list /tmp/lists/$HELIOS_FAMILY.list and the distro's Node.
set -eu

# Node's engines floor for what the image runs (engines.node of @helios/init
# and @helios/kclient; a test keeps the two equal).
node_floor=22.12.0

list="/tmp/lists/${HELIOS_FAMILY}.list"
if [ ! -s "$list" ]; then
  echo "deps.sh: package list $list is missing or empty" >&2
  exit 1
fi

# No trims are needed before the install, unlike dpkg's path-excludes: apk
# never installs docs, man pages or translations unless asked for the -doc
# and -lang subpackages, and --no-cache keeps the index out of the image.
# The list is one line of names validated by @helios/packages: word-splitting is intended.
# shellcheck disable=SC2046
apk add --no-cache $(cat "$list") nodejs

# The official Node build the Dockerfile copies is linked against glibc and
# cannot run on musl: Alpine images run the distro's nodejs instead, which
# must meet the floor. An older one fails the build here, not the desktop later.
node_version=$(node -p process.versions.node)
if ! echo "$node_version $node_floor" | awk '{
  split($1, have, "."); split($2, need, ".")
  for (i = 1; i <= 3; i++) {
    if (have[i] + 0 > need[i] + 0) exit 0
    if (have[i] + 0 < need[i] + 0) exit 1
  }
}'; then
  echo "deps.sh: the distro's nodejs is $node_version; Helios needs Node >= $node_floor (engines.node)." >&2
  echo "deps.sh: build from a newer Alpine release, whose nodejs meets the floor." >&2
  exit 1
fi
echo "deps.sh: Node $node_version from the distro (floor $node_floor)"
# The Dockerfile links /usr/local/bin/node to the Node named here.
mkdir -p /etc/helios
command -v node > /etc/helios/distro-node
