import type { EffectiveConfig } from '../../config/effectiveConfig';
import { patternRefs } from '../../config/substitute';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { suggest } from '../../format/suggest';
import type { Located } from '../../text/origin';
import { refOrigin } from './patternSpans';
import type { RootContext } from './rootContext';

/** Every value of the merged config that goes through substitution, with its field name. */
export function patternValues(c: EffectiveConfig): { field: string; value: Located<string> }[] {
  const out: { field: string; value: Located<string> }[] = [];
  const add = (field: string, v: Located<string> | undefined) => v && out.push({ field, value: v });
  add('container', c.container);
  add('profile-pattern', c.profilePattern);
  add('origin', c.origin);
  add('device-template', c.deviceTemplate);
  add('device-origin', c.deviceOrigin);
  add('device-owner', c.deviceOwner);
  add('os.image', c.os.image);
  add('os.version', c.os.version);
  for (const fs of c.filesystems.values()) add(`filesystems.${fs.id}.pattern`, fs.pattern);
  for (const d of c.devices.values()) add(`devices.${d.name}.dir`, d.dir);
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
