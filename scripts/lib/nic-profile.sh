# Sourced by setup-real-stack.sh and setup-incus.sh (which define log): the profile with a p2p NIC
# that the integration tests name, made idempotently with the daemon's own CLI (lxc or incus).
ensure_nic_profile() {
  local cli=$1 profile=$2
  if "$cli" profile show "$profile" >/dev/null 2>&1; then
    log "profile '$profile' exists"
  else
    log "creating profile '$profile'"
    "$cli" profile create "$profile"
  fi
  if [ "$("$cli" profile device get "$profile" eth0 nictype 2>/dev/null || true)" != "p2p" ]; then
    log "adding NIC eth0 (nictype p2p) to profile '$profile'"
    "$cli" profile device remove "$profile" eth0 >/dev/null 2>&1 || true
    "$cli" profile device add "$profile" eth0 nic nictype=p2p name=eth0
  fi
}
