import type { ConfigWorkspace } from '../config/configWorkspace';
import { isConditional } from '../config/conditionalPaths';
import type { ConfigFileModel, PathEntry } from '../config/model';
import { isConfigKind } from '../document/header';
import type { ParsedFile } from '../document/parsedFile';
import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic';
import { REMOVED_V1_KEYS } from '../format/keyTable';
import type { SchemaValidator } from '../schema/schemaValidator';
import { origin } from '../text/origin';
import { checkFileBasics } from './fileBasics';
import { commonSchemaDiagnostic, pathLabel, unknownKeyDiagnostic } from './schemaMessages';

/** Device names that other profiles usually define; a disk device of that name replaces theirs. */
const RESERVED_DEVICE_NAMES = new Set(['root', 'eth0']);

/** What differs between the two formats' file checks. */
export interface FormatRules {
  header: '#lxdops' | '#lxops-v1';
  /** What the file is, for "a key of ..." messages. */
  what: string;
  removedKeys: Readonly<Record<string, string>>;
  removedMessage: (key: string, instead: string) => string;
  /** What a null device entry needs. */
  deviceNeeds: string;
}

const LXDOPS_RULES: FormatRules = {
  header: '#lxdops',
  what: 'an lxdops config',
  removedKeys: REMOVED_V1_KEYS,
  removedMessage: (key, instead) => `\`${key}\` is a v1 key that lxdops v2 ignores: ${instead}.`,
  deviceNeeds: 'a `path` and a `filesystem`',
};

/** Everything about one `#lxdops` file's own text (cacheable per parse). */
export function checkLxdopsFile(
  parsed: ParsedFile,
  model: ConfigFileModel,
  schema: SchemaValidator,
): Diagnostic[] {
  return checkConfigText(parsed, model, schema, LXDOPS_RULES);
}

/** The checks of a config file's own text, in either format. */
export function checkConfigText(
  parsed: ParsedFile,
  model: ConfigFileModel,
  schema: SchemaValidator,
  rules: FormatRules,
): Diagnostic[] {
  const file = parsed.path;
  const out = checkFileBasics(parsed, rules.header);
  // rules on what the parser made of broken text report problems that are not there
  if (parsed.syntaxErrors.length > 0) return out;
  for (const issue of schema.check(parsed.doc)) {
    if (issue.kind === 'unknown-key') {
      const move =
        issue.path.length === 0 && Object.hasOwn(rules.removedKeys, issue.key)
          ? rules.removedKeys[issue.key]
          : undefined;
      out.push(
        move
          ? diagnostic('removed-key', origin(file, issue.span), rules.removedMessage(issue.key, move))
          : unknownKeyDiagnostic(
              file,
              issue,
              issue.path.length === 0 ? rules.what : `\`${pathLabel(issue.path)}\``,
            ),
      );
    } else if (
      issue.kind === 'null' &&
      issue.path.length === 2 &&
      (issue.path[0] === 'filesystems' || issue.path[0] === 'devices')
    ) {
      const what = issue.path[0] === 'filesystems' ? 'Filesystem' : 'Device';
      const needs = issue.path[0] === 'filesystems' ? 'a `pattern`' : rules.deviceNeeds;
      out.push(
        diagnostic(
          'null-entry',
          origin(file, issue.span),
          `${what} \`${issue.path[1]}\` has no value: give it ${needs}, or remove it.`,
        ),
      );
    } else {
      out.push(commonSchemaDiagnostic(file, issue));
    }
  }
  out.push(...entryRules(file, model));
  return out;
}

/** The rules on the filesystems and devices a file writes. */
function entryRules(file: string, model: ConfigFileModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const fs of model.filesystems) {
    if (!fs.isNull && (!fs.pattern || fs.pattern.value.trim() === '')) {
      out.push(
        diagnostic(
          'empty-pattern',
          fs.pattern?.origin ?? fs.keyOrigin,
          `Filesystem \`${fs.id}\` has no \`pattern\`: set a ZFS dataset such as \`(fsroot)/${fs.id}/(instance)\` or an absolute directory.`,
        ),
      );
    }
  }
  for (const d of model.devices) {
    if (RESERVED_DEVICE_NAMES.has(d.name)) {
      out.push(
        diagnostic(
          'device-name-reserved',
          d.keyOrigin,
          `A device named \`${d.name}\` replaces the \`${d.name}\` device of the other profiles (usually the ${d.name === 'root' ? 'root disk' : 'network interface'}); choose another name.`,
        ),
      );
    }
    if (d.isNull) continue;
    if (!d.path || d.path.value === '') {
      out.push(
        diagnostic(
          'device-path-invalid',
          d.path?.origin ?? d.keyOrigin,
          `Device \`${d.name}\` needs a \`path\`: the absolute mount point inside the container, such as \`/${d.name}\`.`,
        ),
      );
    } else if (!d.path.value.startsWith('/')) {
      out.push(
        diagnostic(
          'device-path-invalid',
          d.path.origin,
          `Device path \`${d.path.value}\` must be absolute (start with /).`,
          {
            fixes: [
              {
                kind: 'edit',
                title: `Change to /${d.path.value}`,
                file,
                span: d.path.origin,
                newText: `/${d.path.value}`,
              },
            ],
          },
        ),
      );
    }
  }
  return out;
}

/** The files a config names outside `include` must exist (they change without this file changing). */
export function checkReferencedFiles(model: ConfigFileModel, ws: ConfigWorkspace): Diagnostic[] {
  // a broken file's lists may be cut short or misread: nothing is said about the files they name
  if (hasSyntaxErrors(ws, model.file)) return [];
  // an `#lxops-v1` entry with `(key)` is substituted per root: the include tree checks it
  const out = missingFiles(
    model.cloudConfigFiles.filter((e) => !isConditional(model, e)),
    ws,
    'cloud-config-not-found',
    'cloud-config file',
    '#cloud-config',
  );
  const sc = model.sourceConfig;
  if (sc) {
    out.push(...missingFiles([sc], ws, 'source-config-not-found', 'source config', '#lxdops'));
    const p = ws.parsed(sc.resolved);
    const readable = model.format === 'lxops' ? isConfigKind : (k: string) => k === 'lxdops';
    if (p.ok && !readable(p.value.header.kind)) {
      out.push(
        diagnostic(
          'include-not-lxdops',
          sc.origin,
          `The source config \`${sc.raw}\` is not an lxdops config: its first line must be exactly #lxdops.`,
        ),
      );
    }
  }
  return out;
}

/** Whether a file parses with syntax errors: then it is reported, and no rule runs on its tree. */
export function hasSyntaxErrors(ws: ConfigWorkspace, file: string): boolean {
  const p = ws.parsed(file);
  return p.ok && p.value.syntaxErrors.length > 0;
}

function missingFiles(
  list: PathEntry[],
  ws: ConfigWorkspace,
  code: 'cloud-config-not-found' | 'source-config-not-found',
  what: string,
  header: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of list) {
    const r = ws.read(e.resolved);
    if (r.ok) continue;
    out.push(
      r.reason === 'not-found'
        ? diagnostic(
            code,
            e.origin,
            `The ${what} \`${e.raw}\` does not exist (looked for ${e.resolved}). Fix the path, or create the file starting with ${header}.`,
            {
              fixes: [
                { kind: 'create-file', title: `Create ${e.raw}`, file: e.resolved, text: `${header}\n` },
              ],
            },
          )
        : diagnostic('file-unreadable', e.origin, `The ${what} \`${e.raw}\` cannot be read: ${r.message}.`),
    );
  }
  return out;
}
