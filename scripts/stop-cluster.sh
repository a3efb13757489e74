#!/usr/bin/env bash
# Removes what scripts/setup-cluster.sh made: the members lxdops-cm1..3 (with everything in them),
# their profile and image, the bridge lxdopscbr0, the members' lines in the SSH test files and
# $OUT. The cached rootfs tar stays (a new setup-cluster.sh run takes ~40 s instead of ~2 min);
# --purge removes it too. Idempotent. Must run as root.
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
OUT=${LXDOPS_CLUSTER_DIR:-/var/tmp/lxdops-cluster}
CACHE=${LXDOPS_CLUSTER_CACHE:-/var/cache/lxdops-cluster}
SSH_DIR=${LXDOPS_SSH_DIR:-/var/tmp/lxdops-ssh}
log() { echo "[stop-cluster] $*"; }
[ "$(id -u)" = 0 ] || {
  echo "[stop-cluster] FAILED: must run as root" >&2
  exit 1
}

for member in $(lxc list '^lxdops-cm[0-9]+$' -c n --format csv); do
  log "deleting member $member"
  lxc delete --force "$member"
done
lxc profile show lxdops-cluster-member >/dev/null 2>&1 && lxc profile delete lxdops-cluster-member
lxc image info lxdops-cluster-member >/dev/null 2>&1 && lxc image delete lxdops-cluster-member
ip link show lxdopscbr0 >/dev/null 2>&1 && ip link del lxdopscbr0
if [ -f "$SSH_DIR/known_hosts" ]; then
  grep -v '^10\.250\.77\.1[0-9] ' "$SSH_DIR/known_hosts" >"$SSH_DIR/known_hosts.tmp" || true
  mv "$SSH_DIR/known_hosts.tmp" "$SSH_DIR/known_hosts"
fi
if [ -f "$SSH_DIR/ssh_config" ]; then
  sed '/^# lxdops-cluster begin/,/^# lxdops-cluster end/d' "$SSH_DIR/ssh_config" >"$SSH_DIR/ssh_config.tmp"
  mv "$SSH_DIR/ssh_config.tmp" "$SSH_DIR/ssh_config"
fi
rm -rf "$OUT"
[ "${1:-}" = --purge ] && rm -rf "$CACHE" && log "removed the cached rootfs ($CACHE)"
log "cluster removed"
