#!/bin/sh
# Runs the Playwright suite in a fresh network namespace that has only loopback, so every WebRTC and
# signaling packet provably stays on this machine (no dependence on eth0 or any other interface).
# Falls back to a normal run where `unshare -n` is not permitted (non-root, containers without CAP_SYS_ADMIN).
set -eu
cd "$(dirname "$0")/.."
if unshare -n true 2>/dev/null; then
  exec unshare -n sh -c 'ip link set lo up && exec npx playwright test --config e2e/playwright.config.ts "$@"' sh "$@"
fi
echo "run-isolated: unshare -n not permitted here; running without network isolation" >&2
exec npx playwright test --config e2e/playwright.config.ts "$@"
