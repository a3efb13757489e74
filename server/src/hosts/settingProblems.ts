import type { HostList } from '../../../core/src/hosts/hostEntry';

/** The source name discoverHosts gives the entries of the `lxdops.hosts` setting. */
export const SETTING_SOURCE = 'setting lxdops.hosts';

export interface ProblemSinks {
  /** A line in the output channel. */
  log(line: string): void;
  /** A warning the user sees. */
  warn(message: string): void;
}

/**
 * Reports what is wrong with the sources of hosts, once per change: every problem in the log,
 * and the setting's own in a warning (the user just edited it; a broken config.yml is only logged).
 */
export class HostProblemsReporter {
  private reported = '';

  constructor(private readonly sinks: ProblemSinks) {}

  report(list: HostList): void {
    const key = JSON.stringify(list.problems);
    if (key === this.reported) return;
    this.reported = key;
    for (const p of list.problems) this.sinks.log(`lxdops: hosts: ${p.source}: ${p.message}`);
    const own = list.problems.filter((p) => p.source === SETTING_SOURCE).map((p) => p.message);
    if (own.length)
      this.sinks.warn(
        `lxdops.hosts: ${own.join('; ')}. The other hosts are used; fix the entry in the settings (see the lxdops log).`,
      );
  }
}
