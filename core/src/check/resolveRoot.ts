import { type ConditionLookup, conditionLookup } from '../config/conditionalPaths';
import type { ConfigWorkspace } from '../config/configWorkspace';
import { loadIncludeTree } from '../config/includeTree';
import { instanceNameOf } from '../config/instanceName';
import { mergeTree } from '../config/merge';
import { buildPropertySet, type GlobalProperties } from '../config/properties';
import type { RootResult } from '../config/rootResult';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { destroyParent } from '../validate/root/destroyParent';
import { destroyShared } from '../validate/root/destroyShared';
import { destroyTarget } from '../validate/root/destroyTarget';
import { deviceDir } from '../validate/root/deviceDir';
import { deviceWithoutFilesystem } from '../validate/root/lxopsDevices';
import { duplicateDevicePaths, unknownFilesystems } from '../validate/root/deviceRules';
import { duplicateCloudConfigs, duplicateProfiles } from '../validate/root/listRules';
import { instanceNameRule, originRules } from '../validate/root/originRules';
import { missingImage, unknownOs } from '../validate/root/osRules';
import type { RootRule } from '../validate/root/rootContext';
import { undefinedProperties } from '../validate/root/undefinedProperties';
import { unsafeValues } from '../validate/root/unsafeValues';

export interface CheckOptions {
  /** `-P key=value`, highest precedence. */
  commandLineProperties?: Map<string, string>;
  globalProperties?: GlobalProperties;
  /** lxops' global properties (`~/.config/lxops/properties.d/*.yaml`, `properties.yaml`), for `#lxops-v1` roots. */
  lxopsGlobalProperties?: GlobalProperties;
  /** The files those were read from, so that a change to one re-checks the roots. */
  lxopsGlobalFiles?: string[];
  /** `--project`, over the config's `project`. */
  project?: string;
  /** The current lxc project, used when neither `--project` nor the config sets one. */
  currentProject?: string;
  /** `--name`: the instance name, for a single root only. */
  name?: string;
}

export type { RootResult } from '../config/rootResult';

/** The rules about a merged config, in the order their diagnostics are produced. */
export const ROOT_RULES: readonly RootRule[] = [
  undefinedProperties,
  unknownFilesystems,
  deviceWithoutFilesystem,
  duplicateDevicePaths,
  duplicateProfiles,
  duplicateCloudConfigs,
  missingImage,
  unknownOs,
  originRules,
  instanceNameRule,
  unsafeValues,
  destroyTarget,
  destroyParent,
  destroyShared,
  deviceDir,
];

/** How `#lxops-v1` conditional entries are substituted under these options. */
export function conditionLookupOf(options: CheckOptions): ConditionLookup {
  return conditionLookup(options.commandLineProperties ?? new Map(), options.lxopsGlobalProperties);
}

/** Resolves one root: its include tree, merged config, instance, project and properties. */
export function resolveRoot(
  root: string,
  ws: ConfigWorkspace,
  options: CheckOptions,
): { result: RootResult; problems: Diagnostic[]; structural: Diagnostic[] } | undefined {
  const tree = loadIncludeTree(root, ws, conditionLookupOf(options));
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
    ...(options.lxopsGlobalProperties ? { lxopsGlobal: options.lxopsGlobalProperties } : {}),
  });
  return {
    result: { root, tree, config, instance, project, properties },
    problems,
    structural: tree.problems,
  };
}
