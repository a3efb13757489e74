import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkspaceChecker } from '../../../core/src/check/workspaceChecker';
import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';

/** A full check of the same files from scratch. */
function fullCheck(fs: MemoryFileSystem, candidates: Iterable<string>): WorkspaceChecker {
  const full = new WorkspaceChecker(fs);
  full.setCandidates(candidates);
  full.update('all');
  return full;
}

describe('incremental checking (regressions found by the property test)', () => {
  // Seed -1082131028, shrunk: a file that leaves the graph took its edges with it, so the file it
  // listed as a cloud-config file kept being checked as one (its `#lxops-v1` header reported),
  // although nothing lists it any more and no root's tree holds it.
  test('a file that leaves the graph releases what it listed as cloud-config', () => {
    const fs = new MemoryFileSystem();
    fs.set('/w/x.cfg', '#lxdops\ncloud-config-files: [sub/y.cfg]\n');
    fs.set('/w/c.yaml', '#lxdops\ninclude: [sub/y.cfg]\n');
    const checker = new WorkspaceChecker(fs);
    checker.setCandidates([]);
    const shown = new Map<string, Diagnostic[]>();
    const publish = (out: Map<string, Diagnostic[]>) => {
      for (const [path, list] of out) shown.set(path, list);
    };
    publish(checker.update('all'));

    fs.set('/w/a.yaml', '#lxdops\ninclude: [x.cfg]\n');
    checker.addCandidate('/w/a.yaml');
    publish(checker.update(['/w/a.yaml']));
    fs.set('/w/sub/y.cfg', '#lxops-v1\n');
    publish(checker.update(['/w/sub/y.cfg']));
    // y.cfg is listed as a cloud-config file by x.cfg, in a's tree: checked as one
    assert.ok(checker.diagnosticsOf('/w/sub/y.cfg').length > 0);
    // d keeps y.cfg in the graph after x.cfg leaves it: d → c (source-config) → y (include)
    fs.set('/w/sub/d.yaml', '#lxdops\nsource-config: ../c.yaml\n');
    checker.addCandidate('/w/sub/d.yaml');
    publish(checker.update(['/w/sub/d.yaml']));
    // a no longer includes x.cfg: x.cfg leaves the graph, and nothing lists y.cfg as cloud-config
    fs.set('/w/a.yaml', '#lxdops\n');
    publish(checker.update(['/w/a.yaml']));

    const full = fullCheck(fs, ['/w/a.yaml', '/w/sub/d.yaml']);
    assert.deepEqual(full.checkedFiles(), ['/w/a.yaml', '/w/sub/d.yaml']);
    assert.deepEqual(full.diagnosticsOf('/w/sub/y.cfg'), []);
    assert.deepEqual(checker.checkedFiles(), full.checkedFiles());
    assert.deepEqual(checker.diagnosticsOf('/w/sub/y.cfg'), []);
    assert.deepEqual(shown.get('/w/sub/y.cfg'), [], 'the editor is told that y.cfg has no problems now');
  });
});
