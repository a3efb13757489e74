import { intBelow, pick, type Random } from './prng';

/** One mutation: a name (for the report) and the change it makes. */
export interface Mutation {
  name: string;
  apply: (text: string, random: Random) => string;
}

/** Mutants stay under this size: the promise is about files under 1 MB. */
export const MAX_MUTANT_SIZE = 900 * 1024;

const TOKENS = [
  ...['\n', ':', ': ', '- ', '  ', '\t', '#', '? ', '|\n', '>-\n', '---\n', '...\n', '%YAML 1.1\n'],
  ...[
    '{',
    '}',
    '[',
    ']',
    ',',
    '"',
    "'",
    '\\',
    '!',
    '!!str ',
    '!!binary ',
    '!custom ',
    '&a ',
    '*a',
    '*nowhere',
  ],
  ...['<<: *a\n', '<<: [*a, *a]\n', '~', 'null', 'yes', 'off', '0o777', '0644', '1e999', '-.inf', '.nan'],
  ...['0x' + 'f'.repeat(40), '9'.repeat(400), '-0', '+12_345', '2001-12-14t21:59:43.10-05:00'],
  ...['(', ')', '((', '(instance)', '(fsroot)', '(nosuch)', '(' + 'p'.repeat(300) + ')'],
  ...['include: [x.yaml]\n', 'include:\n- ../fragments/base.yaml\n', 'cloud-config-files: [a.cfg]\n'],
  ...['filesystems:\n  h:\n    pattern: (fsroot)/h\n', 'devices:\n  d:\n    path: /d\n    filesystem: h\n'],
  ...['os:\n  name: alpine\n', 'runcmd:\n- echo\n', 'users:\n- name: x\n', 'write_files:\n- path: /x\n'],
];

const UNICODE = ['é', '日本', '\u0000', '\u0007', '\u001b[31m', '\ufeff', '\ufffd', '\ud800', '\udc00'];
UNICODE.push('\u0085', '\u2028', '\u202e', '👩‍👩‍👧', '\r', '\r\n', '\u00a0');

const insertAt = (text: string, at: number, piece: string) => text.slice(0, at) + piece + text.slice(at);
const anyOffset = (text: string, random: Random) => intBelow(random, text.length + 1);

function randomBytes(random: Random, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(intBelow(random, 256));
  return out;
}

function editLines(text: string, random: Random, edit: (lines: string[], i: number, j: number) => void) {
  const lines = text.split('\n');
  edit(lines, intBelow(random, lines.length), intBelow(random, lines.length));
  return lines.join('\n');
}

/** A deep nesting of one kind around a leaf: flow lists, flow maps, block maps or block lists. */
function nesting(random: Random, depth: number): string {
  const kind = intBelow(random, 4);
  if (kind === 0) return '['.repeat(depth) + 'x' + ']'.repeat(depth);
  if (kind === 1) return '{a: '.repeat(depth) + 'x' + '}'.repeat(depth);
  const step = kind === 2 ? (i: number) => `${' '.repeat(i)}k${i}:` : (i: number) => `${' '.repeat(i)}-`;
  return '\n' + Array.from({ length: depth }, (_, i) => step(i + 1)).join('\n') + ' x';
}

/** Anchors named on values and used elsewhere: sometimes inside themselves, sometimes as merge keys. */
function anchorsAndAliases(text: string, random: Random): string {
  const name = pick(random, ['a', 'b', 'x1']);
  const colon = text.indexOf(': ', intBelow(random, text.length));
  let out = colon === -1 ? text : insertAt(text, colon + 2, `&${name} `);
  const uses = 1 + intBelow(random, 3);
  for (let i = 0; i < uses; i++) {
    const use = pick(random, [`*${name}`, `[*${name}, *${name}]`, `\n<<: *${name}\n`, `{<<: *${name}}`]);
    out = insertAt(out, anyOffset(out, random), use);
  }
  return out;
}

