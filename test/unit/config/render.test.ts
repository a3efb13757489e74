import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isPair, isScalar, isSeq, type Node, parse, parseDocument } from 'yaml';
import { checkFiles, resolveRoot } from '../../../core/src/check/checkFiles';
import type { EffectiveConfig } from '../../../core/src/config/effectiveConfig';
import { loadIncludeTree } from '../../../core/src/config/includeTree';
import { mergeTree } from '../../../core/src/config/merge';
import { renderEffectiveConfig } from '../../../core/src/config/renderConfig';
import { readHeader } from '../../../core/src/document/header';
import { workspace } from '../../helpers';

// Reference §1.1 / §6.16: `config print` writes `#lxdops` first, then the merged config as YAML,
// so that what it prints can be read back; the merged result never has an `include`.

const ROOT = '/ws/app/web.yaml';
const FILES: Record<string, string> = {
  [ROOT]: `#lxdops
description: web server
stop: true
snapshot: copy
include:
- ../common/base.yaml
properties:
  fsroot: z/demo
  flag: "on"
  hashy: "a #b"
os:
  name: alpine
project: web
container: (instance)
profile-pattern: (instance).lxdops
profile-config:
  boot.autostart: "false"
device-owner: 1000000:1000000
lxc-options: [--vm]
profiles: [default]
cloud-config-files:
- web.cfg
source-config: tpl.yaml
`,
  '/ws/common/base.yaml': `#lxdops
os:
  name: alpine
  image: images:alpine/3.17
  version: 3.10
properties:
  fsroot: z/base
  alpine-version: 3.10
filesystems:
  host:
    pattern: (fsroot)/host/(instance)
    destroy: true
    zfsproperties:
      compression: lz4
  tmp:
    pattern: /tmp/lxdops/(instance)
    destroy: true
    transient: true
devices:
  home:
    path: /home
    filesystem: host
  tmp:
    path: /tmp
    filesystem: tmp
    dir: .
profiles: [base]
profiles-config: [cfg]
profiles-run: [run]
cloud-config-files: [cc/base.cfg]
origin: tpl/copy
device-template: tpl
`,
  '/ws/app/web.cfg': '#cloud-config\npackages: [curl]\n',
  '/ws/common/cc/base.cfg': '#cloud-config\npackages: [curl]\n',
  '/ws/app/tpl.yaml': '#lxdops\nos: {name: alpine, image: images:alpine/3.17}\n',
};

function mergedOf(files: Record<string, string>, root: string): EffectiveConfig {
  const { ws } = workspace(files);
  const tree = loadIncludeTree(root, ws);
  assert.ok(tree);
  return mergeTree(tree).config;
}

/** The merged values only (no origins), in a form deepEqual can compare. */
function values(c: EffectiveConfig) {
  const v = <T>(l: { value: T } | undefined) => l?.value;
  const map = (m: Iterable<{ key: string; value: { value: string } }>) =>
    Object.fromEntries([...m].map((e) => [e.key, e.value.value]));
  return {
    description: v(c.description),
    stop: v(c.stop),
    snapshot: v(c.snapshot),
    properties: map(c.properties.values()),
    os: { name: v(c.os.name), image: v(c.os.image), version: v(c.os.version) },
    project: v(c.project),
    container: v(c.container),
    profilePattern: v(c.profilePattern),
    profileConfig: map(c.profileConfig.values()),
    origin: v(c.origin),
    deviceTemplate: v(c.deviceTemplate),
    deviceOrigin: v(c.deviceOrigin),
    sourceConfig: c.sourceConfig?.resolved,
    lxcOptions: c.lxcOptions?.map((x) => x.value),
    filesystems: Object.fromEntries(
      [...c.filesystems.values()].map((f) => [
        f.id,
        {
          pattern: v(f.pattern),
          zfsproperties: map(f.zfsproperties),
          destroy: v(f.destroy),
          transient: v(f.transient),
        },
      ]),
    ),
    devices: Object.fromEntries(
      [...c.devices.values()].map((d) => [
        d.name,
        { path: v(d.path), filesystem: v(d.filesystem), dir: v(d.dir) },
      ]),
    ),
    deviceOwner: v(c.deviceOwner),
    profiles: c.profiles.map((x) => x.value),
    profilesConfig: c.profilesConfig.map((x) => x.value),
    profilesRun: c.profilesRun.map((x) => x.value),
    cloudConfigFiles: c.cloudConfigFiles.map((e) => e.resolved),
  };
}

