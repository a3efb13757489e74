/** The fuzzer's knobs, from the environment (`LXDOPS_FUZZ_SEED=7 LXDOPS_FUZZ_COUNT=20000 npm run test:fuzz`). */
function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${raw}: give a non-negative integer`);
  return n;
}

export const FUZZ = {
  seed: envNumber('LXDOPS_FUZZ_SEED', 20261201),
  /** Mutants checked by the in-process core. */
  count: envNumber('LXDOPS_FUZZ_COUNT', 3000),
  /** Mutants sent to the language server (didChange + requests). */
  lspCount: envNumber('LXDOPS_FUZZ_LSP_COUNT', 300),
  /** Mutants checked through dist/cli.js (a process each: slow, so few). */
  cliCount: envNumber('LXDOPS_FUZZ_CLI_COUNT', 8),
  /** A check or a request that takes longer than this is a hang. */
  boundMs: envNumber('LXDOPS_FUZZ_BOUND_MS', 2000),
  /** Replay one mutant only (its index), e.g. the one a report names. */
  only: process.env.LXDOPS_FUZZ_ONLY === undefined ? undefined : envNumber('LXDOPS_FUZZ_ONLY', 0),
};

/** The indexes to run: all of `count`, or the one asked for. */
export function indexes(count: number): number[] {
  return FUZZ.only === undefined ? Array.from({ length: count }, (_, i) => i) : [FUZZ.only];
}
