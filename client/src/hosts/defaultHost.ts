/** The host operations from the palette act on: remembered per workspace. Pure (no vscode). */

/** The workspaceState key of the default host's name. */
export const DEFAULT_HOST_KEY = 'lxdops.defaultHost';
/** Until the user chooses: the local LXD socket, as in the CLI. */
export const FALLBACK_HOST = 'local';

/** What a workspace remembers (vscode.Memento's shape). */
export interface HostMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** The default host, read from and written to the workspace's memory; listeners hear each change. */
export class DefaultHost {
  private readonly listeners: ((name: string) => void)[] = [];

  constructor(private readonly memory: HostMemory) {}

  get name(): string {
    const stored = this.memory.get<unknown>(DEFAULT_HOST_KEY);
    return typeof stored === 'string' && stored ? stored : FALLBACK_HOST;
  }

  async choose(name: string): Promise<void> {
    await this.memory.update(DEFAULT_HOST_KEY, name);
    for (const listener of this.listeners) listener(name);
  }

  onDidChange(listener: (name: string) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => void this.listeners.splice(this.listeners.indexOf(listener), 1) };
  }
}
