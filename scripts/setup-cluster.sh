#!/usr/bin/env bash
# A real 3-member LXD 5.0.2 cluster for the cluster tests (issue 10): Debian 12 system containers
# lxdops-cm1..3 on the host LXD, on a plain bridge lxdopscbr0 (10.250.77.0/24), each member with
#   - LXD clustered on 10.250.77.1N:8443 (pool `local`, dir; the default profile's root disk on it;
#     the busybox image of the host LXD),
#   - zfs-fuse (a unit started at boot) with its own file-backed pool `lxdopsm` (same name on every
#     member, different data) and /srv/lxdops/whoami holding the member's name,
#   - sshd, key-only root login with the client key of scripts/setup-ssh-hosts.sh; each member's
#     host key in $SSH_DIR/known_hosts (by address), Host entries lxdops-cm1..3 in $SSH_DIR/ssh_config.
# Outputs in $OUT: client.crt, client.key (trusted by the cluster), cluster.crt (to pin) and
# hosts.yaml (an entry `cluster` with its members' SSH destinations, for --hosts).
# The member rootfs is built once with debootstrap and cached as a tar in $CACHE; a re-run is a
# fast no-op. Idempotent. Must run as root, after setup-real-stack.sh (and setup-ssh-hosts.sh: it is
# run when its client key is missing).
#   --tools        only install debootstrap (apt; setup.sh does it before the background build)
#   --image-only   only build the cached rootfs tar (setup.sh runs this in the background)
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"
cd "$(dirname "$0")/.."

OUT=${LXDOPS_CLUSTER_DIR:-/var/tmp/lxdops-cluster}
CACHE=${LXDOPS_CLUSTER_CACHE:-/var/cache/lxdops-cluster}
SSH_DIR=${LXDOPS_SSH_DIR:-/var/tmp/lxdops-ssh}
# bump when the member recipe below changes: a new tar is built, the old image replaced
RECIPE=1
IMAGE=lxdops-cluster-member
TAR="$CACHE/$IMAGE-v$RECIPE.tar"
PROFILE=lxdops-cluster-member
BRIDGE=lxdopscbr0
NET=10.250.77
MEMBERS=(lxdops-cm1 lxdops-cm2 lxdops-cm3)
POOL=lxdopsm
# the Debian mirror this machine already uses (first URIs: line of its apt sources)
MIRROR=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}

