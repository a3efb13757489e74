import type { EffectiveConfig } from './effectiveConfig';
import type { IncludeTree } from './includeTree';
import type { PropertySet } from './properties';

/**
 * What one root config resolves to. Declared here, beside the parts it is made of, so that the
 * rules (validate/) and the checker (check/) both read it without importing each other.
 */
export interface RootResult {
  root: string;
  tree: IncludeTree;
  config: EffectiveConfig;
  instance: string;
  project: string;
  properties: PropertySet;
}
