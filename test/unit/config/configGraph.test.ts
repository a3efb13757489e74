import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigGraph, type GraphNode } from '../../../core/src/config/configGraph';
import { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import { readGraphNode } from '../../../core/src/config/graphNode';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';

function setup(files: Record<string, string>) {
  const fs = new MemoryFileSystem(files);
  const graph = new ConfigGraph();
  const apply = (changes: Parameters<ConfigGraph['apply']>[0]) => {
    const ws = new ConfigWorkspace(fs);
    return graph.apply(changes, (path) => readGraphNode(path, ws));
  };
  return { fs, graph, apply };
}

const sorted = (s: Iterable<string>) => [...s].sort();

describe('ConfigGraph', () => {
  test('edges carry their kind and the span of their entry; reverse edges name the including file', () => {
    const text = '#lxdops\ninclude: [b.yaml]\ncloud-config-files: [x.cfg]\nsource-config: ../t.yaml\n';
    const { graph, apply } = setup({ '/w/a.yaml': text, '/w/b.yaml': '#lxdops\n' });
    apply({ seedsAdded: ['/w/a.yaml'] });
    const edges = graph
      .edgesFrom('/w/a.yaml')
      .map((e) => [e.kind, e.to, text.slice(e.span.start, e.span.end)]);
    assert.deepEqual(edges, [
      ['include', '/w/b.yaml', 'b.yaml'],
      ['cloud-config-files', '/w/x.cfg', 'x.cfg'],
      ['source-config', '/t.yaml', '../t.yaml'],
    ]);
    assert.deepEqual(
      graph.edgesTo('/w/x.cfg').map((e) => e.from),
      ['/w/a.yaml'],
    );
    // every target is a node, read or missing
    assert.equal(graph.node('/w/x.cfg')?.kind, 'missing');
    assert.equal(graph.node('/w/b.yaml')?.kind, 'lxdops');
    assert.deepEqual(graph.roots(), ['/w/a.yaml']);
  });

  test('a diamond: one root, the shared fragment belongs to it once, and its dependents are that root', () => {
    const { graph, apply } = setup({
      '/w/a.yaml': '#lxdops\ninclude: [b.yaml, c.yaml]\n',
      '/w/b.yaml': '#lxdops\ninclude: [d.yaml]\n',
      '/w/c.yaml': '#lxdops\ninclude: [d.yaml]\n',
      '/w/d.yaml': '#lxdops\n',
    });
    apply({ seedsAdded: ['/w/a.yaml', '/w/b.yaml', '/w/c.yaml', '/w/d.yaml'] });
    assert.deepEqual(graph.roots(), ['/w/a.yaml']);
    assert.deepEqual(sorted(graph.closure('/w/a.yaml')), [
      '/w/a.yaml',
      '/w/b.yaml',
      '/w/c.yaml',
      '/w/d.yaml',
    ]);
    assert.deepEqual(graph.rootsOf('/w/d.yaml'), ['/w/a.yaml']);
    assert.deepEqual(sorted(graph.dependents('/w/d.yaml')), ['/w/a.yaml']);
  });

  test('a cycle that no root reaches is checked from its first file in path order', () => {
    const { graph, apply } = setup({
      '/w/b.yaml': '#lxdops\ninclude: [c.yaml]\n',
      '/w/c.yaml': '#lxdops\ninclude: [b.yaml]\n',
    });
    apply({ seedsAdded: ['/w/c.yaml', '/w/b.yaml'] });
    assert.deepEqual(graph.roots(), ['/w/b.yaml']);
    assert.deepEqual(sorted(graph.closure('/w/b.yaml')), ['/w/b.yaml', '/w/c.yaml']);
  });

  test('apply: an include that turns a root into a fragment drops that root and names its files', () => {
    const { fs, graph, apply } = setup({ '/w/a.yaml': '#lxdops\n', '/w/b.yaml': '#lxdops\n' });
    apply({ seedsAdded: ['/w/a.yaml', '/w/b.yaml'] });
    assert.deepEqual(graph.roots(), ['/w/a.yaml', '/w/b.yaml']);
    fs.set('/w/a.yaml', '#lxdops\ninclude: [b.yaml]\n');
    const delta = apply({ files: ['/w/a.yaml'] });
    assert.deepEqual(graph.roots(), ['/w/a.yaml']);
    assert.deepEqual(sorted(delta.affectedRoots), ['/w/a.yaml']);
    assert.deepEqual(sorted(delta.droppedRoots), ['/w/b.yaml']);
    assert.deepEqual(sorted(delta.affectedFiles), ['/w/a.yaml', '/w/b.yaml']);
  });

  test('apply: a file that stops naming another lists the other as affected', () => {
    // x.cfg stays in the graph (b.yaml names it too), so only the old edge says it is affected
    const { fs, graph, apply } = setup({
      '/w/a.yaml': '#lxdops\ncloud-config-files: [x.cfg]\n',
      '/w/b.yaml': '#cloud-config\ncloud-config-files: [x.cfg]\n',
      '/w/x.cfg': '#cloud-config\n',
    });
    apply({ seedsAdded: ['/w/a.yaml', '/w/b.yaml'] });
    fs.set('/w/a.yaml', '#lxdops\n');
    const delta = apply({ files: ['/w/a.yaml'] });
    assert.ok(graph.node('/w/x.cfg'));
    assert.deepEqual(sorted(delta.affectedFiles), ['/w/a.yaml', '/w/x.cfg']);
  });

  test('apply: a removed seed leaves the graph with what only it reached', () => {
    const { graph, apply } = setup({
      '/w/a.yaml': '#lxdops\ninclude: [f.yaml]\n',
      '/w/f.yaml': '#lxdops\ninclude: [a.yaml, g.yaml]\n',
    });
    apply({ seedsAdded: ['/w/a.yaml'] });
    assert.deepEqual(graph.paths(), ['/w/a.yaml', '/w/f.yaml', '/w/g.yaml']);
    const delta = apply({ seedsRemoved: ['/w/a.yaml'] });
    assert.deepEqual(graph.paths(), []);
    assert.deepEqual(graph.roots(), []);
    assert.deepEqual(sorted(delta.droppedRoots), ['/w/a.yaml']);
    assert.deepEqual(sorted(delta.affectedFiles), ['/w/a.yaml', '/w/f.yaml', '/w/g.yaml']);
  });

  test('apply: creating a missing include reads it and what it includes, and affects its includers', () => {
    const { fs, graph, apply } = setup({ '/w/a.yaml': '#lxdops\ninclude: [b.yaml]\n' });
    apply({ seedsAdded: ['/w/a.yaml'] });
    assert.deepEqual(sorted(graph.closure('/w/a.yaml')), ['/w/a.yaml']);
    fs.set('/w/b.yaml', '#lxdops\ninclude: [c.yaml]\n');
    const delta = apply({ files: ['/w/b.yaml'] });
    assert.deepEqual(sorted(delta.affectedRoots), ['/w/a.yaml']);
    assert.deepEqual(sorted(graph.closure('/w/a.yaml')), ['/w/a.yaml', '/w/b.yaml']);
    assert.equal(graph.node('/w/c.yaml')?.kind, 'missing');
  });

  test('a change to a path the graph does not hold affects nothing', () => {
    const { apply } = setup({ '/w/a.yaml': '#lxdops\n' });
    apply({ seedsAdded: ['/w/a.yaml'] });
    const delta = apply({ files: ['/w/elsewhere.yaml'] });
    assert.deepEqual([...delta.affectedRoots], []);
    assert.deepEqual([...delta.affectedFiles], ['/w/elsewhere.yaml']);
  });

  test('only #lxdops files make a seed a fragment: a cloud-config that lists an include does not', () => {
    const node = (path: string, kind: GraphNode['kind'], to: string[]): GraphNode => ({
      path,
      kind,
      edges: to.map((t) => ({ kind: 'include', from: path, to: t, raw: t, span: { start: 0, end: 0 } })),
    });
    const nodes = new Map([
      ['/w/a.yaml', node('/w/a.yaml', 'lxdops', [])],
      ['/w/x.cfg', node('/w/x.cfg', 'cloud-config', ['/w/a.yaml'])],
    ]);
    const graph = new ConfigGraph();
    graph.apply({ seedsAdded: ['/w/a.yaml', '/w/x.cfg'] }, (path) => nodes.get(path)!);
    assert.deepEqual(graph.roots(), ['/w/a.yaml']);
  });
});
