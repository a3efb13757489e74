import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { ROOT, lxdops } from './runCli';

interface JsonOutput {
  files: number;
  diagnostics: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    code: string;
    message: string;
  }[];
}

describe('lxdops check', () => {
  test('the example workspace checks clean: exit 0, no diagnostics', () => {
    const r = lxdops(['check', '--format', 'json', 'examples']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout) as JsonOutput;
    assert.deepEqual(out.diagnostics, []);
    assert.ok(out.files >= 10, `checked ${out.files} files`);
  });

  test('the broken fixtures report every expected code at its line, and nothing else', () => {
    const r = lxdops(['check', '--format', 'json', 'test/fixtures/broken']);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as JsonOutput;
    const expected = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/broken/expected.json'), 'utf8')) as {
      file: string;
      line: number;
      code: string;
    }[];
    const got = out.diagnostics
      .map((d) => `${d.file.replace('test/fixtures/broken/', '')}:${d.line}:${d.code}`)
      .sort();
    assert.deepEqual(got, expected.map((e) => `${e.file}:${e.line}:${e.code}`).sort());
  });

  test('JSON diagnostics are 1-based with ranges and a known severity', () => {
    const out = JSON.parse(
      lxdops(['check', '--format', 'json', 'test/fixtures/broken/unknown-key']).stdout,
    ) as JsonOutput;
    const d = out.diagnostics.find((x) => x.code === 'unknown-key' && x.message.includes('`profile`'));
    assert.ok(d);
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [3, 1, 3, 8]);
    assert.equal(d.severity, 'error');
    for (const x of out.diagnostics)
      assert.ok(['error', 'warning', 'information', 'hint'].includes(x.severity));
  });

  test('text output is file:line:col: severity code: message, then a summary', () => {
    const r = lxdops(['check', 'test/fixtures/broken/removed-key']);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0]!,
      /^test\/fixtures\/broken\/removed-key\/removed-key\.yaml:3:1: error removed-key: `packages` is a v1 key/,
    );
    assert.match(lines[lines.length - 1]!, /^\d+ files checked: 1 errors, 0 warnings$/);
  });

  test('warnings alone exit 0', () => {
    const r = lxdops(['check', 'test/fixtures/broken/unsupported-module']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /warning unsupported-module/);
  });

  test('usage errors exit 2: missing path, unknown option, bad -P, bad --format, missing --properties file', () => {
    assert.equal(lxdops(['check', 'no/such/path']).status, 2);
    assert.equal(lxdops(['check', '--bogus', 'examples']).status, 2);
    assert.equal(lxdops(['check', '-P', 'novalue', 'examples']).status, 2);
    assert.equal(lxdops(['check', '--format', 'xml', 'examples']).status, 2);
    const r = lxdops(['check', '--properties', 'no/such.yaml', 'examples']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such file/);
    assert.equal(lxdops(['check']).status, 2);
  });

  test('-P and --properties define properties; a fragment alone is checked as a root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxdops-cli-'));
    writeFileSync(
      join(dir, 'c1.yaml'),
      '#lxdops\nos: {name: alpine, image: "(img)"}\nfilesystems:\n  h: {pattern: "(fsroot)/h/(instance)"}\n',
    );
    const bad = JSON.parse(lxdops(['check', '--format', 'json', dir]).stdout) as JsonOutput;
    assert.deepEqual(bad.diagnostics.map((d) => [d.code, d.line, d.column]).sort(), [
      ['undefined-property', 2, 28],
      ['undefined-property', 4, 17],
    ]);
    writeFileSync(join(dir, 'props.yaml'), 'fsroot: z/test\n');
    const good = lxdops([
      'check',
      '--properties',
      join(dir, 'props.yaml'),
      '-P',
      'img=images:alpine/3.19',
      dir,
    ]);
    assert.equal(good.status, 0, good.stdout);
  });

  test('the default global properties file comes from XDG_CONFIG_HOME', () => {
    const home = mkdtempSync(join(tmpdir(), 'lxdops-home-'));
    mkdirSync(join(home, 'lxdops'));
    writeFileSync(join(home, 'lxdops/properties.yaml'), 'fsroot: z/test\n');
    const dir = mkdtempSync(join(tmpdir(), 'lxdops-cli-'));
    writeFileSync(
      join(dir, 'c1.yaml'),
      '#lxdops\nos: {name: alpine, image: images:alpine/3.19}\nfilesystems:\n  h: {pattern: "(fsroot)/h"}\n',
    );
    assert.equal(lxdops(['check', dir], ROOT, { XDG_CONFIG_HOME: home }).status, 0);
    assert.equal(lxdops(['check', dir]).status, 1);
  });

  test('a folder scan picks up near-miss headers in .yaml/.yml/.cfg but ignores other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxdops-scan-'));
    writeFileSync(join(dir, 'a.yml'), '# lxdops\nos: {name: alpine, image: x}\n');
    writeFileSync(join(dir, 'notes.txt'), '# lxdops\n');
    writeFileSync(join(dir, 'plain.yaml'), 'key: value\n');
    writeFileSync(join(dir, 'noext'), '#cloud-config\ntimezone: UTC\n');
    const out = JSON.parse(lxdops(['check', '--format', 'json', dir]).stdout) as JsonOutput;
    assert.equal(out.files, 2);
    assert.deepEqual(
      out.diagnostics.map((d) => [d.file.endsWith('a.yml'), d.code]),
      [[true, 'header']],
    );
  });
});

