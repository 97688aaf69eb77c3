#!/usr/bin/env bash
# Install Debian's chromium (the browser tests drive it through Playwright).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's chromium for the browser tests..."
# Wait for another install that holds the apt lock instead of failing at once.
LOCK_WAIT=(-o DPkg::Lock::Timeout=300)
$SUDO apt-get "${LOCK_WAIT[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${LOCK_WAIT[@]}" install -y -qq chromium >/dev/null
command -v chromium
