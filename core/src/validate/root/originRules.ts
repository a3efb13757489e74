import { substitute } from '../../config/substitute';
import { instanceNameProblem } from '../../config/instanceName';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import type { Located } from '../../text/origin';
import { headerOrigin } from './osRules';
import type { RootContext } from './rootContext';

/** The substituted value, or undefined when a property is missing (reported elsewhere). */
function resolved(ctx: RootContext, v: Located<string> | undefined): string | undefined {
  if (!v || v.value === '') return undefined;
  const s = substitute(v.value, (k) => ctx.properties.value(k), ctx.config.format);
  return s.missing.length ? undefined : s.value;
}

export interface ParsedOrigin {
  project?: string;
  container: string;
  snapshot?: string;
}

/** `[<project>_]<container>[/<snapshot>]`, read correctly (upstream drops the project's snapshot). */
export function parseOrigin(text: string): ParsedOrigin {
  const slash = text.indexOf('/');
  const head = slash === -1 ? text : text.slice(0, slash);
  const snapshot = slash === -1 ? undefined : text.slice(slash + 1);
  const us = head.indexOf('_');
  return {
    ...(us === -1 ? {} : { project: head.slice(0, us) }),
    container: us === -1 ? head : head.slice(us + 1),
    ...(snapshot === undefined ? {} : { snapshot }),
  };
}

export function originRules(ctx: RootContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const o = ctx.config.origin;
  const value = resolved(ctx, o);
  if (o && value !== undefined) {
    const p = parseOrigin(value);
    const shown = value === o.value ? `\`${value}\`` : `\`${o.value}\` (= \`${value}\`)`;
    const problem =
      instanceNameProblem(p.container) ??
      (p.snapshot !== undefined && (p.snapshot === '' || p.snapshot.includes('/'))
        ? 'the snapshot name after `/` is empty or has another `/`'
        : undefined);
    if (problem) {
      out.push(
        diagnostic(
          'origin-format',
          o.origin,
          `origin ${shown} is not \`[<project>_]<container>[/<snapshot>]\`: ${problem.replace(/^it /, `the container \`${p.container}\` `)}.`,
        ),
      );
    } else if (p.project !== undefined && p.snapshot !== undefined) {
      out.push(
        diagnostic(
          'origin-project-snapshot',
          o.origin,
          `origin ${shown} copies snapshot \`${p.snapshot}\` of \`${p.container}\` in project \`${p.project}\`. Upstream lxdops misreads this form (it looks for \`${p.container}/${p.snapshot}/${p.snapshot}\`); lxdops for VS Code reads it correctly.`,
        ),
      );
    }
  }
  const d = ctx.config.deviceOrigin;
  const dv = resolved(ctx, d);
  if (d && dv !== undefined) {
    const parts = dv.split('@');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      out.push(
        diagnostic(
          'device-origin-format',
          d.origin,
          `device-origin \`${dv}\` must be \`<instance>@<snapshot>\`, e.g. \`template@copy\`: the instance whose filesystems are cloned and the ZFS snapshot to clone.`,
        ),
      );
    }
    for (const fs of ctx.config.filesystems.values()) {
      if (fs.transient?.value) {
        out.push(
          diagnostic(
            'device-origin-transient',
            fs.transient.origin,
            `Filesystem \`${fs.id}\` is transient, so \`lxdops snapshot\` never snapshots it and device-origin \`${dv}\` has nothing to clone it from. Upstream lxdops fails here; lxdops for VS Code creates it empty.`,
          ),
        );
      }
    }
  }
  return out;
}

/** The container name (the `container` pattern, default the instance name) must be a valid LXD name. */
export function instanceNameRule(ctx: RootContext): Diagnostic[] {
  const c = ctx.config.container;
  const name = c && c.value !== '' ? resolved(ctx, c) : ctx.instance;
  if (name === undefined) return [];
  const problem = instanceNameProblem(name);
  if (!problem) return [];
  const at = c && c.value !== '' ? c.origin : headerOrigin(ctx);
  const from = c && c.value !== '' ? '`container`' : 'the file name';
  return [
    diagnostic(
      'invalid-instance-name',
      at,
      `The container name \`${name}\` (from ${from}) is not a valid LXD name: ${problem}. Rename the ${c && c.value !== '' ? 'value' : 'file'}, or set \`container\`.`,
    ),
  ];
}
