import type { WorkspaceChecker } from '../../core/src/check/workspaceChecker';
import type { ParsedFile } from '../../core/src/document/parsedFile';
import type { LanguageContext } from '../../core/src/language/languageContext';
import type { LxdopsSettings } from '../../core/src/protocol';
import type { Positions } from './positions';

/** What every provider needs from the server: settings, positions, the current view of files. */
export interface ServerState {
  readonly settings: LxdopsSettings;
  readonly positions: Positions;
  readonly checker: WorkspaceChecker;
  /** Brings diagnostics and contexts up to date with every change received so far. */
  sync(): void;
  /** A language context over a fresh, consistent view of the files. */
  languageContext(): LanguageContext;
  /** The parsed document behind a URI, when it is an lxdops or cloud-config file. */
  parsed(uri: string, ctx: LanguageContext): ParsedFile | undefined;
}
