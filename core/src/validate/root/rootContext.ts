import type { ConfigWorkspace } from '../../config/configWorkspace';
import type { EffectiveConfig } from '../../config/effectiveConfig';
import type { IncludeTree } from '../../config/includeTree';
import type { PropertySet } from '../../config/properties';
import type { Diagnostic } from '../../diagnostics/diagnostic';

/** What a rule about one root config sees: its tree, merged config, instance and properties. */
export interface RootContext {
  root: string;
  tree: IncludeTree;
  config: EffectiveConfig;
  instance: string;
  project: string;
  properties: PropertySet;
  ws: ConfigWorkspace;
}

export type RootRule = (ctx: RootContext) => Diagnostic[];