/** `k0: &m0 {…}`, `k1: &m1 {<<: [*m0, *m0]}`, …: a merge chain that doubles at every level. */
function mergeChain(random: Random): string {
  const n = 5 + intBelow(random, 40);
  const lines = ['m0: &m0 {a: 1, b: [1, 2]}'];
  for (let i = 1; i < n; i++) lines.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: ${i}}`);
  lines.push(`os:\n  <<: *m${n - 1}`);
  return `\n${lines.join('\n')}\n`;
}

/** A "billion laughs" document of random width and depth. */
function aliasBomb(random: Random): string {
  const width = 2 + intBelow(random, 9);
  const levels = 3 + intBelow(random, 8);
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `\n${lines.join('\n')}\nruncmd: *l${levels - 1}\n`;
}

export const MUTATIONS: readonly Mutation[] = [
  // byte level
  {
    name: 'insert-bytes',
    apply: (t, r) => insertAt(t, anyOffset(t, r), randomBytes(r, 1 + intBelow(r, 16))),
  },
  {
    name: 'binary-block',
    apply: (t, r) => insertAt(t, anyOffset(t, r), randomBytes(r, 64 + intBelow(r, 512))),
  },
  {
    name: 'delete-range',
    apply: (t, r) => ((at) => t.slice(0, at) + t.slice(at + 1 + intBelow(r, 24)))(anyOffset(t, r)),
  },
  {
    name: 'flip-char',
    apply: (t, r) =>
      ((at) => t.slice(0, at) + String.fromCharCode(intBelow(r, 128)) + t.slice(at + 1))(anyOffset(t, r)),
  },
  { name: 'unicode', apply: (t, r) => insertAt(t, anyOffset(t, r), pick(r, UNICODE)) },
  { name: 'truncate', apply: (t, r) => t.slice(0, anyOffset(t, r)) },
  // token level
  { name: 'insert-token', apply: (t, r) => insertAt(t, anyOffset(t, r), pick(r, TOKENS)) },
  {
    name: 'swap-word',
    apply: (t, r) => {
      const words = t.match(/[\w.()/-]+/g) ?? [];
      if (words.length < 2) return t;
      const target = pick(r, words);
      return t.replace(target, pick(r, words));
    },
  },
  // line level
  { name: 'duplicate-line', apply: (t, r) => editLines(t, r, (l, i, j) => l.splice(i, 0, l[j] ?? '')) },
  { name: 'delete-line', apply: (t, r) => editLines(t, r, (l, i) => l.splice(i, 1)) },
  {
    name: 'swap-lines',
    apply: (t, r) => editLines(t, r, (l, i, j) => ([l[i], l[j]] = [l[j] ?? '', l[i] ?? ''])),
  },
  {
    name: 'indent-line',
    apply: (t, r) =>
      editLines(t, r, (l, i) => (l[i] = pick(r, ['  ', ' ', '\t', '    ', ' '.repeat(200)]) + (l[i] ?? ''))),
  },
  { name: 'dedent-line', apply: (t, r) => editLines(t, r, (l, i) => (l[i] = (l[i] ?? '').trimStart())) },
  // structure
  {
    name: 'deep-nesting',
    apply: (t, r) => insertAt(t, anyOffset(t, r), nesting(r, 1 + intBelow(r, pick(r, [8, 80, 3000])))),
  },
  {
    name: 'long-run',
    apply: (t, r) =>
      insertAt(
        t,
        anyOffset(t, r),
        pick(r, ['x', 'a b ', '(', '[', '{', ': ', '- ', '\\', '"', '\n']).repeat(1 + intBelow(r, 20000)),
      ),
  },
  {
    name: 'long-key',
    apply: (t, r) => `${t}\n${pick(r, ['', '? ', '"'])}${'k'.repeat(100 + intBelow(r, 20000))}: v\n`,
  },
  { name: 'anchors-aliases', apply: anchorsAndAliases },
  { name: 'merge-chain', apply: (t, r) => t + mergeChain(r) },
  { name: 'alias-bomb', apply: (t, r) => t + aliasBomb(r) },
];

/** Applies 1–4 mutations; returns the text and the names of the mutations, for the report. */
export function mutate(text: string, random: Random): { text: string; applied: string[] } {
  let out = text;
  const applied: string[] = [];
  const count = 1 + intBelow(random, 4);
  for (let i = 0; i < count; i++) {
    const m = pick(random, MUTATIONS);
    out = m.apply(out, random);
    applied.push(m.name);
  }
  return { text: out.length > MAX_MUTANT_SIZE ? out.slice(0, MAX_MUTANT_SIZE) : out, applied };
}
