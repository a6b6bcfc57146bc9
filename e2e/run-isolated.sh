#!/bin/sh
# Runs the Playwright suite in a fresh network namespace with nothing that leads off this machine, so every
# WebRTC and signaling packet provably stays local (no dependence on eth0 or any other real interface).
# Falls back to a normal run where `unshare -n` is not permitted (non-root, containers without CAP_SYS_ADMIN).
set -eu
cd "$(dirname "$0")/.."
if unshare -n true 2>/dev/null; then
  # Chromium says navigator.onLine === false when loopback is the only interface, so the browser's "offline"
  # event (which the network-loss test relies on, as real phones do) would never fire. A veth pair with both
  # ends inside this namespace counts as a network for Chromium yet routes nowhere else.
  exec unshare -n sh -c '
    ip link set lo up
    if ip link add cc0 type veth peer name cc1 2>/dev/null; then
      ip addr add 10.200.0.1/30 dev cc0 && ip link set cc0 up && ip link set cc1 up
    else
      echo "run-isolated: no veth support; the browser will think it is offline" >&2
    fi
    exec npx playwright test --config e2e/playwright.config.ts "$@"' sh "$@"
fi
echo "run-isolated: unshare -n not permitted here; running without network isolation" >&2
exec npx playwright test --config e2e/playwright.config.ts "$@"
