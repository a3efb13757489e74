import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { LocalHostRunner } from '../core/src/host/localHostRunner';
import { SshHostRunner } from '../core/src/host/sshHostRunner';
import { fmt, median } from './stats';

const DIR = process.env.LXDOPS_SSH_DIR ?? '/var/tmp/lxdops-ssh';
const ROUNDS = 10;

async function timeAsync(fn: () => Promise<unknown>, rounds: number): Promise<number[]> {
  await fn(); // warm-up: for the SSH runner, this opens the shared connection
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return out;
}

/**
 * The cost of one host step over SSH (issue 10): the runner's multiplexed connection against a new
 * connection per step (plain `ssh`, ControlMaster off) and against the same step run locally,
 * all measured here on lxdops-host2 (scripts/setup-ssh-hosts.sh).
 */
export async function benchSsh(work: string): Promise<void> {
  const config = join(DIR, 'ssh_config');
  if (!existsSync(config)) throw new Error(`no ${config}: run scripts/setup-ssh-hosts.sh`);
  const step = { argv: ['true'], sudo: true };
  const runner = new SshHostRunner('root@10.250.78.2', {
    configFile: config,
    controlDir: mkdtempSync(join(work, 'cm-')),
  });
  const multiplexed = median(await timeAsync(() => runner.run(step), ROUNDS));
  const { execa } = await import('execa');
  const fresh = median(
    await timeAsync(
      () =>
        execa('ssh', ['-F', config, '-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '10.250.78.2', 'true']),
      ROUNDS,
    ),
  );
  const local = new LocalHostRunner();
  const here = median(await timeAsync(() => local.run(step), ROUNDS));
  console.log(`ssh: one host step over the multiplexed connection ${fmt(multiplexed)} median of ${ROUNDS}`);
  console.log(
    `ssh:   a new connection per step ${fmt(fresh)} (${(fresh / multiplexed).toFixed(1)}× the multiplexed step)`,
  );
  console.log(
    `ssh:   the same step on this machine ${fmt(here)} (multiplexed SSH = ${(multiplexed / here).toFixed(1)}× local)`,
  );
}
