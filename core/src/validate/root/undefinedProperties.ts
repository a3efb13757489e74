import type { EffectiveConfig } from '../../config/effectiveConfig';
import { type PatternRef, patternRefs } from '../../config/substitute';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { keysOf, type NestedKeySpec } from '../../format/keyTable';
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
  const t = keysOf(c.format);
  for (const spec of t.configKeys)
    // `#lxops-v1` `image` is held in `os.image` (see EffectiveConfig)
    if (spec.substitutable) add(spec.key, spec.key === 'image' ? c.os.image : fields(c)[spec.field]);
  for (const spec of substituted(t.osKeys)) add(`os.${spec.key}`, fields(c.os)[spec.key]);
  for (const fs of c.filesystems.values())
    for (const spec of substituted(t.filesystemKeys))
      add(`filesystems.${fs.id}.${spec.key}`, fields(fs)[spec.key]);
  for (const d of c.devices.values())
    for (const spec of substituted(t.deviceKeys)) add(`devices.${d.name}.${spec.key}`, fields(d)[spec.key]);
  return out;
}

/** `(key)` references that no property source defines, at the reference itself. */
export function undefinedProperties(ctx: RootContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = () => ctx.properties.all().map((p) => p.key);
  for (const { field, value } of patternValues(ctx.config)) {
    for (const ref of patternRefs(value.value, ctx.config.format)) {
      if (ref.key !== '' && ctx.properties.get(ref.key)) continue;
      if (ref.key === '') {
        out.push(emptyReference(ctx, field, value, ref));
        continue;
      }
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

/** lxops reads `()` as a reference to the empty key, which nothing defines. */
function emptyReference(
  ctx: RootContext,
  field: string,
  value: Located<string>,
  ref: PatternRef,
): Diagnostic {
  return diagnostic(
    'undefined-property',
    refOrigin(ctx.ws, value, ref),
    `\`()\` (in \`${field}\`) is a reference to the empty property name for lxops, which is never defined: remove it, or put a property name between the parentheses.`,
  );
}
