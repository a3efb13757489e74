import type { EffectiveConfig } from '../../config/effectiveConfig';
import { patternRefs } from '../../config/substitute';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import {
  CONFIG_KEYS,
  DEVICE_KEYS,
  FILESYSTEM_KEYS,
  type NestedKeySpec,
  OS_KEYS,
} from '../../format/keyTable';
import { suggest } from '../../format/suggest';
import type { Located } from '../../text/origin';
import { refOrigin } from './patternSpans';
import type { RootContext } from './rootContext';

/** Every value of the merged config that goes through substitution, with its field name. */
export function patternValues(c: EffectiveConfig): { field: string; value: Located<string> }[] {
  const out: { field: string; value: Located<string> }[] = [];
  const add = (field: string, v: unknown) => v && out.push({ field, value: v as Located<string> });
  const substituted = (keys: readonly NestedKeySpec[]) => keys.filter((spec) => spec.substitutable);
  const fields = (o: object) => o as Record<string, unknown>;
  for (const spec of CONFIG_KEYS) if (spec.substitutable) add(spec.key, fields(c)[spec.field]);
  for (const spec of substituted(OS_KEYS)) add(`os.${spec.key}`, fields(c.os)[spec.key]);
  for (const fs of c.filesystems.values())
    for (const spec of substituted(FILESYSTEM_KEYS))
      add(`filesystems.${fs.id}.${spec.key}`, fields(fs)[spec.key]);
  for (const d of c.devices.values())
    for (const spec of substituted(DEVICE_KEYS)) add(`devices.${d.name}.${spec.key}`, fields(d)[spec.key]);
  return out;
}

/** `(key)` references that no property source defines, at the reference itself. */
export function undefinedProperties(ctx: RootContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = () => ctx.properties.all().map((p) => p.key);
  for (const { field, value } of patternValues(ctx.config)) {
    for (const ref of patternRefs(value.value)) {
      if (ctx.properties.get(ref.key)) continue;
      const s = suggest(ref.key, known());
      const at = refOrigin(ctx.ws, value, ref);
      out.push(
        diagnostic(
          'undefined-property',
          at,
          `Property \`${ref.key}\` (in \`${field}\`) is not defined${s ? `: did you mean \`${s}\`?` : '.'} Define it under \`properties\`, in the global properties file, or pass -P ${ref.key}=VALUE.`,
          s
            ? {
                fixes: [
                  { kind: 'edit', title: `Change to (${s})`, file: at.file, span: at, newText: `(${s})` },
                ],
              }
            : {},
        ),
      );
    }
  }
  return out;
}
