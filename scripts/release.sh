#!/bin/bash
# `pnpm release`: turns pending changesets into versions, builds, tests the
# packages the new versions touch, and publishes them to the registry npm is
# configured for (NPM_CONFIG_REGISTRY points it at a local one). Every package
# also builds in prepack, so nothing stale or empty can be published.
#
# HELIOS_RELEASE_SKIP_TESTS=1 leaves out the test step. Only the reuse test
# (test/reuse) sets it: it runs right after the suite has tested the same
# commit, and it then tests what was published itself.
set -eu
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

# changeset version fails when no changeset is pending (changesets 3). Without
# one there is nothing to bump: publish then ships whatever version in the tree
# the registry lacks, 0.0.0 on a first release (what changesets/action relies on
# when it runs this after merging its "Version packages" pull request).
# The test step's base: the new versions are in the working tree, or else (no
# changeset) in the last commit, the merged "Version packages" pull request.
if [ -n "$(find .changeset -maxdepth 1 -name '*.md' ! -name README.md -print -quit)" ]; then
  pnpm changeset version
  pnpm install --lockfile-only --reporter=silent
  affected_base=HEAD
else
  echo "[release] no pending changesets: publishing the versions in the tree"
  affected_base="$(git rev-parse --verify --quiet 'HEAD^' || echo HEAD)"
fi
pnpm turbo run build --output-logs=errors-only
if [ "${HELIOS_RELEASE_SKIP_TESTS:-0}" = 1 ]; then
  echo "[release] HELIOS_RELEASE_SKIP_TESTS=1: not testing (the caller has tested this commit)"
else
  # Affected = the bumped packages and their dependents.
  TURBO_SCM_BASE="$affected_base" pnpm turbo run typecheck test --affected --concurrency=1 --output-logs=errors-only
fi
pnpm changeset publish
