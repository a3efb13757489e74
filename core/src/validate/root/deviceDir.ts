import { systemPathProblem } from '../../config/protectedPaths';
import { escapesFilesystem, normalisedPath } from '../../config/safeValues';
import { substitute } from '../../config/substitute';
import type { DeviceModel } from '../../config/model';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { shownPattern } from './resolvedFilesystems';
import type { RootContext } from './rootContext';

function dirProblem(value: string): string | undefined {
  if (!value.startsWith('/'))
    return escapesFilesystem(value) ? 'leaves its filesystem through `..`' : undefined;
  const system = systemPathProblem(value);
  return system ? `${system} (an absolute host path: \`${normalisedPath(value)}\`)` : undefined;
}

function check(ctx: RootContext, device: DeviceModel): Diagnostic[] {
  const dir = device.dir;
  if (device.isNull || !dir || dir.value === '') return [];
  const s = substitute(dir.value, (k) => ctx.properties.value(k), ctx.config.format);
  if (s.missing.length) return [];
  // the host directory of an `#lxops-v1` device without a filesystem is the user's: never created
  // or chowned, but a system directory is still never bound into a container (the engine refuses it)
  if (ctx.config.format === 'lxops' && !device.filesystem?.value) return externalDirCheck(device, s.value);
  const problem = dirProblem(s.value);
  if (!problem) return [];
  return [
    diagnostic(
      'device-dir-outside',
      dir.origin,
      `Device \`${device.name}\`: \`dir\` ${shownPattern(dir.value, s.value)} ${problem}: lxdops would create it, give it to the device owner and bind it into the container. Use a directory inside the filesystem, e.g. \`dir: ${device.name}\`.`,
    ),
  ];
}

function externalDirCheck(device: DeviceModel, value: string): Diagnostic[] {
  const system = value.startsWith('/') ? systemPathProblem(value) : undefined;
  if (!system || !device.dir) return [];
  return [
    diagnostic(
      'device-dir-outside',
      device.dir.origin,
      `Device \`${device.name}\`: \`dir\` \`${normalisedPath(value)}\` ${system}: lxdops does not bind a system directory into a container. Bind a directory of your own, e.g. under \`/srv/<name>/\`.`,
    ),
  ];
}

/** A device `dir` must stay inside its filesystem, and an absolute one must not be a system directory. */
export function deviceDir(ctx: RootContext): Diagnostic[] {
  return [...ctx.config.devices.values()].flatMap((d) => check(ctx, d));
}
