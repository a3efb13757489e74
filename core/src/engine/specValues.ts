import { instanceNameProblem } from '../config/instanceName';
import { systemPathProblem } from '../config/protectedPaths';
import { controlProblem, datasetNameProblem, escapesFilesystem, operandProblem } from '../config/safeValues';

/** What a substituted value becomes, which decides what it may hold. */
export type ValueKind =
  /** `filesystems.*.pattern`: an absolute directory or a ZFS dataset name. */
  | 'filesystem'
  /** `devices.*.dir`: relative to its filesystem (must stay inside), or absolute. */
  | 'device-dir'
  /** The container name, checked as LXD checks it. */
  | 'container'
  /** A name or an operand of a host command (profile, origin, device-owner, ...). */
  | 'operand'
  /** Sent to LXD as a value, never an operand (os.image). */
  | 'text';

/** Why a substituted value cannot be used, or undefined. */
export function valueProblem(kind: ValueKind, value: string): string | undefined {
  switch (kind) {
    case 'filesystem':
      if (value.startsWith('/')) return operandProblem(value);
      return (
        operandProblem(value) ?? prefixed('is not a valid ZFS dataset name: it', datasetNameProblem(value))
      );
    case 'device-dir':
      if (controlProblem(value)) return controlProblem(value);
      // an absolute dir is created and chowned as it is: never a system directory (as check's device-dir-outside)
      if (value.startsWith('/')) return systemPathProblem(value);
      return escapesFilesystem(value) ? 'leaves its filesystem through `..`' : undefined;
    case 'container':
      return prefixed('is not a valid LXD instance name:', instanceNameProblem(value));
    case 'operand':
      return operandProblem(value);
    case 'text':
      return controlProblem(value);
  }
}

function prefixed(prefix: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${prefix} ${problem}`;
}
