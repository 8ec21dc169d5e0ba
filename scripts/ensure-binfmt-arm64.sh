#!/bin/sh
# Lets this amd64 machine run arm64 programs: registers Debian's
# qemu-aarch64-static with the kernel's binfmt_misc, so `helios build
# <distro> --arch arm64` can run debootstrap's second stage and the
# Dockerfile's RUN steps under emulation. Run as root; does nothing when
# qemu-aarch64 is already registered with the F (fix-binary) flag.
#
# The F flag makes the kernel open the interpreter once, at registration, so
# it works inside containers whose root has no qemu. Debian's qemu-user-static
# ships the rule in /usr/lib/binfmt.d but only systemd-binfmt loads it; on a
# machine without systemd (containers, CI runners) this script does it.
set -eu

binfmt=/proc/sys/fs/binfmt_misc
entry=$binfmt/qemu-aarch64
debian_rule=/usr/lib/binfmt.d/qemu-aarch64.conf

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-binfmt-arm64: run as root (it writes $binfmt/register)" >&2
  exit 1
fi

if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
  echo "ensure-binfmt-arm64: qemu-aarch64-static is missing: apt-get install qemu-user-static" >&2
  exit 1
fi

if [ ! -e "$binfmt/register" ]; then
  mount -t binfmt_misc binfmt_misc "$binfmt"
fi

if [ -e "$entry" ]; then
  if grep -qx enabled "$entry" && grep -q '^flags: .*F' "$entry"; then
    echo "ensure-binfmt-arm64: qemu-aarch64 is registered: $(grep '^interpreter' "$entry")"
    exit 0
  fi
  # Registered without F (or disabled): containers could not find the
  # interpreter. Replace the entry.
  echo -1 > "$entry"
fi

if [ -f "$debian_rule" ] && grep -q ':[A-Z]*F[A-Z]*$' "$debian_rule"; then
  rule=$(cat "$debian_rule")
else
  # The same magic and mask as Debian's rule (an ELF64 little-endian
  # executable for machine 0xb7, aarch64), with the static binary itself.
  rule=':qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'
  rule="$rule$(command -v qemu-aarch64-static):OCF"
fi
printf '%s\n' "$rule" > "$binfmt/register"
echo "ensure-binfmt-arm64: registered qemu-aarch64: $(grep '^interpreter' "$entry")"
