import assert from 'node:assert/strict';
import { dirname, relative } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { WorkspaceChecker } from '../../../core/src/check/workspaceChecker';
import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';

/**
 * A small in-memory workspace edited at random: after every edit, what the incremental checker has
 * published (and what it answers) must equal a full check of the same files from scratch.
 */

const FILES = ['/w/a.yaml', '/w/b.yaml', '/w/c.yaml', '/w/sub/d.yaml', '/w/x.cfg', '/w/sub/y.cfg'];

interface FileSpec {
  header: '#lxdops' | '#cloud-config' | '#lxops-v1' | '' | '# lxdops';
  includes: string[];
  cloudConfigs: string[];
  sourceConfig?: string;
  definesFsroot: boolean;
  usesFsroot: boolean;
  os?: 'alpine' | 'debian';
  description: boolean;
  cloudModule?: 'packages: [curl]' | 'bootcmd: [a]';
  brokenYaml: boolean;
}

type Edit =
  | { op: 'write'; files: { path: string; spec: FileSpec }[] }
  | { op: 'delete'; path: string; keepCandidate: boolean }
  | { op: 'toggle-candidate'; path: string }
  | { op: 'touch'; path: string };

const file = fc.constantFrom(...FILES);
const fileSpec: fc.Arbitrary<FileSpec> = fc.record(
  {
    header: fc.constantFrom('#lxdops', '#lxdops', '#lxdops', '#cloud-config', '#lxops-v1', '', '# lxdops'),
    includes: fc.array(file, { maxLength: 3 }),
    cloudConfigs: fc.array(file, { maxLength: 2 }),
    sourceConfig: file,
    definesFsroot: fc.boolean(),
    usesFsroot: fc.boolean(),
    os: fc.constantFrom('alpine', 'debian'),
    description: fc.boolean(),
    cloudModule: fc.constantFrom('packages: [curl]', 'bootcmd: [a]'),
    brokenYaml: fc.boolean(),
  },
  {
    requiredKeys: [
      'header',
      'includes',
      'cloudConfigs',
      'definesFsroot',
      'usesFsroot',
      'description',
      'brokenYaml',
    ],
  },
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .uniqueArray(fc.record({ path: file, spec: fileSpec }), {
        minLength: 1,
        maxLength: 2,
        selector: (f) => f.path,
      })
      .map((files) => ({ op: 'write' as const, files })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('delete' as const), path: file, keepCandidate: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('toggle-candidate' as const), path: file }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('touch' as const), path: file }) },
);

/** The text of one file: any header over any body, so that every kind meets every other. */
function render(path: string, spec: FileSpec): string {
  const rel = (target: string) => relative(dirname(path), target);
  const lines: string[] = spec.header ? [spec.header] : [];
  if (spec.includes.length) lines.push(`include: [${spec.includes.map(rel).join(', ')}]`);
  if (spec.cloudConfigs.length) lines.push(`cloud-config-files: [${spec.cloudConfigs.map(rel).join(', ')}]`);
  if (spec.sourceConfig) lines.push(`source-config: ${rel(spec.sourceConfig)}`);
  if (spec.description) lines.push('description: some text');
  if (spec.definesFsroot) lines.push('properties:', '  fsroot: z/t');
  if (spec.os) lines.push(`os: {name: ${spec.os}, image: "images:${spec.os}/1"}`);
  if (spec.usesFsroot)
    lines.push(
      'filesystems:',
      '  host: {pattern: "(fsroot)/host/(instance)"}',
      'devices:',
      '  home: {path: /home, filesystem: host}',
    );
  if (spec.cloudModule) lines.push(spec.cloudModule);
  if (spec.brokenYaml) lines.push('broken: [unclosed', '  - : :');
  return `${lines.join('\n')}\n`;
}

class Model {
  readonly fs = new MemoryFileSystem();
  readonly candidates = new Set<string>();
  readonly checker = new WorkspaceChecker(this.fs);
  /** What the editor shows: the last list published for each file. */
  readonly shown = new Map<string, Diagnostic[]>();

  start(files: { path: string; spec: FileSpec }[], candidates: string[]): void {
    for (const f of files) this.fs.set(f.path, render(f.path, f.spec));
    for (const c of candidates) this.candidates.add(c);
    this.checker.setCandidates(this.candidates);
    this.publish(this.checker.update('all'));
  }

  apply(e: Edit): void {
    const changed: string[] = [];
    if (e.op === 'write') {
      for (const f of e.files) {
        this.fs.set(f.path, render(f.path, f.spec));
        // as the language server does: a file is a candidate when its header is one of ours
        this.setCandidate(f.path, f.spec.header === '#lxdops' || f.spec.header === '#cloud-config');
        changed.push(f.path);
      }
    } else if (e.op === 'delete') {
      this.fs.delete(e.path);
      if (!e.keepCandidate) this.setCandidate(e.path, false);
      changed.push(e.path);
    } else if (e.op === 'toggle-candidate') {
      this.setCandidate(e.path, !this.candidates.has(e.path));
      changed.push(e.path);
    } else changed.push(e.path);
    this.publish(this.checker.update(changed));
  }

  private setCandidate(path: string, on: boolean): void {
    if (on) {
      this.candidates.add(path);
      this.checker.addCandidate(path);
    } else {
      this.candidates.delete(path);
      this.checker.removeCandidate(path);
    }
  }