describe('renderEffectiveConfig', () => {
  const merged = mergedOf(FILES, ROOT);

  test('the expected merged values (sanity check of the fixture)', () => {
    assert.deepEqual(values(merged), {
      description: 'web server',
      stop: true,
      snapshot: 'copy',
      properties: { fsroot: 'z/demo', 'alpine-version': '3.10', flag: 'on', hashy: 'a #b' },
      os: { name: 'alpine', image: 'images:alpine/3.17', version: '3.10' },
      project: 'web',
      container: '(instance)',
      profilePattern: '(instance).lxdops',
      profileConfig: { 'boot.autostart': 'false' },
      origin: 'tpl/copy',
      deviceTemplate: 'tpl',
      deviceOrigin: undefined,
      sourceConfig: '/ws/app/tpl.yaml',
      lxcOptions: ['--vm'],
      filesystems: {
        host: {
          pattern: '(fsroot)/host/(instance)',
          zfsproperties: { compression: 'lz4' },
          destroy: true,
          transient: undefined,
        },
        tmp: { pattern: '/tmp/lxdops/(instance)', zfsproperties: {}, destroy: true, transient: true },
      },
      devices: {
        home: { path: '/home', filesystem: 'host', dir: undefined },
        tmp: { path: '/tmp', filesystem: 'tmp', dir: '.' },
      },
      deviceOwner: '1000000:1000000',
      profiles: ['base', 'default'],
      profilesConfig: ['cfg'],
      profilesRun: ['run'],
      cloudConfigFiles: ['/ws/common/cc/base.cfg', '/ws/app/web.cfg'],
    });
  });

  for (const origins of [false, true]) {
    describe(origins ? 'with {origins: true}' : 'plain', () => {
      const text = renderEffectiveConfig(merged, { origins });

      test('starts with the exact #lxdops header line', () => {
        assert.ok(text.startsWith('#lxdops\n'), JSON.stringify(text.slice(0, 20)));
        assert.deepEqual(readHeader(text), { kind: 'lxdops', exact: true });
      });

      test('is parseable YAML without errors or warnings, and has no include', () => {
        const doc = parseDocument(text, { version: '1.1' });
        assert.deepEqual(doc.errors, []);
        assert.deepEqual(doc.warnings, []);
        const obj = parse(text) as Record<string, unknown>;
        assert.equal(typeof obj, 'object');
        assert.equal('include' in obj, false);
      });

      test('paths are written relative to the root config folder', () => {
        const obj = parse(text) as Record<string, unknown>;
        assert.deepEqual(obj['cloud-config-files'], ['../common/cc/base.cfg', 'web.cfg']);
        assert.equal(obj['source-config'], 'tpl.yaml');
      });

      test('round-trips: read back next to the root, it merges to the same values', () => {
        const out = '/ws/app/web-rendered.yaml';
        const files = { ...FILES, [out]: text };
        const { ws } = workspace(files);
        const r = resolveRoot(out, ws, {});
        assert.ok(r);
        assert.deepEqual(r.structural, []);
        assert.deepEqual(r.problems, []);
        assert.deepEqual(
          r.result.tree.preOrder.map((m) => m.file),
          [out],
        );
        assert.deepEqual(values(r.result.config), values(merged));
      });

      test('round-trips through checkFiles: no diagnostics, same merged values', () => {
        const out = '/ws/app/web-rendered.yaml';
        const { ws } = workspace({ ...FILES, [out]: text });
        const original = checkFiles([ROOT], ws);
        assert.deepEqual(original.diagnostics, [], 'the fixture itself is clean');
        const { ws: ws2 } = workspace({ ...FILES, [out]: text });
        const back = checkFiles([out], ws2);
        assert.deepEqual(back.diagnostics, []);
        assert.deepEqual(back.roots, [out]);
        assert.deepEqual(values(back.results.get(out)!.config), values(original.results.get(ROOT)!.config));
      });
    });
  }

  test('a root in a deeper folder writes include-relative paths from its own folder', () => {
    const files = {
      '/ws/a/b/root.yaml': '#lxdops\ninclude: [../../common/x.yaml]\ncloud-config-files: [here.cfg]\n',
      '/ws/common/x.yaml':
        '#lxdops\ncloud-config-files: [/abs/one.cfg, sub/two.cfg]\nsource-config: ../tpl/t.yaml\n',
    };
    const obj = parse(renderEffectiveConfig(mergedOf(files, '/ws/a/b/root.yaml'))) as Record<string, unknown>;
    assert.deepEqual(obj['cloud-config-files'], [
      '../../../abs/one.cfg',
      '../../common/sub/two.cfg',
      'here.cfg',
    ]);
    assert.equal(obj['source-config'], '../../tpl/t.yaml');
  });

  describe('with {origins: true} each value carries a from: comment naming its file', () => {
    const text = renderEffectiveConfig(merged, { origins: true });
    const doc = parseDocument(text, { version: '1.1' });
    const W = 'web.yaml';
    const B = '../common/base.yaml';
    const expected: Record<string, string> = {
      description: W,
      stop: W,
      snapshot: W,
      'properties.fsroot': W,
      'properties.alpine-version': B,
      'properties.flag': W,
      'properties.hashy': W,
      'os.name': W,
      'os.image': B,
      'os.version': B,
      project: W,
      container: W,
      'profile-pattern': W,
      'profile-config.boot.autostart': W,
      origin: B,
      'device-template': B,
      'source-config': W,
      'lxc-options.0': W,
      'filesystems.host': B,
      'filesystems.tmp': B,
      'devices.home': B,
      'devices.tmp': B,
      'device-owner': W,
      'profiles.0': B,
      'profiles.1': W,
      'profiles-config.0': B,
      'profiles-run.0': B,
      'cloud-config-files.0': B,
      'cloud-config-files.1': W,
    };

    /**
     * The comments attached to the value at a path: on the value, or before its key (a comment
     * before the first key of a mapping is read back as the mapping's own commentBefore).
     */
    const commentsAt = (path: string): string[] => {
      const top = doc.contents;
      assert.ok(isMap(top));
      const [first, ...rest] = path.split('.');
      const pair = top.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === first)!;
      assert.ok(pair, `no top-level key ${first}`);
      let key = pair.key as Node;
      let node = pair.value as Node;
      let restKey = rest.join('.');
      let parentComment: string | undefined;
      while (restKey !== '') {
        if (isSeq(node)) {
          node = node.items[Number(restKey)] as Node;
          break;
        }
        assert.ok(isMap(node), `${path}: not a mapping`);
        // map keys may contain dots (boot.autostart): take the longest matching key
        const p = node.items
          .filter(
            (i) =>
              isScalar(i.key) &&
              (restKey === String(i.key.value) || restKey.startsWith(`${String(i.key.value)}.`)),
          )
          .sort(
            (a, b) =>
              String((b.key as { value: unknown }).value).length -
              String((a.key as { value: unknown }).value).length,
          )[0];
        assert.ok(p, `${path}: no key for ${restKey}`);
        parentComment = node.items[0] === p ? (node.commentBefore ?? undefined) : undefined;
        key = p.key as Node;
        node = p.value as Node;
        restKey = restKey.slice(String((p.key as { value: unknown }).value).length + 1);
      }
      return [node?.comment, key?.commentBefore, node?.commentBefore, parentComment].filter(
        (c): c is string => typeof c === 'string',
      );
    };

    for (const [path, file] of Object.entries(expected)) {
      test(`${path} → from: ${file}`, () => {
        const comments = commentsAt(path);
        const pattern = new RegExp(`^ ?from: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(:\\d+)?$`);
        assert.ok(
          comments.some((c) => pattern.test(c)),
          `${path}: comments ${JSON.stringify(comments)} should name ${file}`,
        );
      });
    }

    test('every comment in the output is a from: comment of a known file', () => {
      const comments = text
        .split('\n')
        .flatMap((l) => (l.includes('# from:') ? [l.slice(l.indexOf('# from:') + 8)] : []));
      assert.equal(comments.length, Object.keys(expected).length);
      for (const c of comments) assert.ok([W, B].includes(c.replace(/:\d+$/, '')), c);
    });
  });
});
