#!/usr/bin/env bash
# Sets up the real test stack for lxdops (see docs in /work/shared/reference/real-stack.md):
#   - Debian LXD 5.0.2 (daemon started by hand, no systemd), storage pool "default" (dir driver)
#   - zfs-fuse with a 2 GB file-backed pool "lxdtest" (mounted at /lxdtest)
#   - a local busybox image (alias "busybox"), no network needed
#   - a profile "lxdops-test-nic" with a p2p NIC (no bridge needed), for MAC-preservation tests
# and then runs a self-check that fails loudly if any of it does not work.
#
# Idempotent: safe to run again (it only does what is missing). Must run as root.
# Environment overrides (rarely needed):
#   LXDTEST_POOL      zfs-fuse pool name          (default lxdtest)
#   LXDTEST_POOL_IMG  file backing the pool       (default /var/tmp/lxdtest-zpool.img)
#   LXDTEST_POOL_SIZE size of that file           (default 2G)
#   LXDTEST_SKIP_SELFCHECK=1                      skip step 6
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

POOL="${LXDTEST_POOL:-lxdtest}"
POOL_IMG="${LXDTEST_POOL_IMG:-/var/tmp/lxdtest-zpool.img}"
POOL_SIZE="${LXDTEST_POOL_SIZE:-2G}"
POOL_DIR="$(dirname "$POOL_IMG")"
LXD_SOCKET=/var/lib/lxd/unix.socket
LXD_LOG_DIR=/var/log/lxd
ZFS_FUSE_LOG=/var/log/zfs-fuse.log
IMAGE_ALIAS=busybox
IMAGE_BUILD_DIR=/var/tmp/lxdops-busybox
NIC_PROFILE=lxdops-test-nic
CHECK_CT=lxdops-selfcheck
CHECK_DS="$POOL/selfcheck"

START_TS=$(date +%s)
log()  { echo "[setup-real-stack] $*"; }
warn() { echo "[setup-real-stack] WARNING: $*" >&2; }
die()  {
  echo "" >&2
  echo "[setup-real-stack] ************************************************************" >&2
  echo "[setup-real-stack] FAILED: $*" >&2
  echo "[setup-real-stack] ************************************************************" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts daemons)"

# ---------------------------------------------------------------------------------------------
# 1. Packages
# ---------------------------------------------------------------------------------------------
# --no-install-recommends: lxd recommends apparmor (no kernel support here), dnsmasq-base (no bridge
# is used) and lxd-agent (VMs do not work here). Everything else the recipes need is listed;
# strace is for the adversarial suite (test/adversarial/tracedCli.ts: which programs a refused run started).
PACKAGES=(lxd lxd-client lxcfs uidmap squashfs-tools xz-utils busybox-static zfs-fuse strace)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing missing packages: ${missing[*]}"
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
else
  log "packages already installed: ${PACKAGES[*]}"
fi
for b in lxd lxc zfs-fuse zpool zfs busybox strace; do
  command -v "$b" >/dev/null || die "command '$b' not found after installing packages"
done

# ---------------------------------------------------------------------------------------------
# 2. LXD daemon
# ---------------------------------------------------------------------------------------------
lxd_answers() { [ -S "$LXD_SOCKET" ] && timeout 10 lxc info >/dev/null 2>&1; }
# shellcheck source=lib/daemon-pids.sh
source "$(dirname "$0")/lib/daemon-pids.sh"
# wait_for TRIES CHECK NAME: poll CHECK every 0.5 s while a NAME daemon lives; 0 when CHECK succeeds
wait_for() {
  local tries=$1 check=$2 name=$3 i
  for ((i = 0; i < tries; i++)); do
    "$check" && return 0
    [ -n "$(daemon_pids "$name")" ] || return 1
    sleep 0.5
  done
  return 1
}

if lxd_answers; then
  log "LXD already answers on $LXD_SOCKET"
