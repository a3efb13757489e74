/**
 * What a cluster member answers while its database has no leader. When the member holding the
 * dqlite leadership dies (here: `lxc stop --force` of a member of the nested cluster), every query
 * fails at once with `Failed to begin transaction: call exec-sql (budget 9.99s): receive: header:
 * EOF` for about 30 s on LXD 5.0.2, until the others elect a new leader; then every member shows
 * Offline for about 20 s more, until the heartbeats catch up. A clean stop hands the leadership
 * over and nothing fails. Waiting is far past the 10 s bound of a probe, so the message says what
 * is going on instead.
 */
const NO_LEADER = [
  /failed to begin transaction/i,
  /no available dqlite leader/i,
  /not leader/i,
  /leadership lost/i,
];

function isLeaderElection(message: string): boolean {
  return NO_LEADER.some((re) => re.test(message));
}

/** LXD's message, with what it means and what to do when it says the database has no leader. */
export function withElectionAdvice(message: string): string {
  if (!isLeaderElection(message)) return message;
  return `the cluster's database has no leader: the member that held it stopped or lost its network, and the others are electing a new one (about 30 s on LXD 5.0, never while most database members are down). Nothing can be read or changed meanwhile. Try again in a minute, and check \`lxc cluster list\` on a member (LXD: ${message})`;
}