  private publish(out: Map<string, Diagnostic[]>): void {
    for (const [path, list] of out) this.shown.set(path, list);
  }
}

/** Incremental state == a full check from scratch, in every answer the checker gives. */
function assertSameAsFull(model: Model): void {
  const full = new WorkspaceChecker(model.fs);
  full.setCandidates(model.candidates);
  full.update('all');
  const inc = model.checker;
  assert.deepEqual(inc.checkedFiles(), full.checkedFiles(), 'checked files');
  assert.deepEqual([...inc.rootResults().keys()], [...full.rootResults().keys()], 'roots');
  for (const path of new Set([...FILES, ...full.checkedFiles(), ...model.shown.keys()])) {
    const expected = full.diagnosticsOf(path);
    assert.deepEqual(inc.diagnosticsOf(path), expected, `diagnostics of ${path}`);
    assert.deepEqual(model.shown.get(path) ?? [], expected, `published diagnostics of ${path}`);
    assert.deepEqual(
      inc.rootsOf(path).map((r) => r.root),
      full.rootsOf(path).map((r) => r.root),
      `roots of ${path}`,
    );
  }
  for (const [root, expected] of full.rootResults()) {
    const actual = inc.rootResults().get(root)!;
    assert.deepEqual(actual.tree.preOrder, expected.tree.preOrder, `include tree of ${root}`);
    assert.deepEqual(actual.config, expected.config, `merged config of ${root}`);
    assert.deepEqual([actual.instance, actual.project], [expected.instance, expected.project]);
    assert.deepEqual(actual.properties.all(), expected.properties.all(), `properties of ${root}`);
    // the graph's closure of a root is exactly the files of its include tree
    assert.deepEqual(
      [...inc.graph.closure(root)].sort(),
      [...new Set(actual.tree.preOrder.map((m) => m.file))].sort(),
      `graph closure of ${root}`,
    );
  }
}

describe('incremental checking (property)', () => {
  test('after every random edit, the incremental results equal a full check from scratch', () => {
    const start = fc.record({
      files: fc.uniqueArray(fc.record({ path: file, spec: fileSpec }), {
        maxLength: FILES.length,
        selector: (f) => f.path,
      }),
      candidates: fc.subarray(FILES),
    });
    fc.assert(
      fc.property(start, fc.array(edit, { minLength: 1, maxLength: 12 }), (initial, edits) => {
        const model = new Model();
        model.start(initial.files, initial.candidates);
        assertSameAsFull(model);
        for (const e of edits) {
          model.apply(e);
          assertSameAsFull(model);
        }
      }),
      { numRuns: 120 },
    );
  });

  test('the generator reaches the cases it is meant to: cycles, diamonds, cloud-config, broken YAML', () => {
    // A hand-picked sequence through those cases, so that a generator change cannot silently lose them.
    const model = new Model();
    const config = (over: Partial<FileSpec>): FileSpec => ({
      header: '#lxdops',
      includes: [],
      cloudConfigs: [],
      definesFsroot: false,
      usesFsroot: false,
      description: false,
      brokenYaml: false,
      ...over,
    });
    model.start(
      [
        { path: '/w/a.yaml', spec: config({ includes: ['/w/b.yaml', '/w/c.yaml'], os: 'alpine' }) },
        { path: '/w/b.yaml', spec: config({ includes: ['/w/sub/d.yaml'], definesFsroot: true }) },
        { path: '/w/c.yaml', spec: config({ includes: ['/w/sub/d.yaml'] }) },
        { path: '/w/sub/d.yaml', spec: config({ usesFsroot: true, cloudConfigs: ['/w/x.cfg'] }) },
        { path: '/w/x.cfg', spec: config({ header: '#cloud-config', cloudModule: 'bootcmd: [a]' }) },
      ],
      FILES,
    );
    assertSameAsFull(model);
    assert.deepEqual(model.checker.graph.roots(), ['/w/a.yaml']);
    assert.deepEqual([...model.checker.graph.dependents('/w/x.cfg')], ['/w/a.yaml']);
    assert.deepEqual(
      model.shown.get('/w/x.cfg')?.map((d) => d.code),
      ['unsupported-module'],
    );
    const steps: Edit[] = [
      // a cycle: d includes a
      { op: 'write', files: [{ path: '/w/sub/d.yaml', spec: config({ includes: ['/w/a.yaml'] }) }] },
      // broken YAML in the middle of the diamond
      { op: 'write', files: [{ path: '/w/b.yaml', spec: config({ brokenYaml: true }) }] },
      // the root turns into a cloud-config file: b and c become roots
      { op: 'write', files: [{ path: '/w/a.yaml', spec: config({ header: '#cloud-config' }) }] },
      { op: 'delete', path: '/w/sub/d.yaml', keepCandidate: false },
    ];
    for (const e of steps) {
      model.apply(e);
      assertSameAsFull(model);
    }
    assert.deepEqual(model.checker.graph.roots(), ['/w/b.yaml', '/w/c.yaml']);
    assert.deepEqual(
      model.shown.get('/w/c.yaml')?.map((d) => d.code),
      ['missing-image', 'include-not-found'],
    );
  });
});
