import { doasLine, sudoRuleToDoas } from '../../cloudconfig/doasRule';
import type { Step } from '../plan';
import type { Ctx } from './context';
import { withPrivateFile } from './privateFiles';

const DEFAULT_RULE = 'ALL=(ALL) NOPASSWD:ALL';

/** The rules of a `sudo` value: true → the default, a string → one, a list → its strings. */
export function rulesOf(v: unknown): string[] {
  if (v === true) return [DEFAULT_RULE];
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v)) return v.filter((r): r is string => typeof r === 'string');
  return [];
}

/** The lines of /etc/doas.d/<name>.conf: each rule that doas can express (the check warns of the rest). */
export function doasLines(rules: string[], name: string): string[] {
  return rules.flatMap((rule) => {
    const t = sudoRuleToDoas(rule);
    return t.ok ? t.permits.map((p) => doasLine(p, name)) : [];
  });
}

// Each file is written only where its directory exists (sudo or doas installed), as upstream.
const installInto = (dir: string, file: string) => [
  `if [ -d ${dir} ]; then`,
  'umask 077',
  `cat -- "$1" > "${dir}/${file}"`,
  `chmod 600 -- "${dir}/${file}"`,
  'fi',
];

/**
 * `<name> <rule>` lines to /etc/sudoers.d/<name> on every OS; on alpine also the doas translation
 * to /etc/doas.d/<name>.conf. The rules travel as private files (a rule is no shell text).
 */
export function sudoRules(c: Ctx, name: string, value: unknown): Step[] {
  const rules = rulesOf(value);
  if (!rules.length) return [];
  const sudoers = withPrivateFile(
    c,
    { what: `the sudo rules of ${name}`, content: rules.map((r) => `${name} ${r}\n`).join('') },
    { description: `give ${name} sudo rules`, script: installInto('/etc/sudoers.d', '$2'), args: [name] },
  );
  const doas = c.os === 'alpine' ? doasLines(rules, name) : [];
  if (!doas.length) return sudoers;
  return [
    ...sudoers,
    ...withPrivateFile(
      c,
      { what: `the doas rules of ${name}`, content: doas.map((l) => `${l}\n`).join('') },
      { description: `give ${name} doas rules`, script: installInto('/etc/doas.d', '$2.conf'), args: [name] },
    ),
  ];
}
