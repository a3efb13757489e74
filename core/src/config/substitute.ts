import type { ConfigKind } from '../document/header';

/** `(key)`: an opening parenthesis, one or more non-parentheses, a closing one (reference §4.1). */
const PATTERN = /\(([^()]+)\)/g;
/** lxops' `\([^()]*\)`: `()` is a reference too, to the empty key, which is never defined. */
const LXOPS_PATTERN = /\(([^()]*)\)/g;

const patternOf = (kind: ConfigKind): RegExp => (kind === 'lxops' ? LXOPS_PATTERN : PATTERN);

export interface PatternRef {
  key: string;
  /** Offset of `(` in the pattern text, and the length of `(key)`. */
  index: number;
  length: number;
}

/** The property references of a pattern, left to right. */
export function patternRefs(text: string, kind: ConfigKind = 'lxdops'): PatternRef[] {
  const refs: PatternRef[] = [];
  for (const m of text.matchAll(patternOf(kind)))
    refs.push({ key: m[1]!, index: m.index!, length: m[0].length });
  return refs;
}

export interface Substitution {
  value: string;
  missing: PatternRef[];
}

/** Replaces each `(key)` once (values are not scanned again); unknown keys are reported, left as is. */
export function substitute(
  text: string,
  lookup: (key: string) => string | undefined,
  kind: ConfigKind = 'lxdops',
): Substitution {
  const missing: PatternRef[] = [];
  const value = text.replace(patternOf(kind), (whole, key: string, index: number) => {
    const v = key === '' ? undefined : lookup(key);
    if (v === undefined) {
      missing.push({ key, index, length: whole.length });
      return whole;
    }
    return v;
  });
  return { value, missing };
}
