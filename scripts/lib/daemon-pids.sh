# daemon_pids NAME: PIDs of live daemons named NAME in this PID namespace.
# - Only this namespace: the nested cluster members (lxdops-cm1..3) run their own zfs-fuse and lxd,
#   which the host sees with plain pgrep. Counting them made setup wait for, and stop-real-stack
#   kill, another machine's daemon (a CI run found "zfs-fuse runs but does not answer": the host had
#   none, its members three).
# - Skips zombies and LXD's helper processes (lxd forkfile, lxd forkexec, ...), which are also
#   called "lxd": a daemon's first argument is empty or an option.
daemon_pids() {
  local pid state arg1
  for pid in $(pgrep -x --ns $$ --nslist pid "$1" || true); do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] || continue
    arg1=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n 2p || true)
    case "$arg1" in '' | -*) echo "$pid" ;; esac
  done
}
