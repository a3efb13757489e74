import { resolve } from 'node:path';
import { ConfigWorkspace } from '../config/configWorkspace';
import { PlanError } from '../engine/planError';
import { openFleetHosts, upgradeHostsOf } from '../fleet/fleetHosts';
import { prepareUpgrade } from '../fleet/upgradePrepare';
import { runUpgrade } from '../fleet/upgradeRun';
import { formatUpgrade } from '../fleet/upgradeText';
import type { FleetUpgradeRequest, HostUpgradePlan, UpgradeHost, UpgradeResult } from '../fleet/upgradeTypes';
import { DiskFileSystem } from '../fs/diskFileSystem';
import { FileLockStore } from '../host/fileLockStore';
import { probeRemote } from '../lxd/remoteProbe';
import { confirmationItems } from '../operations/confirm';
import { formatBlockers } from './blockerOutput';
import { checkOptionsFrom } from './cliOptions';
import type { Io } from './engineCommands';
import { type FleetFlags, fleetConfigsUnder, fleetHostEntries } from './fleetCommand';
import { liveStatus } from './fleetLive';
import { stopOnSignals } from './stopSignals';
import { upgradeRequestOf, type UpgradeFlags } from './fleetUpgradeFlags';

/** The destructive steps of every clone's rebuild, one line each, for the confirmation. */
function destructiveLines(plans: readonly HostUpgradePlan[]): string[] {
  return plans.flatMap((h) =>
    [h.templatePrepared, h.clones].flatMap((p) =>
      p
        ? confirmationItems(p).flatMap((i) => i.destructive.map((d) => `  ${h.host}/${i.instance}: ${d}`))
        : [],
    ),
  );
}

async function confirmed(plans: readonly HostUpgradePlan[], flags: UpgradeFlags, io: Io): Promise<boolean> {
  const lines = destructiveLines(plans);
  if (!lines.length || flags.yes) return true;
  const question = `This deletes or overwrites:\n${lines.join('\n')}\nProceed?`;
  if (!io.confirm)
    throw new PlanError(`${question.replace(/\nProceed\?$/, '')}\nre-run with --yes to proceed`);
  if (await io.confirm(question)) return true;
  io.err('cancelled: nothing was changed\n');
  return false;
}

function summaryText(result: UpgradeResult): string {
  const s = result.summary;
  const lines = result.clones
    .filter((c) => c.status !== 'done')
    .map((c) => `  ${c.host}/${c.instance}: ${c.status}${c.message ? `: ${c.message}` : ''}\n`);
  const notes = result.notes.map((n) => `note: ${n}\n`).join('');
  return `${notes}${lines.join('')}fleet upgrade: ${s.done} done, ${s.reverted} reverted, ${s.failed} failed, ${s.skipped} skipped\n`;
}

function upgradeHosts(flags: FleetFlags, locks: FileLockStore) {
  const opened = openFleetHosts(fleetHostEntries(flags), process.env);
  const hosts = upgradeHostsOf(opened.hosts, {
    workspace: () => new ConfigWorkspace(new DiskFileSystem()),
    probeRemote: (url) => probeRemote(url),
    locks,
  });
  return { hosts, problems: opened.problems, close: opened.close };
}

async function prepared(request: FleetUpgradeRequest, hosts: UpgradeHost[], io: Io) {
  const result = await prepareUpgrade(request, hosts);
  if (!result.ok) {
    io.err(formatBlockers(result.blockers, () => undefined));
    throw new PlanError(
      `${result.blockers.length} problem(s) found before anything was changed: nothing was changed`,
    );
  }
  for (const n of result.notes) io.err(`note: ${n}\n`);
  return result.hosts;
}

/**
 * `lxdops fleet upgrade TEMPLATE_CONFIG`: plan on every host (read-only), print it with
 * --dry-run, confirm what the rebuilds delete, then run with one live line per clone and a
 * summary. Exit 1 when a clone failed or was reverted.
 */
export async function runFleetUpgrade(template: string, flags: UpgradeFlags, io: Io): Promise<number> {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const check = checkOptionsFrom(flags, ws).options;
  const paths = [...(flags.configs.length ? flags.configs : ['.']), template];
  const request = upgradeRequestOf(resolve(template), fleetConfigsUnder(paths, flags), flags, check);
  const locks = new FileLockStore();
  const { hosts, problems, close } = upgradeHosts(flags, locks);
  try {
    for (const p of problems) io.err(`note: ${p.host}: ${p.message}\n`);
    const plans = await prepared(request, hosts, io);
    if (flags.dryRun) {
      io.out(formatUpgrade(plans));
      io.out('dry run: nothing was changed\n');
      return 0;
    }
    if (!(await confirmed(plans, flags, io))) return 1;
    const stop = stopOnSignals(() => locks.releaseHeld(), io.err);
    const live = liveStatus(io.err, process.stderr);
    const result = await runUpgrade(request, plans, hosts, {
      signal: stop.signal,
      onProgress: (p) => live.update(p),
      onLog: (line) => io.err(`${line}\n`),
    }).finally(() => {
      live.close();
      stop.dispose();
    });
    io.out(summaryText(result));
    return result.summary.failed || result.summary.reverted ? 1 : (stop.status() ?? 0);
  } finally {
    await close();
  }
}
