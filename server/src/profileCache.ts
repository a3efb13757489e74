import { LxdClient } from '../../core/src/lxd/lxdClient';
import { ProfileListSchema } from '../../core/src/lxd/records/profile';
import { findSocket } from '../../core/src/lxd/socketPath';

const FRESH_MS = 30_000;

/**
 * LXD profile names for completion: answered from a cache, refreshed in the background at most
 * every 30 s. A request never waits for LXD; when LXD does not answer there are simply none, and
 * the reason goes to the log (once per distinct reason, not every 30 s).
 */
export class ProfileCache {
  private names: string[] | undefined;
  private fetchedAt = 0;
  private inFlight: Promise<void> | undefined;

  private lastProblem: string | undefined;

  constructor(
    private readonly settings: () => { socket: string; project: string },
    private readonly log: (message: string) => void = () => undefined,
  ) {}

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
    if (!found.path) {
      this.problem(`no LXD socket found (tried ${found.tried.join(', ')})`);
      return;
    }
    const client = new LxdClient(found.path);
    try {
      const profiles = await client.get('/1.0/profiles?recursion=1', ProfileListSchema, project || undefined);
      this.names = profiles.map((p) => p.name).sort();
      this.lastProblem = undefined;
    } catch (e) {
      // LXD not reachable, not permitted, or an answer of the wrong shape: no error in the editor
      this.problem((e as Error).message);
    } finally {
      await client.close();
    }
  }

  private problem(reason: string): void {
    if (reason === this.lastProblem) return;
    this.lastProblem = reason;
    this.log(`lxdops: no LXD profiles for completion: ${reason}`);
  }
}
