import { LxdClient } from '../../core/src/lxd/lxdClient';
import { findSocket } from '../../core/src/lxd/socketPath';

const FRESH_MS = 30_000;

/**
 * LXD profile names for completion: answered from a cache, refreshed in the background at most
 * every 30 s. A request never waits for LXD; when LXD does not answer there are simply none.
 */
export class ProfileCache {
  private names: string[] | undefined;
  private fetchedAt = 0;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly settings: () => { socket: string; project: string }) {}

  get(): string[] | undefined {
    if (Date.now() - this.fetchedAt > FRESH_MS && !this.inFlight)
      this.inFlight = this.refresh().finally(() => (this.inFlight = undefined));
    return this.names;
  }

  /** Resolves when a refresh under way has finished (for tests). */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  private async refresh(): Promise<void> {
    this.fetchedAt = Date.now();
    const { socket, project } = this.settings();
    const found = findSocket(process.env, socket || undefined);
    if (!found.path) return;
    const client = new LxdClient(found.path);
    try {
      const profiles = await client.get<{ name: string }[]>(
        '/1.0/profiles?recursion=1',
        project || undefined,
      );
      this.names = profiles.map((p) => p.name).sort();
    } catch {
      // LXD not reachable or not permitted: no profile completion, no error in the editor
    } finally {
      await client.close();
    }
  }
}
