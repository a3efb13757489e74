import type { ConfigSummary } from '../../../core/src/protocol';

/**
 * Tells the client when the answer to `lxdops/configs` changed: after a re-check, at most once per
 * `quietMs`, and only when the summaries differ from the last ones announced (a keystroke that
 * changes nothing a view shows sends nothing).
 */
export class ConfigsNotifier {
  private last: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly summaries: () => ConfigSummary[],
    private readonly send: () => void,
    private readonly quietMs = 150,
  ) {}

  /** Called after each re-check. */
  schedule(): void {
    if (this.timer) return;
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
