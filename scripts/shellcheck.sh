#!/bin/bash
# Runs shellcheck on every shell script git knows about.
set -eu
cd "$(dirname "$0")/.."
mapfile -t scripts < <(git ls-files --cached --others --exclude-standard '*.sh' '.ci/run' 'common/root/usr/local/bin/*' 'test/fixtures/child-image/services.d/*' 'test/fixtures/bench-image/Xvnc')
shellcheck -x "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