else
  mkdir -p /var/lib/lxd "$LXD_LOG_DIR"
  if [ -n "$(daemon_pids lxd)" ]; then
    log "an LXD daemon (pid $(daemon_pids lxd | xargs)) exists but does not answer; waiting up to 30 s for it"
    wait_for 60 lxd_answers lxd || [ -z "$(daemon_pids lxd)" ] \
      || die "LXD daemon (pid $(daemon_pids lxd | xargs)) runs but does not answer on $LXD_SOCKET; stop it (scripts/stop-real-stack.sh) and retry"
  fi
  if ! lxd_answers; then
    log "starting LXD daemon (log: $LXD_LOG_DIR/lxd.log)"
    # setsid: own session, so it survives the shell/job that ran this script.
    # (lxd writes its log both to --logfile and to stderr, so stdout.log only catches crashes.)
    setsid nohup lxd --group root --logfile "$LXD_LOG_DIR/lxd.log" \
      >"$LXD_LOG_DIR/stdout.log" 2>&1 </dev/null &
    if ! lxd waitready --timeout 60; then
      tail -n 15 "$LXD_LOG_DIR/stdout.log" >&2 || true
      die "LXD did not become ready within 60 s (see $LXD_LOG_DIR/)"
    fi
  fi
  lxd_answers || die "LXD is ready but 'lxc info' fails"
  log "LXD is ready"
fi

if lxc storage show default >/dev/null 2>&1; then
  log "LXD storage pool 'default' exists; not running lxd init"
else
  log "initialising LXD (preseed: storage pool 'default' (dir), root disk in the default profile)"
  lxd init --preseed <<'YAML'
config: {}
storage_pools:
- name: default
  driver: dir
profiles:
- name: default
  devices:
    root: {path: /, pool: default, type: disk}
YAML
fi
# The default profile must have a root disk (repairs a half-initialised LXD).
if ! lxc profile device get default root pool >/dev/null 2>&1; then
  log "adding the root disk to the default profile"
  lxc profile device add default root disk path=/ pool=default
fi

# ---------------------------------------------------------------------------------------------
# 3. zfs-fuse and the pool
# ---------------------------------------------------------------------------------------------
zfs_answers() { timeout 10 zpool list >/dev/null 2>&1; }
# A zfs-fuse that died leaves its FUSE mounts behind ("Transport endpoint is not connected"); a
# machine restored from an image can have them too, while `zfs list` still says "mounted" (it reads
# /proc/mounts). Nothing can be mounted over them: lazily unmount the dead ones. Only statfs tells:
# a plain stat of a dead FUSE mount point still succeeds from the kernel's cache.
unmount_stale_zfs_mounts() {
  awk '$3 == "fuse.zfs" || $2 == "/zfs-kstat" {print $2}' /proc/self/mounts | sort -r | while read -r m; do
    m=$(printf '%b' "$m")
    if ! timeout 5 stat -f "$m" >/dev/null 2>&1; then
      log "unmounting stale zfs-fuse mount $m"
      umount -l "$m" || warn "could not unmount $m"
    fi
  done
}

if zfs_answers; then
  log "zfs-fuse already answers"
else
  [ -c /dev/fuse ] || die "/dev/fuse is missing: zfs-fuse needs FUSE"
  if [ -n "$(daemon_pids zfs-fuse)" ]; then
    log "a zfs-fuse daemon (pid $(daemon_pids zfs-fuse | xargs)) exists but does not answer; waiting up to 30 s for it"
    wait_for 60 zfs_answers zfs-fuse || [ -z "$(daemon_pids zfs-fuse)" ] \
      || die "zfs-fuse (pid $(daemon_pids zfs-fuse | xargs)) runs but 'zpool list' does not answer; stop it (scripts/stop-real-stack.sh) and retry"
  fi
  if ! zfs_answers; then
    unmount_stale_zfs_mounts
    log "starting zfs-fuse (log: $ZFS_FUSE_LOG)"
    setsid nohup zfs-fuse --no-daemon >>"$ZFS_FUSE_LOG" 2>&1 </dev/null &
    if ! wait_for 60 zfs_answers zfs-fuse; then
      tail -n 15 "$ZFS_FUSE_LOG" >&2 || true
      die "zfs-fuse did not answer 'zpool list' within 30 s (see $ZFS_FUSE_LOG)"
    fi
  fi
  log "zfs-fuse is ready"
