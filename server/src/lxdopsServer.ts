import { watch, type FSWatcher } from 'node:fs';
import { dirname, basename, extname } from 'node:path';
import {
  type Connection,
  DidChangeConfigurationNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceChecker } from '../../core/src/check/workspaceChecker';
import { isConfigKind, readHeader } from '../../core/src/document/header';
import type { ParsedFile } from '../../core/src/document/parsedFile';
import { scanPaths } from '../../core/src/fs/scanPaths';
import { effectiveConfigText } from '../../core/src/language/effectiveConfig';
import type { LanguageContext } from '../../core/src/language/languageContext';
import {
  CONFIGS_CHANGED_NOTIFICATION,
  CONFIGS_REQUEST,
  type ConfigsResult,
  DEFAULT_SETTINGS,
  EFFECTIVE_CONFIG_REQUEST,
  type EffectiveConfigParams,
  type EffectiveConfigResult,
  type LxdopsSettings,
} from '../../core/src/protocol';
import type { CheckOptions, RootResult } from '../../core/src/check/resolveRoot';
import type { ConfigWorkspace } from '../../core/src/config/configWorkspace';
import { configSummaries } from './configs/configSummaries';
import { ConfigsNotifier } from './configs/configsNotifier';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { OperationHandlers } from './operations/operationHandlers';
import { FleetHandlers } from './fleet/fleetHandlers';
import { discoverFromSettings } from './hosts/hostSources';
import { HostProblemsReporter } from './hosts/settingProblems';
import { listDirectory } from './listDirectory';
import { LxopsPropertiesWatch } from './lxopsPropertiesWatch';
import { OverlayFileSystem } from './overlayFileSystem';
import { Positions } from './positions';
import { ProfileCache } from './profileCache';
import { onCodeAction } from './providers/codeActions';
import { onCompletion } from './providers/completion';
import { toLspDiagnostic } from './providers/diagnostics';
import { onHover } from './providers/hover';
import { onDefinition, onDocumentLinks, onDocumentSymbols, onReferences } from './providers/navigation';
import type { ServerState } from './serverState';
import { normaliseSettings, optionsFromSettings, propertiesFilePath } from '../../core/src/settings';
import { pathToUri, uriToPath } from './uris';

const WATCHED_EXTENSIONS = new Set(['.yaml', '.yml', '.cfg']);

/** The LSP adapter: documents, settings, file events and scheduling around the pure core. */
export class LxdopsServer implements ServerState {
  readonly documents = new TextDocuments(TextDocument);
  private readonly fs = new OverlayFileSystem(this.documents);
  readonly checker = new WorkspaceChecker(this.fs);
  readonly positions = new Positions((p) => {
    const r = this.fs.read(p);
    return r.ok ? r.text : undefined;
  });
  settings: LxdopsSettings = DEFAULT_SETTINGS;
  private folders: string[] = [];
  private canPullConfiguration = false;
  private propertiesWatcher: FSWatcher | undefined;
  private watchedPropertiesFile = '';
  /** lxops' global properties, for `#lxops-v1` configs. */
  private checkerOptions: CheckOptions | undefined;
  private readonly lxopsProperties = new LxopsPropertiesWatch(() => {
    this.applyOptions();
    this.scheduler.change('all');
  });
  private readonly published = new Set<string>();
  private loggedProblems = '';
  private readonly scheduler = new DiagnosticsScheduler((changed) => this.recheck(changed));
  private readonly configsNotifier = new ConfigsNotifier(
    () => configSummaries(this.checker, this.positions),
    () => void this.connection.sendNotification(CONFIGS_CHANGED_NOTIFICATION),
  );
  readonly profiles = new ProfileCache(
    () => ({ socket: this.settings.socket, project: this.settings.project }),
    (message) => this.connection.console.warn(message),
  );

