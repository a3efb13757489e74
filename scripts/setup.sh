#!/usr/bin/env bash
# Everything a fresh machine needs, idempotent: npm packages, the build and the .vsix, the real
# stack (LXD, zfs-fuse, the busybox image, Incus beside LXD, both on HTTPS on loopback, two SSH hosts,
# the nested 3-member LXD cluster) and code-server with Chromium for the end-to-end tests.
# Runs as root (apt-get, daemons).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
[[ -d node_modules ]] || npm ci --no-audit --no-fund
# The cluster members' rootfs (debootstrap, ~1.5 min cold, cached in /var/cache/lxdops-cluster) is
# built in the background while the rest is set up; setup-cluster.sh then uses it.
bash scripts/setup-cluster.sh --tools
cluster_log=/tmp/lxdops-cluster-image.log
bash scripts/setup-cluster.sh --image-only >"$cluster_log" 2>&1 &
cluster_image=$!
npm run --silent package >/dev/null
bash scripts/setup-real-stack.sh
bash scripts/setup-incus.sh
bash scripts/setup-https-loopback.sh
bash scripts/setup-ssh-hosts.sh
bash scripts/install-code-server.sh
wait "$cluster_image" || {
  tail -n 20 "$cluster_log" >&2
  echo "setup: FAILED: the cluster member image did not build (log: $cluster_log)" >&2
  exit 1
}
bash scripts/setup-cluster.sh
echo "setup: done in $((SECONDS - start)) s"