fi

pool_imported() { zpool list -H -o name "$POOL" >/dev/null 2>&1; }
pool_importable() { zpool import -d "$POOL_DIR" 2>/dev/null | grep -Eq "^[[:space:]]*pool: $POOL\$"; }

if pool_imported; then
  log "zfs pool '$POOL' is imported"
elif [ -e "$POOL_IMG" ] && pool_importable; then
  log "importing zfs pool '$POOL' from $POOL_IMG"
  zpool import -d "$POOL_DIR" "$POOL" || die "could not import zfs pool '$POOL' from $POOL_DIR"
else
  if [ -e "$POOL_IMG" ]; then
    warn "$POOL_IMG exists but holds no importable pool '$POOL'; recreating it"
    rm -f "$POOL_IMG"
  fi
  log "creating zfs pool '$POOL' on a $POOL_SIZE file $POOL_IMG (mounted at /$POOL)"
  truncate -s "$POOL_SIZE" "$POOL_IMG"
  zpool create -f "$POOL" "$POOL_IMG" || die "zpool create $POOL failed"
fi
health=$(zpool list -H -o health "$POOL" 2>/dev/null || true)
if [ "$health" != "ONLINE" ]; then
  zpool status "$POOL" >&2 || true
  die "zfs pool '$POOL' is not healthy (health: ${health:-unknown})"
fi
# zfs-fuse re-imports pools from /var/lib/zfs/zpool.cache when it starts, but does not mount them:
# mount every filesystem of this pool (only this pool) that should be mounted and is not.
unmount_stale_zfs_mounts
zfs list -H -o name,canmount,mounted -t filesystem -r "$POOL" | while IFS=$'\t' read -r ds canmount mounted; do
  if [ "$canmount" = "on" ] && [ "$mounted" = "no" ]; then
    log "mounting zfs filesystem $ds"
    zfs mount "$ds" || warn "could not mount $ds"
  fi
done
[ "$(zfs get -H -o value mounted "$POOL")" = "yes" ] || die "zfs pool '$POOL' is not mounted"
POOL_MOUNTPOINT=$(zfs get -H -o value mountpoint "$POOL")
log "zfs pool '$POOL' is ONLINE, mounted at $POOL_MOUNTPOINT"

# ---------------------------------------------------------------------------------------------
# 4. busybox image
# ---------------------------------------------------------------------------------------------
if lxc image info "$IMAGE_ALIAS" >/dev/null 2>&1; then
  log "LXD image '$IMAGE_ALIAS' exists"
else
  log "building the busybox image in $IMAGE_BUILD_DIR"
  BUSYBOX=/bin/busybox
  [ -x "$BUSYBOX" ] || die "$BUSYBOX missing (package busybox-static)"
  rm -rf "$IMAGE_BUILD_DIR"
  R="$IMAGE_BUILD_DIR/rootfs"
  mkdir -p "$R"/{bin,sbin,etc,etc/opt,etc/init.d,proc,sys,dev,mnt,run,tmp,root,home,opt,var/log,var/tmp,usr/bin,usr/sbin,usr/local/bin}
  chmod 1777 "$R/tmp" "$R/var/tmp"
  chmod 700 "$R/root"
  cp "$BUSYBOX" "$R/bin/busybox"
  # One symlink per applet (like LXD's test/deps/import-busybox), including sbin/init.
  for a in $("$R/bin/busybox" --list-full); do
    [ -e "$R/$a" ] || [ -L "$R/$a" ] || { mkdir -p "$R/$(dirname "$a")"; ln -s /bin/busybox "$R/$a"; }
  done
  [ -L "$R/sbin/init" ] || ln -sf /bin/busybox "$R/sbin/init"
  [ -e "$R/bin/sh" ] || die "busybox has no sh applet"
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
  printf 'root:x:0:\n' > "$R/etc/group"
  printf 'root:*:19000:0:99999:7:::\n' > "$R/etc/shadow"
  chmod 644 "$R/etc/passwd" "$R/etc/group"
  chmod 640 "$R/etc/shadow"
  printf 'busybox\n' > "$R/etc/hostname"
  printf 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nexport PATH\n' > "$R/etc/profile"
  # busybox init: with no inittab it falls back to built-in defaults (gettys on ttys that spin);
  # this one runs rcS once and otherwise just reaps children.
  cat > "$R/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
