#!/usr/bin/env bash
# Everything a fresh machine needs, idempotent: npm packages, the build and the .vsix, the real
# stack (LXD, zfs-fuse, the busybox image, Incus beside LXD, both on HTTPS on loopback, two SSH hosts) and code-server with Chromium for the end-to-end tests.
# Runs as root (apt-get, daemons).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npm run --silent package >/dev/null
bash scripts/setup-real-stack.sh
bash scripts/setup-incus.sh
bash scripts/setup-https-loopback.sh
bash scripts/setup-ssh-hosts.sh
bash scripts/install-code-server.sh
echo "setup: done in $((SECONDS - start)) s"