  private readonly hostProblems = new HostProblemsReporter({
    log: (line) => this.connection.console.warn(line),
    // a notification, not a request: no answer is awaited (the user may leave it unread)
    warn: (message) =>
      void this.connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message,
      }),
  });

  private settingsLoaded: () => void = () => undefined;
  /** Resolves once the client's settings are in (operations need the socket and properties). */
  private readonly settingsReady = new Promise<void>((resolve) => (this.settingsLoaded = resolve));

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    c.onDidChangeConfiguration(() => void this.loadSettings());
    c.onDidChangeWatchedFiles((p) => {
      const changed: string[] = [];
      for (const e of p.changes) {
        const path = uriToPath(e.uri);
        this.fs.invalidate(path);
        changed.push(path);
        if (e.type === FileChangeType.Deleted) this.checker.removeCandidate(path);
        else this.considerCandidate(path);
      }
      this.scheduler.change(changed);
    });
    this.documents.onDidChangeContent((e) => {
      const path = uriToPath(e.document.uri);
      this.considerCandidate(path);
      this.scheduler.change([path]);
    });
    this.documents.onDidClose((e) => {
      const path = uriToPath(e.document.uri);
      this.fs.invalidate(path);
      this.considerCandidate(path);
      this.scheduler.change([path]);
    });
    const guard =
      <P, R>(fallback: R, f: (p: P) => R) =>
      (p: P): R => {
        try {
          return f(p);
        } catch (e) {
          c.console.error(`lxdops: ${(e as Error).stack ?? String(e)}`);
          return fallback;
        }
      };
    c.onCompletion(guard([], (p) => onCompletion(this, p)));
    c.onHover(guard(null, (p) => onHover(this, p)));
    c.onDefinition(guard([], (p) => onDefinition(this, p)));
    c.onReferences(guard([], (p) => onReferences(this, p)));
    c.onDocumentLinks(guard([], (p) => onDocumentLinks(this, p)));
    c.onDocumentSymbol(guard([], (p) => onDocumentSymbols(this, p)));
    c.onCodeAction(guard([], (p) => onCodeAction(this, p)));
    c.onRequest(
      EFFECTIVE_CONFIG_REQUEST,
      guard<EffectiveConfigParams, EffectiveConfigResult>({}, (p) => this.effectiveConfig(p)),
    );
    c.onRequest(
      CONFIGS_REQUEST,
      guard<void, ConfigsResult>({ configs: [] }, () => this.configs()),
    );
    new OperationHandlers(c, this).register();
    new FleetHandlers(c, this).register();
    c.onShutdown(() => this.dispose());
    this.documents.listen(c);
    c.listen();
  }

  /** Stops timers and watchers (on shutdown, and in tests). */
  dispose(): void {
    this.scheduler.dispose();
    this.configsNotifier.dispose();
    this.propertiesWatcher?.close();
    this.propertiesWatcher = undefined;
    this.lxopsProperties.dispose();
  }

  private initialize(p: InitializeParams): InitializeResult {
    this.folders = (p.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (this.folders.length === 0 && p.rootUri) this.folders = [uriToPath(p.rootUri)];
    this.canPullConfiguration = !!p.capabilities.workspace?.configuration;
    const init = p.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) this.settings = normaliseSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['(', '/', ' ', ':'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor'] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'lxdops-language-server', version: '0.1.0' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.canPullConfiguration) {
      void this.connection.client
        .register(DidChangeConfigurationNotification.type, undefined)
        .catch((e: Error) =>
          this.connection.console.warn(`lxdops: settings changes will not be seen: ${e.message}`),
        );
    }
    const scan = scanPaths(this.folders);
    this.checker.setCandidates(scan.files);
    this.applyOptions(); // requests that arrive before the client's settings see the workspace already
    this.scheduler.change('all');
    await this.loadSettings();
    this.settingsLoaded();
  }

  private async loadSettings(): Promise<void> {
    if (this.canPullConfiguration) {
      try {
        const [raw] = (await this.connection.workspace.getConfiguration([
          { section: 'lxdops' },
        ])) as unknown[];
        this.settings = normaliseSettings(raw);
      } catch {
        // the client has no configuration for us: keep the defaults
      }
    }
    this.applyOptions();
    this.hostProblems.report(discoverFromSettings(this.settings));
    if (!this.settings.diagnostics.enable) {
      for (const f of this.published) this.connection.sendDiagnostics({ uri: pathToUri(f), diagnostics: [] });
      this.published.clear();
    }
    this.scheduler.change('all');
  }

  /** Logs problems of the settings' sources (the lxc config.yml), each once until it changes. */
  private logOnce(problems: readonly string[]): void {
    const key = problems.join('\n');
    if (key === this.loggedProblems) return;
    this.loggedProblems = key;
    for (const p of problems) this.connection.console.warn(`lxdops: ${p}`);
  }

  /** Options from settings and the global properties file, which is watched while it is in use. */
  private applyOptions(): void {
    const file = propertiesFilePath(this.settings, this.folders);
    this.fs.invalidate(file);
    for (const f of this.checkerOptions?.lxopsGlobalFiles ?? []) this.fs.invalidate(f);
    const computed = optionsFromSettings(this.settings, this.folders, this.checker.workspace());
    this.checkerOptions = computed.options;
    this.lxopsProperties.start();
    this.checker.setOptions(computed.options);
    this.logOnce(computed.problems);
    if (file !== this.watchedPropertiesFile) {
      this.propertiesWatcher?.close();
      this.propertiesWatcher = undefined;
      this.watchedPropertiesFile = file;
      try {
        this.propertiesWatcher = watch(dirname(file), (_e, name) => {
          if (name && String(name) === basename(file)) {
            this.applyOptions();
            this.scheduler.change('all');
          }
        });
      } catch {
        // the folder does not exist yet: nothing to watch
      }
    }
  }

  private considerCandidate(path: string): void {
    if (!path.startsWith('/')) return;
    const r = this.fs.read(path);
    const h = r.ok ? readHeader(r.text.slice(0, 512)) : undefined;
    const ours =
      h &&
      (isConfigKind(h.kind) || h.kind === 'cloud-config') &&
      (h.exact || WATCHED_EXTENSIONS.has(extname(path)) || this.documents.get(pathToUri(path)));
    if (ours) this.checker.addCandidate(path);
    else this.checker.removeCandidate(path);
  }

  private recheck(changed: Set<string> | 'all'): void {
    const out = this.checker.update(changed);
    this.configsNotifier.schedule();
    if (!this.settings.diagnostics.enable) return;
    for (const [file, list] of out) {
      if (!file.startsWith('/')) continue;
      // clean files are published only when open (so the editor hears back after each change) or when they had problems
      if (list.length === 0 && !this.published.has(file) && !this.documents.get(pathToUri(file))) continue;
      const uri = pathToUri(file);
      const version = this.documents.get(uri)?.version;
      this.connection.sendDiagnostics({
        uri,
        ...(version !== undefined ? { version } : {}),
        diagnostics: list.map((d) => toLspDiagnostic(this.positions, d)),
      });
      if (list.length) this.published.add(file);
      else this.published.delete(file);
    }
  }

  sync(): void {
    this.scheduler.flush();
  }

  /** Resolves once the settings are loaded. */
  ready(): Promise<void> {
    return this.settingsReady;
  }

  /** A fresh view of the files (open buffers over disk), for operations. */
  workspace(): ConfigWorkspace {
    return this.checker.workspace();
  }

  /** The root configs as checked now (the fleet reads them). */
  rootResults(): Iterable<RootResult> {
    return this.checker.rootResults().values();
  }

  /** The check options of the current settings, for operations. */
  checkOptions(): CheckOptions {
    return optionsFromSettings(this.settings, this.folders, this.checker.workspace()).options;
  }

  languageContext(): LanguageContext {
    return {
      checker: this.checker,
      ws: this.checker.workspace(),
      listDirectory,
      profiles: () => this.profiles.get(),
    };
  }

  parsed(uri: string, ctx: LanguageContext): ParsedFile | undefined {
    const p = ctx.ws.parsed(uriToPath(uri));
    if (!p.ok) return undefined;
    const kind = p.value.header.kind;
    return isConfigKind(kind) || kind === 'cloud-config' ? p.value : undefined;
  }

  /** `lxdops/configs`: the root configs as the checker sees them now (open buffers over disk). */
  private configs(): ConfigsResult {
    this.sync();
    const configs = configSummaries(this.checker, this.positions);
    this.configsNotifier.answered(configs);
    return { configs };
  }

  private effectiveConfig(p: EffectiveConfigParams): EffectiveConfigResult {
    this.sync();
    const ctx = this.languageContext();
    const parsed = this.parsed(p.uri, ctx);
    if (!parsed || !isConfigKind(parsed.header.kind)) return {};
    const text = effectiveConfigText(ctx, parsed.path);
    return text === undefined ? {} : { text };
  }
}
