// What the converter's tests expect of a converted text, shared by the tree and the mutant tests.

type Json = Record<string, unknown>;

/** Every comment of a text (whole-line and trailing), without the header and trimmed. */
export function comments(text: string): string[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .flatMap((l) => {
      const m = /(?:^|\s)(#.*)$/.exec(l);
      return m ? [m[1]!.trim()] : [];
    });
}

/**
 * What the converted file must hold: the input's data, `os.name`/`os.image` moved up as
 * `ostype`/`image`, the dropped keys gone, and `profile-pattern` when the converter added it.
 */
export function expectedData(input: unknown, dropped: readonly string[], addedPattern: boolean): unknown {
  // an empty document and an empty map hold the same (nothing)
  if (input === null || input === undefined)
    return addedPattern ? { 'profile-pattern': '(instance).lxdops' } : {};
  const out: Json = {};
  for (const [k, v] of Object.entries(input as Json)) {
    if (dropped.includes(k)) continue;
    if (k !== 'os') out[k] = v;
    else if (v && typeof v === 'object') {
      if ('name' in (v as Json)) out.ostype = (v as Json).name;
      if ('image' in (v as Json)) out.image = (v as Json).image;
    }
  }
  if (addedPattern) out['profile-pattern'] = '(instance).lxdops';
  return out;
}
