import type { ConfigSummary } from '../../../core/src/protocol';

/**
 * Tells the client when the answer to `lxdops/configs` changed: once the re-checks have been quiet
 * for `quietMs` (a debounce: while the user types, the summaries — the hash of the edited root is
 * the costly part — are not computed on the thread that answers the editor), and only when the
 * summaries differ from the last ones announced (a keystroke that changes nothing a view shows
 * sends nothing).
 */
export class ConfigsNotifier {
  private last: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly summaries: () => ConfigSummary[],
    private readonly send: () => void,
    private readonly quietMs = 300,
  ) {}

  /** Called after each re-check. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.compareAndSend();
    }, this.quietMs);
  }

  /** Records what a `lxdops/configs` answer returned, so that the same state is not announced again. */
  answered(configs: ConfigSummary[]): void {
    this.last = JSON.stringify(configs);
  }

  private compareAndSend(): void {
    const now = JSON.stringify(this.summaries());
    if (now === this.last) return;
    this.last = now;
    this.send();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
