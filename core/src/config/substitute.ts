/** `(key)`: an opening parenthesis, one or more non-parentheses, a closing one (reference §4.1). */
const PATTERN = /\(([^()]+)\)/g;

export interface PatternRef {
  key: string;
  /** Offset of `(` in the pattern text, and the length of `(key)`. */
  index: number;
  length: number;
}

/** The property references of a pattern, left to right. */
export function patternRefs(text: string): PatternRef[] {
  const refs: PatternRef[] = [];
  for (const m of text.matchAll(PATTERN)) refs.push({ key: m[1]!, index: m.index!, length: m[0].length });
  return refs;
}

export interface Substitution {
  value: string;
  missing: PatternRef[];
}

/** Replaces each `(key)` once (values are not scanned again); unknown keys are reported, left as is. */
export function substitute(text: string, lookup: (key: string) => string | undefined): Substitution {
  const missing: PatternRef[] = [];
  const value = text.replace(PATTERN, (whole, key: string, index: number) => {
    const v = lookup(key);
    if (v === undefined) {
      missing.push({ key, index, length: whole.length });
      return whole;
    }
    return v;
  });
  return { value, missing };
}
