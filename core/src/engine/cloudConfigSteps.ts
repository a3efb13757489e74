import type { ParsedFile } from '../document/parsedFile';
import type { Step } from './plan';
import { validators } from '../schema/schemas';
import { yamlToData } from '../schema/yamlToData';
import { CloudConfigError, type Ctx, exec, type Json, type OsFamily } from './cloudConfig/context';
import { packages } from './cloudConfig/packages';
import { aroundPrivateUse, PRIVATE_DIR } from './cloudConfig/privateFiles';
import { runcmd } from './cloudConfig/runcmd';
import { users } from './cloudConfig/users';
import { parseMode, writeFile } from './cloudConfig/writeFiles';

export { CloudConfigError, type OsFamily, parseMode };

/** alpine → alpine; debian and ubuntu → debian (reference cloud-config-subset §0). */
export function osFamily(name: string): OsFamily | undefined {
  if (name === 'alpine') return 'alpine';
  if (name === 'debian' || name === 'ubuntu') return 'debian';
  return undefined;
}

function timezone(c: Ctx, zone: string): Step {
  return exec(
    c,
    `set the timezone to ${zone}`,
    c.os === 'alpine' ? ['setup-timezone', '-z', zone] : ['timedatectl', 'set-timezone', zone],
  );
}

function dataOf(parsed: ParsedFile): Json {
  if (parsed.header.kind !== 'cloud-config' || !parsed.header.exact)
    throw new CloudConfigError(`${parsed.path}: does not start with #cloud-config`);
  if (parsed.syntaxErrors.length)
    throw new CloudConfigError(`${parsed.path}: ${parsed.syntaxErrors[0]!.message}`);
  const data = (
    parsed.doc.contents === null ? {} : yamlToData(parsed.doc, validators.cloudConfig.schema)
  ) as Json;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new CloudConfigError(`${parsed.path}: not a mapping`);
  return data;
}

/**
 * The steps that apply one cloud-config file, in lxdops' order: write_files (not deferred),
 * packages, users, timezone, deferred write_files, runcmd (reference cloud-config-subset §3.6).
 * Secrets reach the container only as private files (cloudConfig/privateFiles.ts).
 */
export function cloudConfigSteps(
  parsed: ParsedFile,
  target: { instance: string; project: string; os: OsFamily },
): Step[] {
  const data = dataOf(parsed);
  let privateFiles = 0;
  const c: Ctx = { ...target, file: parsed.path, nextPrivateFile: () => `${PRIVATE_DIR}/${++privateFiles}` };
  const files = Array.isArray(data.write_files) ? (data.write_files as Json[]) : [];
  return aroundPrivateUse(c, [
    ...files.filter((f) => f && f.defer !== true).flatMap((f) => writeFile(c, f)),
    ...(Array.isArray(data.packages) ? packages(c, data.packages) : []),
    ...(data.users !== undefined && data.users !== null ? users(c, data.users) : []),
    ...(typeof data.timezone === 'string' && data.timezone ? [timezone(c, data.timezone)] : []),
    ...files.filter((f) => f && f.defer === true).flatMap((f) => writeFile(c, f)),
    ...(Array.isArray(data.runcmd) ? runcmd(c, data.runcmd) : []),
  ]);
}

/** Whether applying these files needs the network (packages to install). */
export function needsNetwork(parsed: ParsedFile): boolean {
  const data =
    parsed.doc.contents === null ? {} : (yamlToData(parsed.doc, validators.cloudConfig.schema) as Json);
  return Array.isArray(data?.packages) && data.packages.length > 0;
}
