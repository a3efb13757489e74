import type { ConfigWorkspace } from '../../config/configWorkspace';
import type { PatternRef } from '../../config/substitute';
import type { Located, Origin } from '../../text/origin';

/**
 * The origin of one `(key)` reference inside a value's source text. Plain scalars map one to one;
 * quoted ones are searched for the same occurrence of `(key)`; the whole value is the fallback.
 */
export function refOrigin(ws: ConfigWorkspace, located: Located<string>, ref: PatternRef): Origin {
  const o = located.origin;
  const parsed = ws.parsed(o.file);
  if (!parsed.ok) return o;
  const source = parsed.value.text.slice(o.start, o.end);
  const needle = located.value.slice(ref.index, ref.index + ref.length);
  let nth = 0;
  for (
    let i = located.value.indexOf(needle);
    i !== -1 && i < ref.index;
    i = located.value.indexOf(needle, i + 1)
  )
    nth++;
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = source.indexOf(needle, at + 1);
    if (at === -1) return o;
  }
  return { file: o.file, start: o.start + at, end: o.start + at + needle.length };
}
