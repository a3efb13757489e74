import type { Step } from '../plan';

export type OsFamily = 'alpine' | 'debian';

export class CloudConfigError extends Error {
  override readonly name = 'CloudConfigError';
}

/** A mapping of the cloud-config, as plain data. */
export type Json = Record<string, unknown>;

/** What every module's step builder knows: where the steps run and which file they come from. */
export interface Ctx {
  instance: string;
  project: string;
  os: OsFamily;
  file: string;
  /** The path of the next private file (numbered per cloud-config file). */
  nextPrivateFile: () => string;
}

/** A command run in the container: an argument vector, never holding a secret. */
export const exec = (c: Ctx, description: string, command: string[]): Step => ({
  kind: 'exec',
  description,
  destructive: false,
  instance: c.instance,
  project: c.project,
  command,
});
