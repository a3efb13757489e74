// The language server reads lxops' global properties for `#lxops-v1` configs and re-checks when
// they change on disk ($XDG_CONFIG_HOME/lxops/properties.yaml and properties.d/*.yaml).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestConnection } from './testConnection';

describe('LSP: lxops global properties', () => {
  let t: TestConnection;
  const home = mkdtempSync(join(tmpdir(), 'lxdops-lsp-lxops-'));
  const saved = process.env.XDG_CONFIG_HOME;
  before(async () => {
    mkdirSync(join(home, 'lxops'), { recursive: true });
    writeFileSync(join(home, 'lxops/properties.yaml'), 'img: busybox\n');
    process.env.XDG_CONFIG_HOME = home;
    t = new TestConnection({
      'web.yaml': '#lxops-v1\nostype: alpine\nimage: (img)\ninclude: [(site).yaml]\n',
    });
    await t.start();
  });
  after(() => {
    t.dispose();
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
  });

  test('properties.yaml defines (img): only the conditional include is reported, as left out', async () => {
    await t.open('web.yaml');
    const list = await t.diagnostics('web.yaml', (d) => d.length > 0);
    assert.deepEqual(
      list.map((d) => d.code),
      ['conditional-dropped'],
    );
  });

  test('a new properties.d file that sets site: the include is followed (and found missing)', async () => {
    // the folder appears with its file in one step (a rename), as a watcher cannot see both at once
    mkdirSync(join(home, 'staged'));
    writeFileSync(join(home, 'staged/10-site.yaml'), 'site: paris\n');
    renameSync(join(home, 'staged'), join(home, 'lxops/properties.d'));
    const list = await t.diagnostics('web.yaml', (d) => d.some((x) => x.code === 'include-not-found'));
    assert.deepEqual(
      list.map((d) => d.code),
      ['include-not-found'],
    );
  });

  test('properties.yaml loses img: undefined-property at the reference', async () => {
    writeFileSync(join(home, 'lxops/properties.yaml'), 'other: x\n');
    const list = await t.diagnostics('web.yaml', (d) => d.some((x) => x.code === 'undefined-property'));
    assert.deepEqual(list.map((d) => d.code).sort(), ['include-not-found', 'undefined-property']);
  });
});
