#!/bin/sh
# Custom build hook of noble, the one way it differs from the other apt
# distros: Ubuntu's images since 23.04 carry a user "ubuntu" with uid and gid
# 1000, the ids most desktops are started with (UID=1000 in the README). Left
# in place, the desktop user would share its uid (useradd -o) and have a
# primary group named "ubuntu".
set -eu
if getent passwd ubuntu >/dev/null; then userdel --remove ubuntu; fi
if getent group ubuntu >/dev/null; then groupdel ubuntu; fi
