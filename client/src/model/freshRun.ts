/**
 * Runs a refresh so that every caller waits for a run that started after its request: requests
 * that arrive during a run join one more run after it (never two at once, never a stale answer
 * for someone who asked after a change). Pure: the run is given.
 */
export class FreshRun {
  private requested = 0;
  private done = 0;
  private inflight: Promise<void> | undefined;

  constructor(private readonly run: () => Promise<void>) {}

  async request(): Promise<void> {
    const wanted = ++this.requested;
    while (this.done < wanted) {
      this.inflight ??= this.once();
      await this.inflight;
    }
  }

  private async once(): Promise<void> {
    const generation = this.requested;
    try {
      await this.run();
    } finally {
      this.done = Math.max(this.done, generation);
      this.inflight = undefined;
    }
  }
}
