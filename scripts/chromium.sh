#!/usr/bin/env bash
# Installs headless Chromium (Debian package `chromium`) for the HTML rendering test, once:
# does nothing when it is already there. CI runs as root; elsewhere run it with sudo.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
