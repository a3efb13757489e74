import type { ConfigFileModel } from '../config/model';
import type { ParsedFile } from '../document/parsedFile';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { REMOVED_LXOPS_KEYS } from '../format/keyTable';
import type { SchemaValidator } from '../schema/schemaValidator';
import { checkConfigText, type FormatRules } from './lxdopsFileRules';
import { osToOstypeFix } from './osToOstype';

const LXOPS_RULES: FormatRules = {
  header: '#lxops-v1',
  what: 'an lxops config',
  removedKeys: REMOVED_LXOPS_KEYS,
  removedMessage: (key, instead) =>
    `\`${key}\` is an #lxdops key that lxops does not read (it ignores it silently): ${instead}.`,
  deviceNeeds: 'a `path`, and a `filesystem` or an absolute `dir`',
};

/** Everything about one `#lxops-v1` file's own text (cacheable per parse). */
export function checkLxopsFile(
  parsed: ParsedFile,
  model: ConfigFileModel,
  schema: SchemaValidator,
): Diagnostic[] {
  const out = checkConfigText(parsed, model, schema, LXOPS_RULES);
  if (parsed.syntaxErrors.length > 0) return out;
  const osKey = model.keys.get('os');
  const fix = osKey ? osToOstypeFix(parsed) : undefined;
  if (fix) {
    const i = out.findIndex((d) => d.code === 'removed-key' && d.span.start === osKey!.start);
    if (i >= 0) out[i] = { ...out[i]!, fixes: [fix] };
  }
  out.push(...emptyProfilePattern(model));
  return out;
}

/** lxops refuses a config without an instance profile ("configuration without profile is not supported"). */
function emptyProfilePattern(model: ConfigFileModel): Diagnostic[] {
  const p = model.profilePattern;
  if (!p || p.value.trim() !== '' || !model.keys.has('profile-pattern')) return [];
  return [
    diagnostic(
      'empty-profile',
      p.origin,
      'lxops needs an instance profile, so `profile-pattern` cannot be empty: remove the key (the default is `(instance).lxops`) or give it a name.',
    ),
  ];
}
