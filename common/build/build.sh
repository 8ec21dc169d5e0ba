#!/bin/sh
# Stage "common build": distro-independent layout every Helios image shares.
set -eu

# Hook folders of the user contract (see the README).
mkdir -p /etc/helios/init.d /etc/helios/services.d /etc/helios/idle.d /etc/helios/shutdown.d

# Runtime state lives in /run; X sockets in a sticky, world-writable dir.
mkdir -p /run/helios /tmp/.X11-unix
chmod 1777 /tmp/.X11-unix

# Icon and font caches the desktop would otherwise build at first start.
if command -v fc-cache >/dev/null 2>&1; then fc-cache -f >/dev/null 2>&1 || true; fi

# No compositing window manager on a VNC desktop: xfwm4's compositor redraws
# every change a second time and waits for Xvnc's frame clock to do it, which
# adds milliseconds to every keystroke and CPU to every frame (measured by the
# experience benchmark). Users can turn it back on in Window Manager Tweaks.
if [ -f /usr/share/xfwm4/defaults ]; then
  sed -i 's/^use_compositing=.*/use_compositing=false/' /usr/share/xfwm4/defaults
fi
