import { type Document, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { ParsedFile } from '../document/parsedFile';
import { entries, resolveAlias, spanOf } from '../document/yamlNodes';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { CLOUD_INIT_TOP_LEVEL_KEYS, IGNORED_USER_FIELDS } from '../format/cloudInitKeys';
import { suggest } from '../format/suggest';
import type { SchemaValidator } from '../schema/schemaValidator';
import { origin } from '../text/origin';
import { sudoRuleToDoas } from './doasRule';
import { checkFileBasics } from '../validate/fileBasics';
import { commonSchemaDiagnostic, pathLabel, unknownKeyDiagnostic } from '../validate/schemaMessages';

const SUPPORTED = ['packages', 'write_files', 'users', 'timezone', 'runcmd'];
const KNOWN_TOP = new Set(CLOUD_INIT_TOP_LEVEL_KEYS);
const IGNORED_USER = new Set(IGNORED_USER_FIELDS);

/** An octal mode as lxdops and cloud-init both read it: `644`, `0644`, `0o644`, up to four digits. */
export const OCTAL_MODE = /^(0o?)?[0-7]{1,4}$/;

/** Every check of one `#cloud-config` file; none depends on the config that lists it. */
export function checkCloudConfigFile(parsed: ParsedFile, schema: SchemaValidator): Diagnostic[] {
  const file = parsed.path;
  const at = (n: Node | null | undefined) => origin(file, spanOf(n));
  const out = checkFileBasics(parsed, '#cloud-config');
  // rules on what the parser made of broken text report problems that are not there
  if (parsed.syntaxErrors.length > 0) return out;
  for (const issue of schema.check(parsed.doc)) {
    if (issue.kind !== 'unknown-key') {
      out.push(commonSchemaDiagnostic(file, issue));
    } else if (issue.path.length > 0) {
      out.push(unknownKeyDiagnostic(file, issue, `\`${pathLabel(issue.path)}\``));
    } else if (KNOWN_TOP.has(issue.key)) {
      out.push(
        diagnostic(
          'unsupported-module',
          origin(file, issue.span),
          `\`${issue.key}\` is a cloud-init module that lxdops does not apply; it will be ignored. lxdops applies only ${SUPPORTED.join(', ')}.`,
        ),
      );
    } else {
      const s = suggest(issue.key, CLOUD_INIT_TOP_LEVEL_KEYS);
      out.push(
        s
          ? diagnostic(
              'unknown-module',
              origin(file, issue.span),
              `\`${issue.key}\` is not a cloud-config key: did you mean \`${s}\`?`,
              {
                fixes: [{ kind: 'edit', title: `Change to \`${s}\``, file, span: issue.span, newText: s }],
              },
            )
          : diagnostic(
              'unknown-module',
              origin(file, issue.span),
              `\`${issue.key}\` is not a cloud-config key; it is ignored. lxdops applies ${SUPPORTED.join(', ')}.`,
            ),
      );
    }
  }
  const root = parsed.doc.contents;
  if (!isMap(root)) return out;
  const doc = parsed.doc;
  const items = (value: Node | null) =>
    isSeq(value)
      ? (value.items as (Node | null)[]).map((i) => (i === null ? null : resolveAlias(i, doc)))
      : [];
  for (const { key, value } of entries(root, doc)) {
    if (key === 'write_files')
      for (const item of items(value)) out.push(...checkWriteFile(item, at, file, doc));
    if (key === 'users') for (const item of items(value)) out.push(...checkUser(item, at, doc));
    if (key === 'runcmd')
      for (const item of items(value)) out.push(...checkRuncmdItem(item, at, parsed.text));
    if (key === 'packages') for (const item of items(value)) out.push(...checkPackage(item, at, doc));
  }
  return out;
}

type At = (n: Node | null | undefined) => ReturnType<typeof origin>;

function checkWriteFile(item: Node | null, at: At, file: string, doc: Document): Diagnostic[] {
  if (!isMap(item)) return [];
  const out: Diagnostic[] = [];
  for (const { key, keyNode, value } of entries(item, doc)) {
    if (key === 'permissions' && isScalar(value)) out.push(...checkPermissions(value, at, file));
    if (key === 'encoding' && isScalar(value) && value.value !== 'text/plain') {
      out.push(
        diagnostic(
          'unsupported-field',
          at(keyNode),
          `lxdops does not decode \`encoding: ${String(value.value)}\`; the content is written as it stands. Put the plain text in \`content\` and remove \`encoding\`.`,
        ),
      );
    }
    if (key === 'source') {
      out.push(
        diagnostic(
          'unsupported-field',
          at(keyNode),
          'lxdops does not download `source`; the file gets only `content`. Put the text in `content` instead.',
        ),
      );
    }
  }
  return out;
}

function checkPermissions(value: Scalar, at: At, file: string): Diagnostic[] {
  const text = typeof value.value === 'string' ? value.value : String(value.source ?? value.value);
  if (!OCTAL_MODE.test(text)) {
    return [
      diagnostic(
        'invalid-permissions',
        at(value),
        `\`permissions: ${text}\` is not an octal mode; write it as a quoted octal string such as '0644'.`,
      ),
    ];
  }
  if (typeof value.value === 'number' && !text.startsWith('0')) {
    const fixed = `'0${text.replace(/^0o?/, '')}'`;
    return [
      diagnostic(
        'permissions-not-string',
        at(value),
        `Unquoted \`${text}\` is a decimal number to cloud-init (mode ${(value.value as number).toString(8)} in octal); quote it as ${fixed}.`,
        {
          fixes: [{ kind: 'edit', title: `Quote as ${fixed}`, file, span: spanOf(value), newText: fixed }],
        },
      ),
    ];
  }
  return [];
}

function checkUser(item: Node | null, at: At, doc: Document): Diagnostic[] {
  if (isScalar(item)) {
    return item.value === 'default'
      ? [
          diagnostic(
            'unsupported-value',
            at(item),
            'lxdops has no distribution default user: this `default` entry is ignored. Describe the user with `name:` instead.',
          ),
        ]
      : [];
  }
  if (!isMap(item)) return [];
  const out: Diagnostic[] = [];
  let hasName = false;
  for (const { key, keyNode, value } of entries(item, doc)) {
    if (key === 'name' || key === 'snapuser') hasName = true;
    if (IGNORED_USER.has(key))
      out.push(
        diagnostic(
          'unsupported-field',
          at(keyNode),
          `lxdops ignores \`${key}\` on users; remove it, or apply it with \`runcmd\`.`,
        ),
      );
    if (key === 'sudo') out.push(...checkDoasRules(value, at));
    if (key === 'sudo' && isSeq(value)) {
      if (value.items.length === 0) {
        out.push(
          diagnostic(
            'unsupported-value',
            at(value),
            'An empty `sudo` list gives no rules (upstream lxdops gave full access). Use `sudo: true` for full access, or remove the key.',
          ),
        );
      }
      for (const rule of value.items as Node[]) {
        if (!isScalar(rule) || typeof rule.value !== 'string')
          out.push(
            diagnostic(
              'unsupported-value',
              at(rule),
              'A sudo rule must be a string such as `ALL=(ALL) NOPASSWD:ALL`; this item is skipped.',
            ),
          );
      }
    }
  }
  if (!hasName)
    out.push(
      diagnostic(
        'missing-key',
        at((item.items[0]?.key as Node | undefined) ?? item),
        'This user has no `name`; add `name:` with the login name.',
      ),
    );
  return out;
}

/** Each string rule of `sudo` that doas (alpine) cannot express: a warning at the rule. */
function checkDoasRules(value: Node | null, at: At): Diagnostic[] {
  const rules = isSeq(value) ? (value.items as Node[]) : [value];
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    if (!isScalar(rule) || typeof rule.value !== 'string' || rule.value === '') continue;
    const t = sudoRuleToDoas(rule.value);
    if (!t.ok)
      out.push(
        diagnostic(
          'sudo-rule-not-doas',
          at(rule),
          `doas cannot express this sudo rule: ${t.reason}. On alpine it is not written to /etc/doas.d (the sudoers file still gets it); use a rule such as \`ALL=(ALL) NOPASSWD:ALL\`, or write the doas rule with \`write_files\`.`,
        ),
      );
  }
  return out;
}

