/**
 * The built language server (dist/server.js) in its own process over stdio, as the extension runs
 * it: a crash is a dead process, and its peak memory is the kernel's count (VmHWM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { ROOT } from '../integration/stack';

export class ServerProcess {
  private readonly child: ChildProcess;
  private readonly conn: MessageConnection;
  private readonly latest = new Map<string, Diagnostic[]>();
  private waiters: { uri: string; test: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] =
    [];
  /** What the server wrote on stderr: a crash report shows here. */
  stderr = '';
  /** Errors the server logged (its request guard logs what it caught: a caught throw is a crash of that request). */
  readonly loggedErrors: string[] = [];

  constructor(private readonly folder: string) {
    this.child = spawn(process.execPath, [`${ROOT}/dist/server.js`, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p.diagnostics);
      this.waiters = this.waiters.filter((w) =>
        w.uri === p.uri && w.test(p.diagnostics) ? (w.resolve(p.diagnostics), false) : true,
      );
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) this.loggedErrors.push(p.message);
    });
    this.conn.onRequest(() => null);
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  uri(rel: string): string {
    return pathToFileURL(`${this.folder}/${rel}`).href;
  }

  async start(): Promise<void> {
    const uri = pathToFileURL(this.folder).href;
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'adversarial' }],
      capabilities: { workspace: { configuration: true } },
    });
    await this.conn.sendNotification('initialized', {});
  }

  /** Opens a file of the folder (its text from disk) in the editor. */
  async open(rel: string): Promise<void> {
    const text = readFileSync(`${this.folder}/${rel}`, 'utf8');
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri(rel), languageId: 'lxdops', version: 1, text },
    });
  }

  /** The first published list for `rel` that passes `test` (the latest one if it already does). */
  diagnostics(rel: string, test: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const uri = this.uri(rel);
    const now = this.latest.get(uri);
    if (now && test(now)) return Promise.resolve(now);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The process's peak resident memory in bytes (VmHWM of /proc/PID/status). */
  peakMemory(): number {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
    if (!kb) throw new Error('no VmHWM in /proc/PID/status');
    return Number(kb[1]) * 1024;
  }

  stop(): void {
    this.conn.dispose();
    this.child.kill();
  }
}
