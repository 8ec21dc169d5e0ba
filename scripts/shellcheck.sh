#!/bin/bash
# Runs shellcheck on every shell script git knows about (tracked or new, not
# ignored), including the build scripts of families/ and distros/.
set -eu
cd "$(dirname "$0")/.."
mapfile -t listed < <(git ls-files --cached --others --exclude-standard '*.sh' '.ci/run' 'common/root/usr/local/bin/*' 'test/fixtures/child-image/services.d/*' 'test/fixtures/bench-image/Xvnc')
# A file deleted in the work tree but not yet committed is still in the index: skip it.
scripts=()
for path in "${listed[@]}"; do
  if [ -f "$path" ]; then scripts+=("$path"); fi
done
shellcheck -x "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
