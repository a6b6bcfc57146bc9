#!/bin/sh
# The system packages the test suite needs, installed when missing (as root, from Debian's archive) or named
# exactly when they can't be (not root, not Debian). Run by `npm test` first and so by .ci/run.
set -eu

missing=""
need() { # need PACKAGE CHECK-COMMAND...
  pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}

need chromium test -x /usr/bin/chromium                # Playwright drives Debian's Chromium (no browser download)
need firefox-esr test -x /usr/bin/firefox-esr           # e2e/firefox.spec.ts drives Debian's Firefox over WebDriver BiDi
need iproute2 command -v ip                             # e2e/isolated.sh: a loopback-only network namespace
need redis-server command -v redis-server               # the Redis backend's tests start their own server
need coturn command -v turnserver                       # the TURN relay tests start their own coturn
need nginx sh -c 'command -v nginx || test -x /usr/sbin/nginx' # the load-balancer test runs nginx in front of two processes
need python3-socketio /usr/bin/python3 -c 'import socketio'  # the third-party client test (python-socketio)
need python3-websocket /usr/bin/python3 -c 'import websocket'
need python3-requests /usr/bin/python3 -c 'import requests'

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
  exit 0
fi

echo "system-deps: the tests need these Debian packages:$missing" >&2
echo "  install them with: sudo apt-get install -y$missing" >&2
exit 1
