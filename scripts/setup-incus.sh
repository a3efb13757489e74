#!/usr/bin/env bash
# Incus 6.0 LTS beside LXD, for the multi-host tests (issue 10): installed from Debian 12's
# backports WITHOUT changing the machine's apt configuration (the sources live in a private
# directory), started by hand (no systemd here), initialised with a `default` dir pool, and given
# the same busybox image as LXD (built by setup-real-stack.sh, which must run first) and the
# same NIC profile the integration tests use (lxdops-test-nic).
#
# Idempotent: it only does what is missing. Must run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

INCUS_SOCKET=/var/lib/incus/unix.socket
INCUS_LOG=/var/log/incus/incusd.log
APT_DIR=/var/tmp/lxdops-backports
IMAGE_BUILD_DIR=/var/tmp/lxdops-busybox
START_TS=$(date +%s)
log() { echo "[setup-incus] $*"; }
die() {
  echo "[setup-incus] FAILED: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || die "must run as root"

# 1. Packages, from bookworm-backports through a private sources directory
if ! command -v incus >/dev/null || [ ! -x /usr/libexec/incus/incusd ]; then
  log "installing incus-base and incus-client from bookworm-backports"
  mkdir -p "$APT_DIR/etc" "$APT_DIR/lists/partial"
  cp /etc/apt/sources.list.d/*.sources "$APT_DIR/etc/"
  # the first stanza only (the main archive; the security archive has no backports suite)
  awk 'NF == 0 { exit } { print }' /etc/apt/sources.list.d/debian.sources |
    sed -e 's/^Suites:.*/Suites: bookworm-backports/' >"$APT_DIR/etc/backports.sources"
  apt_options=(-o "Dir::Etc::sourceparts=$APT_DIR/etc" -o "Dir::State::Lists=$APT_DIR/lists")
  apt-get "${apt_options[@]}" update -q
  apt-get "${apt_options[@]}" install -y -q --no-install-recommends -t bookworm-backports \
    incus-base incus-client || die "apt-get install incus failed"
fi

# 2. The daemon
if ! incus info >/dev/null 2>&1; then
  log "starting incusd"
  mkdir -p "$(dirname "$INCUS_LOG")"
  setsid nohup /usr/libexec/incus/incusd --group root --logfile "$INCUS_LOG" \
    >>"$INCUS_LOG.stdout" 2>&1 </dev/null &
  incus admin waitready --timeout 60 || {
    tail -n 15 "$INCUS_LOG" >&2 || true
    die "incusd did not become ready within 60 s"
  }
fi
[ -S "$INCUS_SOCKET" ] || die "no Incus socket at $INCUS_SOCKET"

# 3. A dir pool and the default profile's root disk
if ! incus storage show default >/dev/null 2>&1; then
  log "initialising Incus (preseed: storage pool 'default' (dir))"
  incus admin init --preseed <<'YAML'
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

# 4. The profile with a p2p NIC that the integration tests name (the same as LXD's, from
#    setup-real-stack.sh), so the same tests run against Incus (LXDOPS_TEST_HOST=incus-local)
NIC_PROFILE=lxdops-test-nic
# shellcheck source=lib/nic-profile.sh
source "$(dirname "$0")/lib/nic-profile.sh"
ensure_nic_profile incus "$NIC_PROFILE"

# 5. The busybox image
if ! incus image info busybox >/dev/null 2>&1; then
  [ -f "$IMAGE_BUILD_DIR/meta.tar.gz" ] || die "no busybox image build in $IMAGE_BUILD_DIR: run setup-real-stack.sh first"
  log "importing the busybox image"
  incus image import "$IMAGE_BUILD_DIR/meta.tar.gz" "$IMAGE_BUILD_DIR/rootfs.tar.gz" --alias busybox \
    || die "incus image import failed"
fi

log "Incus $(incus version 2>/dev/null | sed -n 's/^Server version: //p') ready in $(($(date +%s) - START_TS)) s"
