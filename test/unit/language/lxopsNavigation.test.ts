// Go to definition and document links on `#lxops-v1` conditional entries: they lead where the
// entry is substituted to with `-P` and global properties, and a dropped entry leads nowhere.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkspaceChecker } from '../../../core/src/check/workspaceChecker';
import { MemoryFileSystem } from '../../../core/src/fs/fileSystem';
import { definition, documentLinks } from '../../../core/src/language/navigation';

const ROOT = '/w/web.yaml';
const TEXT = '#lxops-v1\nostype: alpine\nimage: i\ninclude:\n  - (site).yaml\n  - (unset).yaml\n';

function setup(properties: Record<string, string>) {
  const fs = new MemoryFileSystem({ [ROOT]: TEXT, '/w/blue.yaml': '#lxops-v1\n' });
  const checker = new WorkspaceChecker(fs, { commandLineProperties: new Map(Object.entries(properties)) });
  checker.setCandidates([ROOT, '/w/blue.yaml']);
  checker.update('all');
  const ws = checker.workspace();
  const parsed = ws.config(ROOT);
  assert.ok(parsed.ok);
  return { ctx: { checker, ws }, parsed: parsed.value.parsed };
}

describe('navigation on #lxops-v1 conditional entries', () => {
  test('-P site=blue: the entry leads to blue.yaml; the one with an unset property leads nowhere', () => {
    const { ctx, parsed } = setup({ site: 'blue' });
    assert.deepEqual(
      definition(ctx, parsed, TEXT.indexOf('(site)') + 1).map((l) => l.file),
      ['/w/blue.yaml'],
    );
    assert.deepEqual(definition(ctx, parsed, TEXT.indexOf('(unset)') + 1), []);
    assert.deepEqual(
      documentLinks(ctx, parsed).map((l) => l.target),
      ['/w/blue.yaml'],
    );
  });

  test('without the property, both entries are dropped: no link, no definition', () => {
    const { ctx, parsed } = setup({});
    assert.deepEqual(definition(ctx, parsed, TEXT.indexOf('(site)') + 1), []);
    assert.deepEqual(documentLinks(ctx, parsed), []);
  });
});
