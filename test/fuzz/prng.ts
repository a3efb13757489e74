/** A small deterministic PRNG (mulberry32): the same seed gives the same mutants on every machine. */
export type Random = () => number;

export function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of one mutant: mutant `index` of run `seed` can be replayed on its own. */
export function mutantRandom(seed: number, index: number): Random {
  return prng(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
}

export const intBelow = (random: Random, n: number): number => Math.floor(random() * n);

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[intBelow(random, items.length)]!;
}
