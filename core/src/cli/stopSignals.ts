/** The exit status of a process stopped by a signal: 128 + its number. */
const STATUS = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof STATUS;

export interface StopSignals {
  readonly signal: AbortSignal;
  /** The exit status of the signal received, or undefined. */
  status(): number | undefined;
  dispose(): void;
}

/**
 * SIGINT/SIGTERM during a run: the first stops it after the current step (a wait for a lock ends
 * at once) so that the locks are released in the run's finally; a second one releases them with
 * `releaseNow` and exits at once.
 */
export function stopOnSignals(releaseNow: () => void, err: (s: string) => void): StopSignals {
  const abort = new AbortController();
  let received: StopSignal | undefined;
  const on = (name: StopSignal) => {
    if (received) {
      releaseNow();
      process.exit(STATUS[name]);
    }
    received = name;
    err(`lxdops: ${name}: stopping after the current step (again to stop now)\n`);
    abort.abort();
  };
  const handlers = { SIGINT: () => on('SIGINT'), SIGTERM: () => on('SIGTERM') };
  for (const [name, handler] of Object.entries(handlers)) process.on(name, handler);
  return {
    signal: abort.signal,
    status: () => (received ? STATUS[received] : undefined),
    dispose: () => {
      for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
    },
  };
}