::shutdown:/bin/sync
EOF
  cat > "$R/etc/init.d/rcS" <<'EOF'
#!/bin/sh
[ -n "$(hostname)" ] || hostname -F /etc/hostname
exit 0
EOF
  chmod 755 "$R/etc/init.d/rcS"
  printf 'architecture: x86_64\ncreation_date: %s\nproperties:\n  os: busybox\n  release: "1"\n  description: busybox test image (lxdops)\n' \
    "$(date +%s)" > "$IMAGE_BUILD_DIR/metadata.yaml"
  tar -C "$IMAGE_BUILD_DIR" --numeric-owner --owner=0 --group=0 -czf "$IMAGE_BUILD_DIR/meta.tar.gz" metadata.yaml
  tar -C "$R" --numeric-owner --owner=0 --group=0 -czf "$IMAGE_BUILD_DIR/rootfs.tar.gz" .
  log "importing the image as '$IMAGE_ALIAS'"
  lxc image import "$IMAGE_BUILD_DIR/meta.tar.gz" "$IMAGE_BUILD_DIR/rootfs.tar.gz" --alias "$IMAGE_ALIAS" \
    || die "lxc image import failed"
  lxc image info "$IMAGE_ALIAS" >/dev/null || die "image '$IMAGE_ALIAS' not found after import"
fi

# ---------------------------------------------------------------------------------------------
# 5. Profile with a p2p NIC (no bridge needed)
# ---------------------------------------------------------------------------------------------
# shellcheck source=lib/nic-profile.sh
source "$(dirname "$0")/lib/nic-profile.sh"
ensure_nic_profile lxc "$NIC_PROFILE"

# ---------------------------------------------------------------------------------------------
# 6. Self-check
# ---------------------------------------------------------------------------------------------
zfs_destroy_retry() {  # zfs destroy -r DATASET, retrying while it is busy
  local ds=$1 i out
  for i in 1 2 3 4 5 6 7 8 9 10; do
    zfs list -H -o name "$ds" >/dev/null 2>&1 || return 0
    if out=$(zfs destroy -r "$ds" 2>&1); then return 0; fi
    case "$out" in
      *busy*) log "zfs destroy $ds: busy, retrying ($i)"; sleep 1 ;;
      *) echo "$out" >&2; return 1 ;;
    esac
  done
  echo "$out" >&2
  return 1
}
selfcheck_cleanup() {
  lxc delete --force "$CHECK_CT" >/dev/null 2>&1 || true
  zfs_destroy_retry "$CHECK_DS" || warn "could not destroy $CHECK_DS"
}

if [ "${LXDTEST_SKIP_SELFCHECK:-}" = 1 ]; then
  log "self-check skipped (LXDTEST_SKIP_SELFCHECK=1)"
