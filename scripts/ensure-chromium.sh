#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we are root; otherwise
# stop with a message naming the package. Never skip silently.
set -euo pipefail
CHROMIUM="${WPSHUB_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "error: the browser tests need Chromium at $CHROMIUM." >&2
echo "Install the Debian package 'chromium' (sudo apt-get install chromium)," >&2
echo "or set WPSHUB_CHROMIUM to a Chromium binary." >&2
exit 1
