import type { RootResult } from '../../config/rootResult';
import type { ConfigWorkspace } from '../../config/configWorkspace';
import type { Diagnostic } from '../../diagnostics/diagnostic';

/** What a rule about one root config sees: its tree, merged config, instance and properties, and the files. */
export interface RootContext extends RootResult {
  ws: ConfigWorkspace;
}

export type RootRule = (ctx: RootContext) => Diagnostic[];
