#!/bin/bash
# README command 2: the whole test suite — lint, typecheck, unit and
# integration tests of every package, then the end-to-end suite against the
# built bookworm image in a real Docker engine with real Chromium.
# Installs what it needs (Node LTS, pnpm, Debian packages, a Docker engine).
# Never skips a suite: a missing Docker engine or Chromium fails the run.
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
export TURBO_TELEMETRY_DISABLED=1 CI="${CI:-}"

# Real components the tests drive: Chromium, Xvnc, X tools, nginx, websockify...
mapfile -t test_packages < <(grep -v '^#' scripts/test-packages.txt)
bash scripts/apt-install.sh "${test_packages[@]}"
bash scripts/ensure-docker.sh
test -x /usr/bin/chromium || { echo "[helios] /usr/bin/chromium is missing: the browser tests cannot run" >&2; exit 1; }

pnpm install --frozen-lockfile --reporter=silent
rm -f packages/*/.vitest-report.json test-kit/.vitest-report.json test/.vitest-report*.json

status=0
step() {
  echo "::: $*"
  "$@" || status=1
}
step pnpm turbo run build --output-logs=errors-only
step pnpm exec biome check .
# Dead code: unused files, exports and dependencies.
step pnpm exec knip --no-progress
step bash scripts/shellcheck.sh
step pnpm --recursive --filter "./packages/*" run publint
step pnpm turbo run typecheck --output-logs=errors-only
# One package at a time: the integration tests start real X servers and browsers.
step pnpm turbo run test --filter='./packages/*' --filter=./test-kit --concurrency=1 --continue -- --reporter=default --reporter=json --outputFile.json=.vitest-report.json
# The reuse test: `pnpm release` from a clean clone publishes every package to a
# local registry (verdaccio on 127.0.0.1); each is installed outside the repo and used.
step pnpm --filter @helios/e2e exec vitest run --config vitest.reuse.config.ts \
  --reporter=default --reporter=json --outputFile.json=.vitest-report-reuse.json
# The end-to-end suite is the definition of done for every distro built here.
for distro in ${HELIOS_E2E_DISTROS:-bookworm trixie sid}; do
  export HELIOS_E2E_DISTRO="$distro"
  step pnpm --filter @helios/e2e exec vitest run \
    --reporter=default --reporter=json --outputFile.json=".vitest-report-$distro.json"
done

reports=("test/.vitest-report-reuse.json")
for distro in ${HELIOS_E2E_DISTROS:-bookworm trixie sid}; do reports+=("test/.vitest-report-$distro.json"); done
for dir in packages/*/ test-kit/; do reports+=("${dir}.vitest-report.json"); done
node scripts/test-summary.mjs "${reports[@]}" || status=1
exit "$status"
