import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeParams, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LxdopsServer } from '../../server/src/lxdopsServer';

/** A real server and a real JSON-RPC client over two in-memory streams, on a workspace on disk. */
export class TestConnection {
  readonly client: MessageConnection;
  readonly dir: string;
  settings: Record<string, unknown> = {};
  private readonly latest = new Map<string, Diagnostic[]>();
  private waiters: {
    uri: string;
    test: (d: Diagnostic[], version?: number) => boolean;
    resolve: (d: Diagnostic[]) => void;
  }[] = [];
  private versions = new Map<string, number>();
  private readonly server: LxdopsServer;
  private readonly up = new PassThrough();
  private readonly down = new PassThrough();

  constructor(files: Record<string, string>) {
    this.dir = mkdtempSync(join(tmpdir(), 'lxdops-lsp-'));
    for (const [rel, text] of Object.entries(files)) this.write(rel, text);
    const conn = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(this.up),
      new StreamMessageWriter(this.down),
    );
    this.server = new LxdopsServer(conn);
    this.server.listen();
    this.client = createMessageConnection(
      new StreamMessageReader(this.down),
      new StreamMessageWriter(this.up),
    );
    this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p.diagnostics);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.test(p.diagnostics, p.version)) return true;
        w.resolve(p.diagnostics);
        return false;
      });
    });
    this.client.onRequest('workspace/configuration', () => [this.settings]);
    this.client.onRequest('client/registerCapability', () => null);
    this.client.onNotification('window/logMessage', () => undefined);
    this.client.listen();
  }

  path(rel: string): string {
    return join(this.dir, rel);
  }

  uri(rel: string): string {
    return pathToFileURL(this.path(rel)).href;
  }

  write(rel: string, text: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), text);
  }

  async start(settings: Record<string, unknown> = {}): Promise<void> {
    this.settings = settings;
    const params: InitializeParams = {
      processId: null,
      rootUri: pathToFileURL(this.dir).href,
      workspaceFolders: [{ uri: pathToFileURL(this.dir).href, name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      },
    };
    await this.client.sendRequest('initialize', params);
    await this.client.sendNotification('initialized', {});
  }

  /** Resolves with the first published list for `rel` that passes `test` (or the latest one, if it already does). */
  diagnostics(rel: string, test: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const uri = this.uri(rel);
    const now = this.latest.get(uri);
    if (now && test(now)) return Promise.resolve(now);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /** The next list published for `rel` (ignores what was published before). */
  nextDiagnostics(
    rel: string,
    test: (d: Diagnostic[], version?: number) => boolean = () => true,
  ): Promise<Diagnostic[]> {
    const uri = this.uri(rel);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  async open(rel: string, text?: string, languageId = 'lxdops'): Promise<void> {
    const t = text ?? (await import('node:fs')).readFileSync(this.path(rel), 'utf8');
    this.versions.set(rel, 1);
    await this.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri(rel), languageId, version: 1, text: t },
    });
  }

  /** The version the next `change` of `rel` will send. */
  nextVersion(rel: string): number {
    return (this.versions.get(rel) ?? 1) + 1;
  }

  async change(rel: string, text: string): Promise<void> {
    const v = this.nextVersion(rel);
    this.versions.set(rel, v);
    await this.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(rel), version: v },
      contentChanges: [{ text }],
    });
  }

  /** Writes a file on disk and tells the server, as the client's file watcher does. */
  async changeOnDisk(rel: string, text: string, type: 1 | 2 = 2): Promise<void> {
    this.write(rel, text);
    await this.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: this.uri(rel), type }],
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.client.sendRequest(method, params) as Promise<R>;
  }

  dispose(): void {
    this.server.dispose();
    this.client.dispose();
    this.up.end();
    this.down.end();
  }
}

/** The LSP position of the nth occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(
  text: string,
  needle: string,
  delta = 0,
  nth = 0,
): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${needle} not found`);
  }
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
