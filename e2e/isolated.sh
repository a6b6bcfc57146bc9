#!/bin/sh
# Runs a command (the Playwright suite, the benchmark) in a fresh network namespace with nothing that leads off
# this machine, so every WebRTC and signaling packet provably stays local: without it, Chromium also offers ICE
# candidates on the machine's real interfaces. Falls back to running the command as it is where `unshare -n` is
# not permitted (non-root, containers without CAP_SYS_ADMIN).
# Usage: sh e2e/isolated.sh COMMAND [ARG...]
set -eu
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  echo "usage: sh e2e/isolated.sh COMMAND [ARG...]" >&2
  exit 2
fi
if unshare -n true 2>/dev/null; then
  # Chromium says navigator.onLine === false when loopback is the only interface, so the browser's "offline"
  # event (which the network-loss test relies on, as real phones do) would never fire. A veth pair with both
  # ends inside this namespace counts as a network for Chromium yet routes nowhere else. Firefox gathers ICE
  # candidates only on the address of its default route (a page without camera permission, such as the viewer),
  # so the namespace gets one, into the same pair: packets to anywhere else leave cc0, arrive at cc1 and end there.
  exec unshare -n sh -c '
    ip link set lo up
    if ip link add cc0 type veth peer name cc1 2>/dev/null; then
      ip addr add 10.200.0.1/30 dev cc0 && ip link set cc0 up && ip link set cc1 up && ip route add default dev cc0
    else
      echo "isolated.sh: no veth support; the browser will think it is offline" >&2
    fi
    exec "$@"' sh "$@"
fi
echo "isolated.sh: unshare -n not permitted here; running without network isolation" >&2
exec "$@"
