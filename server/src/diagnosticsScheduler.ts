/**
 * Coalesces changes: the first change after a quiet period is checked at once (on the next turn
 * of the event loop, so that changes arriving together go together); changes during a burst wait
 * until `quietMs` after the last check.
 */
export class DiagnosticsScheduler {
  private readonly pending = new Set<string>();
  private all = false;
  private timer: NodeJS.Timeout | undefined;
  private lastRun = 0;

  constructor(
    private readonly run: (changed: Set<string> | 'all') => void,
    private readonly quietMs = 100,
  ) {}

  change(paths: Iterable<string> | 'all'): void {
    if (paths === 'all') this.all = true;
    else for (const p of paths) this.pending.add(p);
    if (this.timer) return;
    const wait = Math.max(0, this.quietMs - (Date.now() - this.lastRun));
    this.timer = wait === 0 ? (setImmediate(() => this.flush()) as unknown as NodeJS.Timeout) : setTimeout(() => this.flush(), wait);
  }

  /** Runs what is pending now (before answering a request, so that it sees the latest text). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      clearImmediate(this.timer as unknown as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (!this.all && this.pending.size === 0) return;
    const changed: Set<string> | 'all' = this.all ? 'all' : new Set(this.pending);
    this.all = false;
    this.pending.clear();
    this.lastRun = Date.now();
    this.run(changed);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
