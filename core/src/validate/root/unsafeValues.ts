import { controlProblem, datasetNameProblem, operandProblem } from '../../config/safeValues';
import { propertySources } from '../../config/propertySources';
import { substitute } from '../../config/substitute';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import type { Located } from '../../text/origin';
import { shownPattern } from './resolvedFilesystems';
import type { RootContext } from './rootContext';
import { patternValues } from './undefinedProperties';

/** Fields checked elsewhere: the container name (invalid-instance-name); device dirs may hold `..` (device-dir-outside). */
const SKIPPED = new Set(['container', 'os.version']);

function problemOf(
  field: string,
  value: string,
): { code: 'unsafe-value' | 'invalid-dataset-name'; problem: string } | undefined {
  if (field.startsWith('devices.')) {
    // joined to the filesystem's directory, so neither `-` nor `..` can lead it: see device-dir-outside
    const p = controlProblem(value);
    return p ? { code: 'unsafe-value', problem: p } : undefined;
  }
  const p = operandProblem(value);
  if (p) return { code: 'unsafe-value', problem: p };
  if (field.startsWith('filesystems.') && !value.startsWith('/')) {
    const d = datasetNameProblem(value);
    if (d) return { code: 'invalid-dataset-name', problem: d };
  }
  return undefined;
}

function check(ctx: RootContext, field: string, v: Located<string>): Diagnostic[] {
  if (SKIPPED.has(field) || v.value === '') return [];
  const s = substitute(v.value, (k) => ctx.properties.value(k), ctx.config.format);
  if (s.missing.length) return [];
  const found = problemOf(field, s.value);
  if (!found) return [];
  const sources = propertySources(v.value, (k) => ctx.properties.get(k));
  const what = found.code === 'invalid-dataset-name' ? 'is not a valid ZFS dataset name: it' : '';
  return [
    diagnostic(
      found.code,
      v.origin,
      `\`${field}\` ${shownPattern(v.value, s.value)} ${what}${what ? ' ' : ''}${found.problem}${sources}. Change the value${sources ? ' or the property' : ''}: lxdops passes it to LXD and to host commands.`,
    ),
  ];
}

/** Substituted values that must not reach a command or LXD: control characters, a leading `-`, `..`, a bad dataset name. */
export function unsafeValues(ctx: RootContext): Diagnostic[] {
  return patternValues(ctx.config).flatMap(({ field, value }) => check(ctx, field, value));
}