function checkRuncmdItem(item: Node | null, at: At, text: string): Diagnostic[] {
  if (item === null || (isScalar(item) && item.value === null)) {
    // an empty item has no text: point at its dash
    const o = at(item);
    const dash = text.lastIndexOf('-', o.start);
    const span =
      o.start === o.end && dash !== -1 && text.slice(dash + 1, o.start).trim() === ''
        ? { ...o, start: dash, end: dash + 1 }
        : o;
    return [
      diagnostic(
        'unsupported-value',
        span,
        'An empty `runcmd` item is skipped (upstream lxdops failed on it); remove it.',
      ),
    ];
  }
  if (isSeq(item) && item.items.length === 0)
    return [
      diagnostic(
        'empty-command',
        at(item),
        'An empty command cannot run; give the program and its arguments, e.g. `[echo, hello]`.',
      ),
    ];
  return [];
}

function checkPackage(item: Node | null, at: At, doc: Document): Diagnostic[] {
  if (!isMap(item)) return [];
  const out: Diagnostic[] = [];
  for (const { key, keyNode } of entries(item, doc)) {
    if (key === 'snap')
      out.push(
        diagnostic(
          'unsupported-value',
          at(keyNode),
          'lxdops does not install snaps; these packages are skipped.',
        ),
      );
  }
  return out;
}
