import { basename } from 'node:path';
import { checkCloudConfigFile } from '../cloudconfig/checkCloudConfig';
import type { ConfigWorkspace } from '../config/configWorkspace';
import type { EffectiveConfig } from '../config/effectiveConfig';
import { type IncludeTree, loadIncludeTree } from '../config/includeTree';
import { instanceNameOf } from '../config/instanceName';
import { mergeTree } from '../config/merge';
import { buildPropertySet, type GlobalProperties, type PropertySet } from '../config/properties';
import { type Diagnostic, diagnostic, sortAndDedupe } from '../diagnostics/diagnostic';
import { validators } from '../schema/schemas';
import { origin } from '../text/origin';
import { checkLxdopsFile } from '../validate/lxdopsFileRules';
import { duplicateDevicePaths, unknownFilesystems } from '../validate/root/deviceRules';
import { duplicateCloudConfigs, duplicateProfiles } from '../validate/root/listRules';
import { instanceNameRule, originRules } from '../validate/root/originRules';
import { missingImage, unknownOs } from '../validate/root/osRules';
import type { RootContext, RootRule } from '../validate/root/rootContext';
import { undefinedProperties } from '../validate/root/undefinedProperties';

export interface CheckOptions {
  /** `-P key=value`, highest precedence. */
  commandLineProperties?: Map<string, string>;
  globalProperties?: GlobalProperties;
  /** `--project`, over the config's `project`. */
  project?: string;
  /** The current lxc project, used when neither `--project` nor the config sets one. */
  currentProject?: string;
  /** `--name`: the instance name, for a single root only. */
  name?: string;
}

/** What one root config resolves to. */
export interface RootResult {
  root: string;
  tree: IncludeTree;
  config: EffectiveConfig;
  instance: string;
  project: string;
  properties: PropertySet;
}

export interface CheckResult {
  /** Every file that was checked: the given ones and those they reach. */
  files: string[];
  roots: string[];
  diagnostics: Diagnostic[];
  results: Map<string, RootResult>;
}

const ROOT_RULES: readonly RootRule[] = [
  undefinedProperties,
  unknownFilesystems,
  duplicateDevicePaths,
  duplicateProfiles,
  duplicateCloudConfigs,
  missingImage,
  unknownOs,
  originRules,
  instanceNameRule,
];

/** Resolves one root: its include tree, merged config, instance, project and properties. */
export function resolveRoot(root: string, ws: ConfigWorkspace, options: CheckOptions): { result: RootResult; problems: Diagnostic[]; structural: Diagnostic[] } | undefined {
  const tree = loadIncludeTree(root, ws);
  if (!tree) return undefined;
  const { config, problems } = mergeTree(tree);
  const instance = options.name ?? instanceNameOf(root);
  const project = options.project || config.project?.value || options.currentProject || 'default';
  const properties = buildPropertySet({
    commandLine: options.commandLineProperties ?? new Map(),
    config,
    instance,
    project,
    global: options.globalProperties ?? { properties: new Map() },
  });
  return { result: { root, tree, config, instance, project, properties }, problems, structural: tree.problems };
}

/**
 * Checks a set of files as one workspace: `#lxdops` files that no other file includes are roots,
 * checked with their includes; every file reached is checked on its own once; problems that depend
 * on the including root are reported in the file where they can be fixed, naming that root when
 * other roots that include the file do not have the problem.
 */
export function checkFiles(paths: readonly string[], ws: ConfigWorkspace, options: CheckOptions = {}): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const configs: string[] = [];
  const cloudConfigs = new Set<string>();
  for (const path of paths) {
    const p = ws.parsed(path);
    if (!p.ok) {
      diagnostics.push(diagnostic('file-unreadable', origin(path, { start: 0, end: 0 }), p.failure.message));
      continue;
    }
    const kind = p.value.header.kind;
    if (kind === 'lxdops') configs.push(path);
    else if (kind === 'cloud-config') cloudConfigs.add(path);
    else {
      const nl = p.value.text.indexOf('\n');
      diagnostics.push(
        diagnostic('header', origin(path, { start: 0, end: nl === -1 ? p.value.text.length : nl }), kind === 'lxops'
          ? 'This is an lxops (`#lxops-v1`) file; lxdops reads files whose first line is exactly `#lxdops` or `#cloud-config`.'
          : 'The first line must be exactly `#lxdops` (a config) or `#cloud-config` (a cloud-config file).'),
      );
    }
  }

  const includedBySet = new Set<string>();
  for (const c of configs) {
    const m = ws.config(c);
    if (m.ok) for (const e of m.value.model.include) if (e.resolved !== c) includedBySet.add(e.resolved);
  }
  const roots = configs.filter((c) => !includedBySet.has(c));

  const results = new Map<string, RootResult>();
  const reached = new Set<string>();
  const contextual: { d: Diagnostic; root: string }[] = [];
  const runRoot = (root: string) => {
    const r = resolveRoot(root, ws, options);
    if (!r) return;
    results.set(root, r.result);
    for (const m of r.result.tree.preOrder) reached.add(m.file);
    diagnostics.push(...r.structural);
    const ctx: RootContext = { ...r.result, ws };
    for (const d of r.problems) contextual.push({ d, root });
    for (const rule of ROOT_RULES) for (const d of rule(ctx)) contextual.push({ d, root });
  };
  for (const root of roots) runRoot(root);
  // Files only reachable through a cycle have no root: check each from itself.
  for (const c of configs) {
    if (!reached.has(c)) {
      roots.push(c);
      runRoot(c);
    }
  }

  for (const file of reached) {
    const m = ws.config(file);
    if (!m.ok) continue;
    diagnostics.push(...checkLxdopsFile(m.value.parsed, m.value.model, validators.lxdops, ws));
    for (const e of m.value.model.cloudConfigFiles) if (ws.exists(e.resolved)) cloudConfigs.add(e.resolved);
  }
  for (const file of cloudConfigs) {
    const p = ws.parsed(file);
    if (p.ok) diagnostics.push(...checkCloudConfigFile(p.value, validators.cloudConfig));
  }
  diagnostics.push(...withContext(contextual, results));
  return { files: [...new Set([...reached, ...cloudConfigs])].sort(), roots, diagnostics: sortAndDedupe(diagnostics), results };
}

/**
 * A problem found for some roots only, in a file that those roots include, names them: the
 * fragment is fine in other contexts, so the user needs to know which config is concerned.
 */
function withContext(items: { d: Diagnostic; root: string }[], results: Map<string, RootResult>): Diagnostic[] {
  const rootsOf = new Map<string, Set<string>>();
  for (const [root, r] of results) {
    for (const m of r.tree.preOrder) {
      const s = rootsOf.get(m.file) ?? new Set<string>();
      s.add(root);
      rootsOf.set(m.file, s);
    }
  }
  const groups = new Map<string, { d: Diagnostic; roots: Set<string> }>();
  for (const { d, root } of items) {
    const key = `${d.file}\0${d.span.start}\0${d.span.end}\0${d.code}\0${d.message}`;
    const g = groups.get(key);
    if (g) g.roots.add(root);
    else groups.set(key, { d, roots: new Set([root]) });
  }
  const out: Diagnostic[] = [];
  for (const { d, roots } of groups.values()) {
    const all = rootsOf.get(d.file) ?? new Set();
    const partial = !roots.has(d.file) && [...all].some((r) => !roots.has(r));
    out.push(partial ? { ...d, message: `${d.message} (when included by ${[...roots].map((r) => basename(r)).sort().join(', ')})` } : d);
  }
  return out;
}
