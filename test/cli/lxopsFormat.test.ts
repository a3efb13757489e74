// `lxdops check` on `#lxops-v1` configs, with lxops' global properties on disk
// ($XDG_CONFIG_HOME/lxops/properties.d/*.yaml, then properties.yaml).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { lxdops } from './runCli';

const codes = (stdout: string) =>
  (JSON.parse(stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code).sort();

describe('lxdops check on #lxops-v1 configs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lxdops-cli-lxops-'));
  const home = join(dir, 'config');
  writeFileSync(
    join(dir, 'web.yaml'),
    '#lxops-v1\nostype: alpine\nimage: (img)\ninclude: [site-(site).yaml]\nprofiles: [default]\n',
  );
  writeFileSync(join(dir, 'site-paris.yaml'), '#lxops-v1\nprofiles: [web]\n');

  test('without global properties: the include is left out (a hint) and (img) is undefined', () => {
    const r = lxdops(['check', '--format', 'json', 'web.yaml'], dir, { XDG_CONFIG_HOME: home });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(codes(r.stdout), ['conditional-dropped', 'undefined-property']);
  });

  test('properties.d (sorted) then properties.yaml: the later file wins; the include is followed', () => {
    mkdirSync(join(home, 'lxops/properties.d'), { recursive: true });
    writeFileSync(join(home, 'lxops/properties.d/10-a.yaml'), 'site: rome\nimg: images:alpine/3.19\n');
    writeFileSync(join(home, 'lxops/properties.d/20-b.yaml'), 'site: nowhere\n');
    writeFileSync(join(home, 'lxops/properties.yaml'), 'site: paris\n');
    const r = lxdops(['check', '--format', 'json', 'web.yaml'], dir, { XDG_CONFIG_HOME: home });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(codes(r.stdout), []);
  });

  test('-P beats the global properties for a conditional include', () => {
    const r = lxdops(['check', '--format', 'json', '-P', 'site=berlin', 'web.yaml'], dir, {
      XDG_CONFIG_HOME: home,
    });
    assert.deepEqual(codes(r.stdout), ['include-not-found']);
    assert.match(r.stdout, /site-berlin\.yaml/);
  });
});
