/**
 * Coalesces changes: the first change after a quiet period is checked at once (on the next turn
 * of the event loop, so that changes arriving together go together); changes during a burst wait
 * until `quietMs` after the last check.
 */
export class DiagnosticsScheduler {
  private readonly pending = new Set<string>();
  private all = false;
  private timer: { cancel: () => void } | undefined;
  private lastRun = 0;
  private disposed = false;

  constructor(
    private readonly run: (changed: Set<string> | 'all') => void,
    private readonly quietMs = 100,
  ) {}

  change(paths: Iterable<string> | 'all'): void {
    if (this.disposed) return;
    if (paths === 'all') this.all = true;
    else for (const p of paths) this.pending.add(p);
    if (this.timer) return;
    const wait = Math.max(0, this.quietMs - (Date.now() - this.lastRun));
    if (wait === 0) {
      const h = setImmediate(() => this.flush());
      this.timer = { cancel: () => clearImmediate(h) };
    } else {
      const h = setTimeout(() => this.flush(), wait);
      this.timer = { cancel: () => clearTimeout(h) };
    }
  }

  /** Runs what is pending now (before answering a request, so that it sees the latest text). */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.all && this.pending.size === 0) return;
    const changed: Set<string> | 'all' = this.all ? 'all' : new Set(this.pending);
    this.all = false;
    this.pending.clear();
    this.lastRun = Date.now();
    this.run(changed);
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.pending.clear();
    this.all = false;
  }
}
