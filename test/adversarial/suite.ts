/**
 * What the adversarial suite's files share: the `adv-` names on the shared LXD daemon, configs in a
 * fresh folder, the scratch pools, an in-process plan (the engine's own line of defence behind
 * `check`), and the shape of a refusal on the command line.
 *
 * Everything runs on the real stack (test/integration/stack.ts): real LXD, real zfs-fuse. Anything
 * that could destroy runs only against scratch pools and folders made here; system paths are used
 * only by `check` and `--dry-run`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { checkFiles } from '../../core/src/check/checkFiles';
import { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { type EngineCommand, planCommand } from '../../core/src/engine/engine';
import type { Plan } from '../../core/src/engine/plan';
import { DiskFileSystem } from '../../core/src/fs/diskFileSystem';
import { LocalHostRunner } from '../../core/src/host/localHostRunner';
import { LxdClient } from '../../core/src/lxd/lxdClient';
import {
  IMAGE,
  must,
  NIC_PROFILE,
  OWNER,
  requireStack,
  type RunResult,
  SOCKET,
  write,
} from '../integration/stack';
import { createScratchPool, destroyScratchPool, type ScratchPool } from './scratchPool';

const PREFIX = 'adv-';

/** `adv-<n>`: a container, its instance name and its config file's base name. */
export const advName = (n: number | string) => `${PREFIX}${n}`;

/** Removes every container and profile of the suite (`adv-*`) from the daemon. */
async function removeAdvFromLxd(): Promise<void> {
  const instances = JSON.parse(await must('lxc', ['list', '--format', 'json'])) as { name: string }[];
  for (const i of instances.filter((x) => x.name.startsWith(PREFIX)))
    await must('lxc', ['delete', '--force', i.name]);
  const profiles = JSON.parse(await must('lxc', ['profile', 'list', '--format', 'json'])) as {
    name: string;
  }[];
  for (const p of profiles.filter((x) => x.name.startsWith(PREFIX)))
    await must('lxc', ['profile', 'delete', p.name]);
}

export interface SuiteContext {
  /** The folder of this file's configs. */
  dir: string;
  pools: ScratchPool[];
}

/**
 * The hooks of a suite file: before, the stack is required, the suite's leftovers are removed and
 * the scratch pools `advpool<n>` are made; after, all of it is removed again.
 */
export function suiteHooks(poolNumbers: readonly number[]): SuiteContext {
  const ctx: SuiteContext = { dir: '', pools: [] };
  before(async () => {
    await requireStack();
    await removeAdvFromLxd();
    ctx.dir = mkdtempSync(join(tmpdir(), 'adv-configs-'));
    for (const n of poolNumbers) ctx.pools.push(await createScratchPool(n));
  });
  after(async () => {
    await removeAdvFromLxd();
    for (const p of ctx.pools) await destroyScratchPool(p.name);
    if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

/** A config of the suite: busybox, the NIC profile, owner 100000:100000, the given filesystems and devices. */
export function advConfig(
  path: string,
  o: { filesystems: string[]; devices?: string[]; extra?: string[] },
): string {
  return write(
    path,
    [
      '#lxdops',
      `os: {name: alpine, image: ${IMAGE}}`,
      `profiles: [default, ${NIC_PROFILE}]`,
      `device-owner: "${OWNER}"`,
      ...(o.extra ?? []),
      'filesystems:',
      ...o.filesystems.map((l) => `  ${l}`),
      ...(o.devices?.length ? ['devices:', ...o.devices.map((l) => `  ${l}`)] : []),
      '',
    ].join('\n'),
  );
}

/**
 * Plans a command in-process with the real doors, skipping `check` as a caller of the core could:
 * the engine refuses on its own (PlanError, SpecError) what `check` reports.
 */
export async function planWithoutCheck(command: EngineCommand, file: string): Promise<Plan> {
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const root = checkFiles([file], ws).results.get(file);
  assert.ok(root, `${file} resolves`);
  const lxd = new LxdClient(SOCKET);
  try {
    return await planCommand(command, root, ws, { lxd, host: new LocalHostRunner() });
  } finally {
    await lxd.close();
  }
}

/** For assertion messages: what the CLI printed. */
export const shown = (r: RunResult) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/**
 * A diagnostic line (`file:line:col: error code: ...`, or `file: error code: ...`), one reason of a
 * refusal (`  - ...`), or an `lxdops:` line.
 */
const ERROR_LINE = /^(\S.*?(:\d+:\d+)?: (error|warning) [a-z-]+: .+| {2}- \S.*|lxdops: .+)$/;

/**
 * The CLI refused as it should: the exit status, and every line of stderr (of stdout for `check`,
 * which prints its findings and a count there) is one error (a diagnostic or an `lxdops:` line);
 * a JS stack trace (`    at f (file:1:2)`) fails the test.
 */
export function assertRefused(r: RunResult, status: 1 | 2, o: { check?: boolean } = {}): void {
  assert.equal(r.status, status, shown(r));
  assert.doesNotMatch(r.stdout + r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace:\n${shown(r)}`);
  const lines = (o.check ? r.stdout : r.stderr)
    .split('\n')
    .filter((l) => l && !/^\d+ files checked: /.test(l));
  assert.ok(lines.length > 0, `an error is printed:\n${shown(r)}`);
  for (const line of lines) assert.match(line, ERROR_LINE, `one line per error:\n${shown(r)}`);
}

/** A diagnostic of `lxdops check --format json` (line and column 1-based). */
export interface JsonDiagnostic {
  file: string;
  severity: 'error' | 'warning' | 'info';
  code: string;
  line: number;
  column: number;
  message: string;
}

/** The errors (not the warnings) of `lxdops check --format json`. */
export function jsonErrors(r: RunResult): JsonDiagnostic[] {
  return (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics.filter(
    (d) => d.severity === 'error',
  );
}

/** The 1-based line and column of the first `needle` in a file's text. */
export function lineColumnOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in the config`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
