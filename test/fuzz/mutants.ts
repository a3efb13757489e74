import { type Workspace } from './corpus';
import { mutate } from './mutate';
import { mutantRandom, pick } from './prng';

/** One mutant: a workspace with one file mutated, and how to find it again. */
export interface Mutant {
  index: number;
  workspace: string;
  /** The mutated file (relative path). */
  file: string;
  applied: string[];
  /** Every file of the workspace, the mutated one included (relative paths). */
  files: Record<string, string>;
}

/** Mutant `index` of run `seed`: the same on every machine and in any order. */
export function mutantOf(corpus: readonly Workspace[], seed: number, index: number): Mutant {
  const random = mutantRandom(seed, index);
  const ws = pick(random, corpus);
  const file = pick(random, Object.keys(ws.files).sort());
  const { text, applied } = mutate(ws.files[file]!, random);
  return { index, workspace: ws.name, file, applied, files: { ...ws.files, [file]: text } };
}

/** The files under an absolute root (`/ws/…`), as the in-memory file system takes them. */
export function rooted(files: Record<string, string>, root = '/ws'): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([rel, text]) => [`${root}/${rel}`, text]));
}

/** What a failure report says: where to replay it, and the minimised input. */
export function report(
  m: Pick<Mutant, 'index' | 'workspace' | 'file' | 'applied'>,
  seed: number,
  kind: string,
  detail: string,
  minimised: string,
): string {
  return [
    `${kind} at mutant #${m.index} of seed ${seed} (replay: LXDOPS_FUZZ_SEED=${seed} LXDOPS_FUZZ_ONLY=${m.index} npm run test:fuzz)`,
    `  workspace ${m.workspace}, file ${m.file}, mutations ${m.applied.join(', ')}`,
    `  ${detail.split('\n').slice(0, 6).join('\n  ')}`,
    `  minimised input (${minimised.length} chars): ${JSON.stringify(minimised.slice(0, 2000))}`,
  ].join('\n');
}
