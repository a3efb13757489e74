// The converter on mutants of real configs (the fuzzer's corpus and mutations, a fixed seed): it
// never throws, and whatever it converts parses clean, keeps every comment and holds the same data
// but for `os` (moved up) and the keys lxops dropped (commented out).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parseFile } from '../../../core/src/document/parsedFile';
import { convertFile } from '../../../core/src/migrate/convertFile';
import { loadCorpus, type Workspace } from '../../fuzz/corpus';
import { mutantOf } from '../../fuzz/mutants';
import { comments, expectedData } from './convertExpect';

/** LXDOPS_CONVERT_SEED replays another run. */
const SEED = Number(process.env.LXDOPS_CONVERT_SEED ?? 12);
const COUNT = 1500;
const TREE = resolve(__dirname, '../../fixtures/convert/tree');

function fixtureWorkspace(): Workspace {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(TREE, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(TREE);
  return { name: 'convert-tree', files };
}

type Json = Record<string, unknown>;

/** A text cut short for a failure message. */
const short = (t: string) => (t.length > 400 ? `${t.slice(0, 400)}…` : t);

/** The data of a text; undefined for an alias bomb, which `yaml` refuses to expand. */
function data(text: string): { value: unknown } | undefined {
  try {
    return { value: parseFile('/x', text).doc.toJSON() };
  } catch (e) {
    if (/alias count/.test(String(e))) return undefined;
    throw e;
  }
}

describe(`convertFile on ${COUNT} mutants (seed ${SEED})`, () => {
  const corpus = [...loadCorpus(), fixtureWorkspace()];

  test('never throws; what it converts is clean YAML with every comment and the same data', () => {
    let converted = 0;
    for (let i = 0; i < COUNT; i++) {
      const m = mutantOf(corpus, SEED, i);
      const text = m.files[m.file]!;
      const where = `mutant ${i} (${m.workspace}/${m.file}: ${m.applied.join(', ')})`;
      const keep = i % 2 === 0;
      const r = convertFile(parseFile(`/ws/${m.file}`, text), { keepProfilePattern: keep });
      if (r.status !== 'converted') {
        assert.equal(r.output, text, where);
        continue;
      }
      converted++;
      const after = parseFile(`/ws/${m.file}`, r.output);
      assert.ok(r.output.startsWith('#lxops-v1'), where);
      assert.deepEqual(
        [...after.syntaxErrors, ...after.duplicateKeys].map((e) => e.message),
        [],
        `${where}\n${short(r.output)}`,
      );
      const kept = comments(r.output);
      for (const c of comments(text))
        assert.ok(
          kept.some((k) => k.includes(c)),
          `${where}: ${c}`,
        );
      const dropped = r.dropped.filter((d) => !d.key.startsWith('os.')).map((d) => d.key);
      const before = data(text);
      if (!before) continue;
      const own = (before.value as Json | null)?.['profile-pattern'];
      const named = own !== undefined && own !== null && String(own) !== '';
      const want = expectedData(before.value, dropped, keep && !named);
      assert.deepEqual(
        data(r.output)!.value ?? {},
        want,
        `${where}\n${short(text)}\n---\n${short(r.output)}`,
      );
    }
    assert.ok(converted > COUNT / 6, `only ${converted} of ${COUNT} mutants were converted`);
  });
});