describe('lxdops config print / instance properties', () => {
  test('config print writes the merged config, readable back, starting with #lxdops', () => {
    const r = lxdops(['config', 'print', 'examples/containers/ex-web1.yaml']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.startsWith('#lxdops\n'));
    const c = parse(r.stdout) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(c.filesystems!).sort(), ['host', 'log', 'tmp']);
    assert.equal(c.origin as unknown, 'ex-template/base');
    assert.equal(c.properties!.fsroot, 'lxdtest/examples');
  });

  test('config print --origins names the file of each value', () => {
    const r = lxdops(['config', 'print', '--origins', 'examples/containers/ex-web1.yaml']);
    assert.match(r.stdout, /fsroot: lxdtest\/examples # from: examples\/fragments\/base\.yaml/);
  });

  test('instance properties lists built-ins, config properties and -P with their sources', () => {
    const r = lxdops([
      'instance',
      'properties',
      '--format',
      'json',
      '-P',
      'x=1',
      '--name',
      'n1',
      'examples/containers/ex-web1.yaml',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { key: string; value: string; source: string }[];
    const byKey = new Map(list.map((p) => [p.key, p]));
    assert.deepEqual(byKey.get('instance'), { key: 'instance', value: 'n1', source: 'built-in' });
    assert.equal(byKey.get('x')?.source, 'command-line');
    assert.equal(byKey.get('fsroot')?.source, 'config');
    assert.equal(byKey.get('project_instance')?.value, 'n1');
  });

  test('the current lxc project (LXD_CONF/config.yml) applies unless --project or the config sets one', () => {
    const conf = mkdtempSync(join(tmpdir(), 'lxdops-lxc-'));
    writeFileSync(
      join(conf, 'config.yml'),
      'default-remote: local\nremotes:\n  local: {addr: "unix://", project: web}\n',
    );
    const props = (extra: string[]) =>
      new Map(
        (
          JSON.parse(
            lxdops(
              ['instance', 'properties', '--format', 'json', ...extra, 'examples/containers/ex-web1.yaml'],
              ROOT,
              { LXD_CONF: conf },
            ).stdout,
          ) as { key: string; value: string }[]
        ).map((p) => [p.key, p.value]),
      );
    assert.equal(props([]).get('project'), 'web');
    assert.equal(props([]).get('project_instance'), 'web_ex-web1');
    assert.equal(props(['--project', 'prod']).get('project/'), 'prod/');
  });

  test('an lxc config.yml that does not parse is a warning (once), and the project is default', () => {
    const conf = mkdtempSync(join(tmpdir(), 'lxdops-lxc-'));
    writeFileSync(join(conf, 'config.yml'), 'remotes:\n  local: {addr: "unix://", project: web\n');
    const check = lxdops(['check', 'examples'], ROOT, { LXD_CONF: conf });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const warnings = check.stderr.split('\n').filter((l) => l.startsWith('lxdops: warning: '));
    assert.deepEqual(warnings, [
      `lxdops: warning: ${conf}/config.yml is not valid YAML (line 3): Flow map in block collection must be sufficiently indented and end with a }: the current LXD project is taken as "default" (fix the file, or use --project / lxdops.project)`,
    ]);
    const props = lxdops(
      ['instance', 'properties', '--format', 'json', 'examples/containers/ex-web1.yaml'],
      ROOT,
      { LXD_CONF: conf },
    );
    const project = (JSON.parse(props.stdout) as { key: string; value: string }[]).find(
      (p) => p.key === 'project',
    );
    assert.equal(project?.value, 'default');
    assert.match(props.stderr, /warning: .*config\.yml is not valid YAML/);
  });

  test('config print and instance properties of an #lxops-v1 root: its merged config, as lxops reads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxdops-cli-lxops-'));
    writeFileSync(join(dir, 'base.yaml'), '#lxdops\nos: {name: alpine, image: "images:alpine/3.19"}\n');
    writeFileSync(
      join(dir, 'web.yaml'),
      '#lxops-v1\ninclude: [base.yaml]\nostype: debian\nproperties: {site: blue}\n',
    );
    const r = lxdops(['config', 'print', join(dir, 'web.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^#lxops-v1\n/);
    // lxops' merge: the included file's ostype and image override the including file's
    assert.equal((parse(r.stdout) as { ostype: string }).ostype, 'alpine');
    const props = lxdops(['instance', 'properties', '--format', 'json', join(dir, 'web.yaml')]);
    assert.equal(props.status, 0, props.stderr);
    const list = JSON.parse(props.stdout) as { key: string; value: string }[];
    assert.equal(list.find((p) => p.key === 'site')?.value, 'blue');
  });

  test('a config that is not #lxdops is a usage error', () => {
    const r = lxdops(['config', 'print', 'examples/cloud-config/base.cfg']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /first line should be: #lxdops/);
  });
});
