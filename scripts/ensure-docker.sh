#!/bin/bash
# Makes sure a Docker engine answers: uses the running one, or installs
# Debian's docker.io and starts dockerd (root only). Fails loudly otherwise.
set -eu
here="$(dirname "$0")"

if docker info >/dev/null 2>&1; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "[helios] no Docker engine answers. Start Docker (or add your user to the docker group) and run again." >&2
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1; then
  bash "$here/apt-install.sh" docker.io
fi
# No bridge network: Helios runs every container and build with --network host,
# and this keeps the engine from creating private-range interfaces.
echo "[helios] starting dockerd (log: /var/log/helios-dockerd.log)" >&2
setsid dockerd --bridge=none --iptables=false >/var/log/helios-dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then exit 0; fi
  sleep 0.5
done
echo "[helios] dockerd did not start within 30 s; last log lines:" >&2
tail -n 20 /var/log/helios-dockerd.log >&2
exit 1
