#!/usr/bin/env bash
# The local LXD on https://127.0.0.1:18443 and Incus on https://127.0.0.1:18444 (loopback only),
# for the multi-host tests: they add these as remotes the way `lxc remote add` does (with a trust
# token, into a private LXD_CONF / INCUS_CONF), so nothing of the user's own client config changes.
# Idempotent. Must run as root, after setup-real-stack.sh and setup-incus.sh.
set -euo pipefail
LXD_PORT=${LXDOPS_LXD_HTTPS_PORT:-18443}
INCUS_PORT=${LXDOPS_INCUS_HTTPS_PORT:-18444}
log() { echo "[setup-https-loopback] $*"; }
[ "$(lxc config get core.https_address)" = "127.0.0.1:$LXD_PORT" ] || lxc config set core.https_address "127.0.0.1:$LXD_PORT"
[ "$(incus config get core.https_address)" = "127.0.0.1:$INCUS_PORT" ] ||
  incus config set core.https_address "127.0.0.1:$INCUS_PORT"
for target in "LXD $LXD_PORT /var/lib/lxd/server.crt" "Incus $INCUS_PORT /var/lib/incus/server.crt"; do
  read -r name port cert <<<"$target"
  for _ in $(seq 50); do curl -s -o /dev/null --cacert "$cert" "https://127.0.0.1:$port/1.0" && break; sleep 0.2; done
  curl -sf -o /dev/null --cacert "$cert" "https://127.0.0.1:$port/1.0" || {
    echo "[setup-https-loopback] FAILED: $name does not answer on https://127.0.0.1:$port" >&2
    exit 1
  }
  log "$name answers on https://127.0.0.1:$port"
done
