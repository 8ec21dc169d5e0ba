#!/bin/bash
# README command 1: build the bookworm image and run it; prints the URL to open.
# Installs what it needs: Node LTS and pnpm (npm registry), a Docker engine and
# debootstrap (Debian) when missing. Pass another distro as $1 (default bookworm).
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
bash scripts/ensure-docker.sh
if [ "$(id -u)" -eq 0 ]; then bash scripts/apt-install.sh debootstrap binutils; fi
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile --reporter=silent
pnpm turbo run build --output-logs=errors-only
# The port defaults to the CLI's own (DEFAULT_HTTP_PORT of @helios/images).
node packages/build/dist/cli.js up "${1:-bookworm}" ${HTTP_PORT:+--port "$HTTP_PORT"}