START=$SECONDS
log() { echo "[setup-cluster] [$((SECONDS - START)) s] $*"; }
die() {
  echo "[setup-cluster] FAILED: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, bridges, containers)"
address_of() { echo "$NET.1$(($1 + 1))"; } # member index 0.. -> 10.250.77.11..

# ---------------------------------------------------------------------------------------------
# 1. The member rootfs tar (debootstrap + lxd, zfs-fuse, openssh-server, rsync), built once
# ---------------------------------------------------------------------------------------------
write_member_units() {
  local root=$1
  # lxd.service Requires=lxcfs.service: a failing lxcfs must not block lxd
  sed -e 's/ lxcfs.service//g' -e 's/--group lxd/--group root/' \
    "$root/lib/systemd/system/lxd.service" >"$root/etc/systemd/system/lxd.service"
  # Host quirk: cpu and cpuacct are separate cgroup v1 hierarchies here; systemd in the member
  # cannot mount them and nested containers fail to start. A no-op on a pure cgroup2 machine.
  cat >"$root/usr/local/sbin/lxdops-cgroupfix" <<'EOF'
#!/bin/sh
grep -q ' /sys/fs/cgroup tmpfs ' /proc/mounts || exit 0
mount -o remount,rw /sys/fs/cgroup || exit 0
awk -F: '$2!="" && $2 !~ /^name=/ {print $2}' /proc/self/cgroup | while read -r c; do
  p=/sys/fs/cgroup/$c; mountpoint -q "$p" && continue
  [ -L "$p" ] && rm -f "$p"; mkdir -p "$p" && mount -t cgroup -o "$c" cgroup "$p"
done
mount -o remount,ro /sys/fs/cgroup; exit 0
EOF
  chmod 755 "$root/usr/local/sbin/lxdops-cgroupfix"
  cat >"$root/etc/systemd/system/lxdops-cgroupfix.service" <<'EOF'
[Unit]
Description=lxdops: mount the cgroup v1 controllers systemd could not mount
DefaultDependencies=no
Before=sysinit.target lxd.socket lxd.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/lxdops-cgroupfix
[Install]
WantedBy=sysinit.target
EOF
  # zfs-fuse in the foreground (Debian's init-script unit is disabled); it re-imports the pools of
  # its zpool.cache but does not mount them, hence the mount once it answers.
  cat >"$root/etc/systemd/system/lxdops-zfs-fuse.service" <<'EOF'
[Unit]
Description=lxdops: zfs-fuse and the member's pool
Before=ssh.service lxd.service
[Service]
Type=simple
ExecStart=/usr/sbin/zfs-fuse --no-daemon
ExecStartPost=/bin/sh -c 'for i in $(seq 100); do zpool list >/dev/null 2>&1 && break; sleep 0.2; done; zfs mount -a'
[Install]
WantedBy=multi-user.target
EOF
  # every member gets its own host keys (the image has none)
  cat >"$root/etc/systemd/system/lxdops-sshkeys.service" <<'EOF'
[Unit]
Description=lxdops: this member's own SSH host keys
Before=ssh.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/ssh-keygen -A
[Install]
WantedBy=multi-user.target
EOF
  cat >"$root/etc/ssh/sshd_config.d/lxdops.conf" <<'EOF'
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
MaxStartups 100:30:200
MaxSessions 100
EOF
  printf '[Match]\nName=eth0\n[Network]\nDHCP=no\n' >"$root/etc/systemd/network/eth0.network" # per member
}

install_tools() {
  command -v debootstrap >/dev/null && return 0
  log "installing debootstrap"
  local install=(apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends debootstrap)
  "${install[@]}" >/dev/null 2>&1 || { apt-get -o DPkg::Lock::Timeout=300 update -q && "${install[@]}" >/dev/null; }
}

# what an interrupted build left: its mounts first, then the files (never across a mount)
remove_build() {
  local mount
  for mount in $(awk -v b="$1/" 'index($2, b) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$mount"; done
  rm -rf --one-file-system "$1"
}

build_member_tar() {
  [ -f "$TAR" ] && return 0
  install_tools
  local build="$CACHE/build" root="$CACHE/build/rootfs"
  remove_build "$build"
  mkdir -p "$root"
  log "debootstrap Debian 12 into $root (log: $CACHE/debootstrap.log)"
  debootstrap --variant=minbase --include=systemd-sysv,iproute2,ca-certificates,procps \
    bookworm "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || die "debootstrap failed (see $CACHE/debootstrap.log)"
  # the member uses the same Debian archive as this machine
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null ||
    cp /etc/apt/sources.list "$root/etc/apt/"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" # no daemon starts in the chroot
  chmod +x "$root/usr/sbin/policy-rc.d"
  log "chroot: apt-get install lxd zfs-fuse openssh-server rsync (log: $CACHE/chroot-apt.log)"
  mount -t proc proc "$root/proc"
  local installed=0
  chroot "$root" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends lxd zfs-fuse openssh-server rsync' \
    >"$CACHE/chroot-apt.log" 2>&1 || installed=$?
  umount "$root/proc"
  [ "$installed" = 0 ] || die "apt-get in the member chroot failed (see $CACHE/chroot-apt.log)"
  rm -f "$root/usr/sbin/policy-rc.d" "$root"/etc/ssh/ssh_host_*
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/*
  write_member_units "$root"
  chroot "$root" systemctl enable systemd-networkd ssh lxdops-cgroupfix lxdops-zfs-fuse lxdops-sshkeys >/dev/null 2>&1
  chroot "$root" systemctl disable apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
    dpkg-db-backup.timer e2scrub_reap.service getty@tty1.service zfs-fuse.service >/dev/null 2>&1 || true
  : >"$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id" "$root/etc/hostname"
  printf 'architecture: x86_64\ncreation_date: %s\nproperties:\n  os: debian\n  release: bookworm\n  description: lxdops cluster member v%s (Debian 12, LXD 5.0.2, zfs-fuse, sshd)\n' \
    "$(date +%s)" "$RECIPE" >"$build/metadata.yaml"
  tar -cf "$TAR.tmp" -C "$build" metadata.yaml rootfs && mv "$TAR.tmp" "$TAR"
  remove_build "$build"
  log "cached the member rootfs: $TAR ($(du -m "$TAR" | cut -f1) MB)"
}

mkdir -p "$CACHE" "$OUT"
chmod 700 "$OUT"
if [ "${1:-}" = --tools ]; then
  install_tools
  exit 0
fi
build_member_tar
if [ "${1:-}" = --image-only ]; then
  log "member rootfs ready: $TAR"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# 2. The image, the bridge, the profile, the members
# ---------------------------------------------------------------------------------------------
image_recipe() { lxc image info "$IMAGE" 2>/dev/null | sed -n 's/.*cluster member v\([0-9]*\) .*/\1/p' | head -1; }
if [ "$(image_recipe)" != "$RECIPE" ]; then
  lxc image info "$IMAGE" >/dev/null 2>&1 && lxc image delete "$IMAGE"
  log "importing $TAR as image $IMAGE"
  lxc image import "$TAR" --alias "$IMAGE" >/dev/null || die "lxc image import $TAR failed"
fi

# a plain Linux bridge: the host LXD has no firewall driver, so an LXD managed network fails here
if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
fi
ip link set "$BRIDGE" up

if ! lxc profile show "$PROFILE" >/dev/null 2>&1; then
  lxc profile create "$PROFILE" >/dev/null
  lxc profile set "$PROFILE" security.privileged=true security.nesting=true
  lxc profile device add "$PROFILE" root disk path=/ pool=default >/dev/null
  lxc profile device add "$PROFILE" eth0 nic nictype=bridged parent="$BRIDGE" name=eth0 >/dev/null
  lxc profile device add "$PROFILE" fuse unix-char path=/dev/fuse >/dev/null
fi
# zfs-fuse's rollback writes /proc/sys/vm/drop_caches, which LXD mounts read-only even in a
# privileged container: a member's `zfs rollback` failed ("drop_caches failed"), where a real
# machine's works. proc:rw gives the members a writable /proc/sys, as a machine has. Members that
# run without it are restarted once.
MEMBER_RAW_LXC='lxc.mount.auto=proc:rw sys:mixed cgroup:mixed'
restart_members=no
if [ "$(lxc profile get "$PROFILE" raw.lxc)" != "$MEMBER_RAW_LXC" ]; then
  lxc profile set "$PROFILE" raw.lxc "$MEMBER_RAW_LXC"
  restart_members=yes
fi

for i in "${!MEMBERS[@]}"; do
  member=${MEMBERS[$i]}
  if ! lxc info "$member" >/dev/null 2>&1; then
    log "creating member $member ($(address_of "$i"))"
    lxc init "$IMAGE" "$member" -p "$PROFILE" >/dev/null
    printf '[Match]\nName=eth0\n[Network]\nAddress=%s/24\n' "$(address_of "$i")" >"$OUT/eth0-$member.network"
    lxc file push -q "$OUT/eth0-$member.network" "$member/etc/systemd/network/eth0.network"
  fi
  if [ "$(lxc list "^$member\$" -c s --format csv)" != RUNNING ]; then
    lxc start "$member"
  elif [ "$restart_members" = yes ]; then
    log "restarting member $member (raw.lxc changed)"
    lxc restart "$member" &
  fi
done
wait
for member in "${MEMBERS[@]}"; do
  lxc exec "$member" -- lxd waitready --timeout=120 || die "LXD in $member is not ready within 120 s"
done

# ---------------------------------------------------------------------------------------------
# 3. Each member's zfs-fuse pool, whoami and root's authorized key
# ---------------------------------------------------------------------------------------------
[ -f "$SSH_DIR/clientkey.pub" ] || bash scripts/setup-ssh-hosts.sh
for member in "${MEMBERS[@]}"; do
  for _ in $(seq 100); do lxc exec "$member" -- zpool list >/dev/null 2>&1 && break; sleep 0.2; done
  lxc exec "$member" -- zpool list >/dev/null 2>&1 || die "zfs-fuse does not answer in $member"
  if ! lxc exec "$member" -- zpool list -H -o name "$POOL" >/dev/null 2>&1; then
    log "creating pool $POOL in $member"
    lxc exec "$member" -- mkdir -p /var/lib/lxdops
    lxc exec "$member" -- truncate -s 1G /var/lib/lxdops/$POOL.img
    lxc exec "$member" -- zpool create -m /$POOL $POOL /var/lib/lxdops/$POOL.img >/dev/null 2>&1 ||
      die "zpool create $POOL in $member failed"
  fi
  lxc exec "$member" -- mkdir -p /srv/lxdops /root/.ssh
  printf '%s\n' "$member" >"$OUT/whoami"
  lxc file push -q "$OUT/whoami" "$member/srv/lxdops/whoami"
  lxc file push -q --mode 0600 "$SSH_DIR/clientkey.pub" "$member/root/.ssh/authorized_keys"
  rm -f "$OUT/whoami"
done

# ---------------------------------------------------------------------------------------------
# 4. The cluster: bootstrap lxdops-cm1, join the others
# ---------------------------------------------------------------------------------------------
clustered() { lxc exec "$1" -- lxc info 2>/dev/null | grep -q 'server_clustered: true'; }
if ! clustered "${MEMBERS[0]}"; then
  log "bootstrapping the cluster on ${MEMBERS[0]}"
  lxc exec "${MEMBERS[0]}" -- lxd init --preseed <<EOF
config:
  core.https_address: $(address_of 0):8443
cluster:
  server_name: ${MEMBERS[0]}
  enabled: true
storage_pools:
- name: local
  driver: dir
profiles:
- name: default
  devices:
    root: {path: /, pool: local, type: disk}
EOF
fi
for i in "${!MEMBERS[@]}"; do
  member=${MEMBERS[$i]}
  [ "$i" = 0 ] || clustered "$member" && continue
  log "joining $member"
  token=$(lxc exec "${MEMBERS[0]}" -- lxc cluster list-tokens --format csv | awk -F, -v m="$member" '$1 == m { print $2 }')
  [ -n "$token" ] || token=$(lxc exec "${MEMBERS[0]}" -- lxc cluster add "$member" --quiet | tail -1)
  lxc exec "$member" -- lxd init --preseed <<EOF
cluster:
  enabled: true
  server_name: $member
  server_address: $(address_of "$i"):8443
  cluster_token: $token
  member_config:
  - entity: storage-pool
    name: local
    key: source
    value: ""
EOF
done

# ---------------------------------------------------------------------------------------------
# 5. The client certificate, the cluster certificate, the busybox image
# ---------------------------------------------------------------------------------------------
[ -f "$OUT/client.crt" ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -sha384 -nodes \
  -days 3650 -subj "/CN=lxdops-cluster-client" -keyout "$OUT/client.key" -out "$OUT/client.crt" 2>/dev/null
fingerprint=$(openssl x509 -in "$OUT/client.crt" -outform DER | sha256sum | cut -d' ' -f1)
if ! lxc exec "${MEMBERS[0]}" -- lxc config trust list --format csv | grep -q "${fingerprint:0:12}"; then
  log "trusting $OUT/client.crt in the cluster"
  lxc file push -q "$OUT/client.crt" "${MEMBERS[0]}/root/lxdops-client.crt"
  lxc exec "${MEMBERS[0]}" -- lxc config trust add /root/lxdops-client.crt --name lxdops-cluster-client
fi
lxc file pull -q "${MEMBERS[0]}/var/lib/lxd/cluster.crt" "$OUT/cluster.crt"
if ! lxc exec "${MEMBERS[0]}" -- lxc image info busybox >/dev/null 2>&1; then
  log "copying the busybox image into the cluster"
  rm -rf "$OUT/busybox"
  mkdir -p "$OUT/busybox"
  lxc image export busybox "$OUT/busybox/busybox" >/dev/null
  lxc exec "${MEMBERS[0]}" -- rm -rf /root/busybox
  lxc file push -q -r "$OUT/busybox" "${MEMBERS[0]}/root/"
  # a split image exports as busybox (metadata) + busybox.root (rootfs): metadata first; a unified one as one file
  mapfile -t parts < <(cd "$OUT/busybox" && ls | sort | sed 's|^|/root/busybox/|')
  lxc exec "${MEMBERS[0]}" -- lxc image import "${parts[@]}" --alias busybox >/dev/null
  lxc exec "${MEMBERS[0]}" -- rm -rf /root/busybox
  rm -rf "$OUT/busybox"
fi

# ---------------------------------------------------------------------------------------------
# 6. SSH: known_hosts (by address) and Host entries, in the files of setup-ssh-hosts.sh
# ---------------------------------------------------------------------------------------------
touch "$SSH_DIR/known_hosts" "$SSH_DIR/ssh_config"
known=$(grep -v "^$NET\.1[0-9] " "$SSH_DIR/known_hosts" || true)
entries=$(sed '/^# lxdops-cluster begin/,/^# lxdops-cluster end/d' "$SSH_DIR/ssh_config")
{
  [ -z "$known" ] || printf '%s\n' "$known"
  for i in "${!MEMBERS[@]}"; do
    printf '%s %s\n' "$(address_of "$i")" "$(lxc exec "${MEMBERS[$i]}" -- cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)"
  done
} >"$SSH_DIR/known_hosts.tmp"
mv "$SSH_DIR/known_hosts.tmp" "$SSH_DIR/known_hosts"
{
  printf '%s\n' "$entries"
  echo "# lxdops-cluster begin (scripts/setup-cluster.sh)"
  for i in "${!MEMBERS[@]}"; do printf 'Host %s\n  HostName %s\n' "${MEMBERS[$i]}" "$(address_of "$i")"; done
  echo "# lxdops-cluster end"
} >"$SSH_DIR/ssh_config.tmp"
mv "$SSH_DIR/ssh_config.tmp" "$SSH_DIR/ssh_config"

# ---------------------------------------------------------------------------------------------
# 7. hosts.yaml for --hosts
# ---------------------------------------------------------------------------------------------
{
  echo "# written by scripts/setup-cluster.sh: the nested test cluster"
  echo "- name: cluster"
  echo "  url: https://$(address_of 0):8443"
  echo "  server-cert: $OUT/cluster.crt"
  echo "  client-cert: $OUT/client.crt"
  echo "  client-key: $OUT/client.key"
  echo "  members:"
  for i in "${!MEMBERS[@]}"; do echo "    ${MEMBERS[$i]}: root@$(address_of "$i")"; done
} >"$OUT/hosts.yaml"

# ---------------------------------------------------------------------------------------------
# 8. Self-check: every member online over HTTPS, its SSH destination reaches it and its pool
# ---------------------------------------------------------------------------------------------
name_in_cert=$(openssl x509 -in "$OUT/cluster.crt" -noout -ext subjectAltName | grep -o 'DNS:[^,]*' | head -1 | cut -d: -f2)
members_url="https://$name_in_cert:8443/1.0/cluster/members?recursion=1"
online() {
  curl -sS --max-time 10 --cacert "$OUT/cluster.crt" --cert "$OUT/client.crt" --key "$OUT/client.key" \
    --connect-to "$name_in_cert:8443:$(address_of 0):8443" "$members_url" |
    python3 -c 'import json, sys; print(sum(m["status"] == "Online" for m in json.load(sys.stdin)["metadata"]))'
}
count=0
for _ in $(seq 60); do
  count=$(online 2>/dev/null || echo 0)
  [ "$count" = "${#MEMBERS[@]}" ] && break
  sleep 1
done
[ "$count" = "${#MEMBERS[@]}" ] || die "only $count of ${#MEMBERS[@]} members are Online over HTTPS ($members_url)"
for i in "${!MEMBERS[@]}"; do
  member=${MEMBERS[$i]}
  answer=$(ssh -F "$SSH_DIR/ssh_config" -o BatchMode=yes -o StrictHostKeyChecking=yes \
    "root@$(address_of "$i")" cat /srv/lxdops/whoami \; zpool list -H -o name $POOL 2>&1 | xargs || true)
  [ "$answer" = "$member $POOL" ] || die "ssh root@$(address_of "$i") answered '$answer', not '$member $POOL'"
done
log "cluster up: ${MEMBERS[*]} Online on https://$NET.11-13:8443, each with sshd and pool $POOL; hosts file: $OUT/hosts.yaml"
