#!/usr/bin/env bash
# Stops what scripts/setup-real-stack.sh started: the LXD daemon (after a clean shutdown of its
# containers) and zfs-fuse (after exporting the test pool). For local use; CI does not need it.
# Idempotent: does nothing for a daemon that is not running. Must run as root.
#   --keep-pool   do not export the zfs pool before stopping zfs-fuse
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

POOL="${LXDTEST_POOL:-lxdtest}"
LXD_SOCKET=/var/lib/lxd/unix.socket
EXPORT_POOL=1
[ "${1:-}" = "--keep-pool" ] && EXPORT_POOL=0

log() { echo "[stop-real-stack] $*"; }
die() { echo "[stop-real-stack] FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

# shellcheck source=lib/daemon-pids.sh
source "$(dirname "$0")/lib/daemon-pids.sh"

# wait_gone PID TRIES: wait up to TRIES*0.5 s for PID to exit
wait_gone() {
  local pid=$1 tries=$2 i
  for ((i = 0; i < tries; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && return 0
    sleep 0.5
  done
  return 1
}

# --- LXD ---
lxd_pids=$(daemon_pids lxd)
if [ -z "$lxd_pids" ]; then
  log "LXD is not running"
else
  if [ -S "$LXD_SOCKET" ] && timeout 10 lxc info >/dev/null 2>&1; then
    log "asking LXD to stop its containers and exit (lxd shutdown --timeout 60)"
    timeout 90 lxd shutdown --timeout 60 || log "lxd shutdown returned an error; will signal the daemon"
  fi
  for pid in $lxd_pids; do
    if ! wait_gone "$pid" 20; then
      log "LXD (pid $pid) still running; sending SIGTERM"
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 40 || { log "LXD (pid $pid) ignored SIGTERM; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
    fi
  done
  log "LXD stopped"
fi

# --- zfs-fuse ---
zfs_pids=$(daemon_pids zfs-fuse)
if [ -z "$zfs_pids" ]; then
  log "zfs-fuse is not running"
else
  if [ "$EXPORT_POOL" = 1 ] && timeout 10 zpool list -H -o name "$POOL" >/dev/null 2>&1; then
    log "exporting zfs pool '$POOL'"
    for i in 1 2 3 4 5; do
      zpool export "$POOL" 2>/dev/null && break
      [ "$i" = 5 ] && log "could not export '$POOL' (busy?); stopping zfs-fuse anyway" && break
      sleep 1
    done
  fi
  for pid in $zfs_pids; do
    log "stopping zfs-fuse (pid $pid, SIGTERM)"
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 60 || { log "zfs-fuse (pid $pid) did not exit in 30 s; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  done
  log "zfs-fuse stopped"
fi
