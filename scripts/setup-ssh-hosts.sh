#!/usr/bin/env bash
# Two SSH hosts for the SSH runner's tests (issue 10), on this machine, nothing exposed:
#   lxdops-host1  sshd on 127.0.0.1:2222
#   lxdops-host2  sshd in the network namespace lxdopsns1 at 10.250.78.2:22, with its own host
#                 name (lxdops-host2) and a private /srv/lxdops (whoami = host2): a command that
#                 ran there proves it ran there.
# Key-only root login; the client key, host key, known_hosts and an ssh_config live in $DIR.
# Idempotent. Must run as root.
set -euo pipefail
DIR=${LXDOPS_SSH_DIR:-/var/tmp/lxdops-ssh}
log() { echo "[setup-ssh-hosts] $*"; }
mkdir -p "$DIR" /run/sshd
chmod 700 "$DIR"
[ -x /usr/sbin/sshd ] || apt-get install -y -q --no-install-recommends openssh-server >/dev/null
[ -f "$DIR/hostkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/hostkey" -C lxdops-test-host
[ -f "$DIR/clientkey" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/clientkey" -C lxdops-test-client
cp "$DIR/clientkey.pub" "$DIR/authorized_keys"

sshd_config() {
  cat <<CONF
Port $2
ListenAddress $1
HostKey $DIR/hostkey
PidFile $DIR/sshd-$3.pid
AuthorizedKeysFile $DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 100:30:200
MaxSessions 100
CONF
}
alive() { [ -f "$DIR/sshd-$1.pid" ] && kill -0 "$(cat "$DIR/sshd-$1.pid")" 2>/dev/null; }
sshd_config 127.0.0.1 2222 h1 >"$DIR/sshd_h1"
sshd_config 10.250.78.2 22 h2 >"$DIR/sshd_h2"
alive h1 || /usr/sbin/sshd -f "$DIR/sshd_h1" -E "$DIR/sshd-h1.log"
if ! ip netns list | grep -qw lxdopsns1; then
  ip netns add lxdopsns1
  ip link add lxdopsv0 type veth peer name lxdopsv1
  ip link set lxdopsv1 netns lxdopsns1
  ip addr add 10.250.78.1/30 dev lxdopsv0
  ip link set lxdopsv0 up
  ip -n lxdopsns1 addr add 10.250.78.2/30 dev lxdopsv1
  ip -n lxdopsns1 link set lxdopsv1 up
  ip -n lxdopsns1 link set lo up
fi
alive h2 || ip netns exec lxdopsns1 unshare --uts --mount --propagation private sh -c \
  "hostname lxdops-host2; mkdir -p /srv/lxdops; mount -t tmpfs lxdops /srv/lxdops; echo host2 > /srv/lxdops/whoami; exec /usr/sbin/sshd -f $DIR/sshd_h2 -E $DIR/sshd-h2.log"
key=$(cut -d' ' -f1,2 "$DIR/hostkey.pub")
printf '[127.0.0.1]:2222 %s\n10.250.78.2 %s\n' "$key" "$key" >"$DIR/known_hosts"
cat >"$DIR/ssh_config" <<CONF
Host *
  User root
  IdentityFile $DIR/clientkey
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
CONF
for _ in $(seq 25); do ssh -F "$DIR/ssh_config" -o BatchMode=yes 10.250.78.2 true 2>/dev/null && break; sleep 0.2; done
ssh -F "$DIR/ssh_config" -o BatchMode=yes -p 2222 127.0.0.1 true || { echo "[setup-ssh-hosts] FAILED: lxdops-host1" >&2; exit 1; }
[ "$(ssh -F "$DIR/ssh_config" -o BatchMode=yes 10.250.78.2 cat /srv/lxdops/whoami)" = host2 ] ||
  { echo "[setup-ssh-hosts] FAILED: lxdops-host2" >&2; exit 1; }
log "lxdops-host1 (127.0.0.1:2222) and lxdops-host2 (10.250.78.2, netns lxdopsns1) answer; ssh_config: $DIR/ssh_config"