else
  log "self-check: launching '$CHECK_CT' from '$IMAGE_ALIAS'"
  trap 'rc=$?; if [ $rc -ne 0 ]; then warn "self-check failed; cleaning up"; selfcheck_cleanup; fi' EXIT
  selfcheck_cleanup
  lxc launch "$IMAGE_ALIAS" "$CHECK_CT" -p default -p "$NIC_PROFILE" \
    || { tail -n 20 "$LXD_LOG_DIR/lxd.log" >&2 || true; die "lxc launch $IMAGE_ALIAS $CHECK_CT failed"; }

  out=""
  for i in 1 2 3 4 5 6 7 8 9 10; do
    out=$(lxc exec "$CHECK_CT" -- sh -c 'echo ok' 2>&1) && [ "$out" = "ok" ] && break
    sleep 0.5
  done
  [ "$out" = "ok" ] || die "lxc exec $CHECK_CT -- sh -c 'echo ok' printed '$out' instead of 'ok'"
  log "self-check: exec prints ok"

  mac=$(lxc config get "$CHECK_CT" volatile.eth0.hwaddr || true)
  [ -n "$mac" ] || die "no volatile.eth0.hwaddr on $CHECK_CT (profile $NIC_PROFILE did not give it a NIC)"
  log "self-check: p2p NIC eth0 has MAC $mac"

  # The container's root uid on the host: Hostid of the uid entry with Nsid 0.
  idmap=$(lxc config get "$CHECK_CT" volatile.last_state.idmap || true)
  IDMAP_BASE=$(printf '%s' "$idmap" | grep -o '{[^}]*}' | grep '"Isuid":true' | grep '"Nsid":0[,}]' \
    | sed -n 's/.*"Hostid":\([0-9]*\).*/\1/p' | head -n 1)
  if [ -z "$IDMAP_BASE" ]; then
    IDMAP_BASE=$(lxc config get "$CHECK_CT" volatile.idmap.base || true)
  fi
  if [ -z "$IDMAP_BASE" ]; then
    warn "could not read the idmap of $CHECK_CT; assuming 100000"
    IDMAP_BASE=100000
  fi
  log "self-check: container root is uid $IDMAP_BASE on the host"

  zfs create -p "$CHECK_DS" || die "zfs create $CHECK_DS failed"
  ds_mnt=$(zfs get -H -o value mountpoint "$CHECK_DS")
  [ -d "$ds_mnt" ] || die "mountpoint $ds_mnt of $CHECK_DS is not a directory"
  chown "$IDMAP_BASE:$IDMAP_BASE" "$ds_mnt"
  lxc config device add "$CHECK_CT" data disk source="$ds_mnt" path=/mnt/data >/dev/null \
    || die "could not attach $ds_mnt as a disk device to $CHECK_CT"
  token="lxdops-selfcheck-$$-$(date +%s)"
  lxc exec "$CHECK_CT" -- sh -c "echo '$token' > /mnt/data/hello.txt" \
    || die "the container could not write to the zfs-fuse disk device (/mnt/data <- $ds_mnt)"
  got=$(cat "$ds_mnt/hello.txt" 2>/dev/null || true)
  [ "$got" = "$token" ] || die "host read '$got' from $ds_mnt/hello.txt, expected '$token'"
  owner=$(stat -c %u "$ds_mnt/hello.txt")
  [ "$owner" = "$IDMAP_BASE" ] || die "file written by container root is owned by uid $owner on the host, expected $IDMAP_BASE"
  log "self-check: container wrote $ds_mnt/hello.txt (uid $owner), host read it back"

  lxc delete --force "$CHECK_CT" || die "lxc delete --force $CHECK_CT failed"
  zfs_destroy_retry "$CHECK_DS" || die "zfs destroy -r $CHECK_DS failed"
  trap - EXIT
  log "self-check: cleaned up"
fi

log "done in $(( $(date +%s) - START_TS )) s"
log "  LXD socket:   $LXD_SOCKET"
log "  storage pool: default (dir); image alias: $IMAGE_ALIAS; NIC profile: $NIC_PROFILE"
log "  zfs pool:     $POOL on $POOL_IMG, mounted at $POOL_MOUNTPOINT"
[ -n "${IDMAP_BASE:-}" ] && log "  idmap base:   $IDMAP_BASE (chown device dirs to this uid)"
exit 0
