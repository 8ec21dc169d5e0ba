#!/bin/bash
# `pnpm release`: turns pending changesets into versions, builds, tests the
# packages the new versions touch, and publishes them to the registry npm is
# configured for (NPM_CONFIG_REGISTRY points it at a local one). Every package
# also builds in prepack, so nothing stale or empty can be published.
set -eu
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

# Without pending changesets this changes nothing; publish then ships whatever
# version in the tree the registry lacks (what changesets/action relies on).
pnpm changeset version
pnpm install --lockfile-only --reporter=silent
pnpm turbo run build --output-logs=errors-only
# Affected = changed against the last commit: the bumped packages and their dependents.
TURBO_SCM_BASE=HEAD pnpm turbo run typecheck test --affected --concurrency=1 --output-logs=errors-only
pnpm changeset publish
