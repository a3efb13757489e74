import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { CheckOptions } from '../check/checkFiles';
import type { ConfigWorkspace } from '../config/configWorkspace';
import {
  defaultGlobalPropertiesPath,
  loadGlobalProperties,
  loadLxopsGlobalProperties,
  lxopsConfigDir,
} from '../config/globalProperties';
import { listYamlFiles } from '../fs/listYaml';
import { currentLxcProject, lxcConfigDirs } from '../config/lxcClientConfig';
import type { Diagnostic } from '../diagnostics/diagnostic';

/** The options every config command shares (upstream's ConfigOptions). */
export interface ConfigFlags {
  properties?: string;
  property: string[];
  project?: string;
  name?: string;
}

/** A problem with the command line or the files it names: exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `-P key=value` pairs; the value is everything after the first `=`. */
export function parsePropertyFlags(list: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of list) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`-P ${arg}: expected key=value`);
    out.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  return out;
}

const warned = new Set<string>();

/** Prints a warning on stderr, once per process (the options are computed once per config). */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`lxdops: warning: ${message}\n`);
}

/**
 * Turns the flags into check options; an explicit --properties file must exist. A config.yml of
 * the lxc client that cannot be used is reported through `warn` (stderr by default).
 */
export function checkOptionsFrom(
  flags: ConfigFlags,
  ws: ConfigWorkspace,
  warn: (message: string) => void = warnOnce,
): { options: CheckOptions; diagnostics: Diagnostic[] } {
  const explicit = flags.properties !== undefined;
  const file = explicit ? resolve(flags.properties!) : defaultGlobalPropertiesPath(process.env, homedir());
  const loaded = loadGlobalProperties(ws, file);
  if (explicit && !loaded.found) throw new UsageError(`--properties ${flags.properties}: no such file`);
  const lxops = loadLxopsGlobalProperties(ws, lxopsConfigDir(process.env, homedir()), listYamlFiles);
  const lxc = currentLxcProject(ws.fs, lxcConfigDirs(process.env, homedir()));
  if (lxc.problem) warn(lxc.problem);
  const currentProject = lxc.project;
  return {
    options: {
      commandLineProperties: parsePropertyFlags(flags.property),
      globalProperties: loaded.global,
      lxopsGlobalProperties: lxops.global,
      lxopsGlobalFiles: lxops.files,
      ...(flags.project !== undefined ? { project: flags.project } : {}),
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      ...(currentProject !== undefined ? { currentProject } : {}),
    },
    diagnostics: [...loaded.diagnostics, ...lxops.diagnostics],
  };
}
