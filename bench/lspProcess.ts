import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

/** A language server in its own process over stdio, driven as an editor would. */
export class LspProcess {
  private readonly child: ChildProcess;
  readonly conn: MessageConnection;
  private waiters: { uri: string; resolve: (diagnostics: { message: string }[]) => void }[] = [];
  private version = 1;

  constructor(
    command: string[],
    private readonly settings: Record<string, unknown>,
  ) {
    this.child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: { message: string }[] }) => {
        this.waiters = this.waiters.filter((w) =>
          w.uri === p.uri ? (w.resolve(p.diagnostics), false) : true,
        );
      },
    );
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section ? (this.settings[i.section] ?? null) : this.settings)),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.onRequest(() => null);
    this.conn.listen();
  }

  async start(folder: string): Promise<void> {
    const uri = pathToFileURL(folder).href;
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: this.settings });
  }

  nextPublish(uri: string): Promise<{ message: string }[]> {
    return new Promise((resolve) => this.waiters.push({ uri, resolve }));
  }

  /** Opens a document and returns the first diagnostics published for it. */
  async open(uri: string, languageId: string, text: string): Promise<{ message: string }[]> {
    const next = this.nextPublish(uri);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: this.version, text },
    });
    return next;
  }

  /** Milliseconds from sending a full-text change to the next diagnostics published for it. */
  async timeChange(uri: string, text: string): Promise<number> {
    const next = this.nextPublish(uri);
    const start = process.hrtime.bigint();
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++this.version },
      contentChanges: [{ text }],
    });
    await next;
    return Number(process.hrtime.bigint() - start) / 1e6;
  }

  async timeRequest(method: string, params: unknown): Promise<{ ms: number; result: unknown }> {
    const start = process.hrtime.bigint();
    const result = await this.conn.sendRequest(method, params);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.child.kill();
  }
}
