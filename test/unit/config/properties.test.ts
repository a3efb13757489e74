import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultGlobalPropertiesPath, loadGlobalProperties } from '../../../core/src/config/globalProperties';
import { loadIncludeTree } from '../../../core/src/config/includeTree';
import { mergeTree } from '../../../core/src/config/merge';
import {
  builtinProperties,
  buildPropertySet,
  type Property,
  PropertySet,
} from '../../../core/src/config/properties';
import { patternRefs, substitute } from '../../../core/src/config/substitute';
import { globalProps, located, spanOf, workspace } from '../../helpers';

// Reference §4.1 (syntax), §4.2 (built-ins), §4.3 (precedence, global file), §1.3 (global file path).

/** The example context of §4.1: instance n1, global fsroot=z/demo, in the given project. */
function exampleSet(project: string): PropertySet {
  return new PropertySet([
    builtinProperties('n1', project),
    globalProps('/home/u/.config/lxdops/properties.yaml', { fsroot: 'z/demo' }).properties,
  ]);
}
const lookupIn = (set: PropertySet) => (key: string) => set.value(key);

describe('substitution table of §4.1 (instance n1, global fsroot=z/demo)', () => {
  const rows: { pattern: string; project: string; value: string }[] = [
    { pattern: '(fsroot)/host/(instance)', project: 'default', value: 'z/demo/host/n1' },
    { pattern: '/var/lib/lxdops/(project_instance)', project: 'default', value: '/var/lib/lxdops/n1' },
    { pattern: '/var/lib/lxdops/(project_instance)', project: 'web', value: '/var/lib/lxdops/web_n1' },
    { pattern: '(instance).lxdops', project: 'default', value: 'n1.lxdops' },
    { pattern: '(project/)(instance)', project: 'default', value: 'n1' },
    { pattern: '(project/)(instance)', project: 'web', value: 'web/n1' },
    { pattern: 'images:alpine/3.17', project: 'default', value: 'images:alpine/3.17' },
    { pattern: 'foo()', project: 'default', value: 'foo()' },
    { pattern: '((instance))', project: 'default', value: '(n1)' },
    { pattern: 'a(b', project: 'default', value: 'a(b' },
    { pattern: 'a)b(', project: 'default', value: 'a)b(' },
    { pattern: '', project: 'default', value: '' },
    { pattern: '(project)-(instance)', project: 'web', value: 'web-n1' },
  ];
  for (const r of rows) {
    test(`${JSON.stringify(r.pattern)} in project ${r.project} → ${JSON.stringify(r.value)}`, () => {
      assert.deepEqual(substitute(r.pattern, lookupIn(exampleSet(r.project))), {
        value: r.value,
        missing: [],
      });
    });
  }

  test('(undefined) is reported missing with its key, index and length', () => {
    assert.deepEqual(substitute('(undefined)', lookupIn(exampleSet('default'))), {
      value: '(undefined)',
      missing: [{ key: 'undefined', index: 0, length: 11 }],
    });
  });

  test('several missing keys are reported left to right with their offsets in the pattern', () => {
    const text = '(fsroot)/(nope)/(instance)-(gone too)';
    const r = substitute(text, lookupIn(exampleSet('default')));
    assert.equal(r.value, 'z/demo/(nope)/n1-(gone too)');
    assert.deepEqual(r.missing, [
      { key: 'nope', index: spanOf(text, '(nope)').start, length: '(nope)'.length },
      { key: 'gone too', index: spanOf(text, '(gone too)').start, length: '(gone too)'.length },
    ]);
  });

  test('( instance ) looks up the key " instance " verbatim (no trimming)', () => {
    const asked: string[] = [];
    const r = substitute('( instance )', (k) => {
      asked.push(k);
      return undefined;
    });
    assert.deepEqual(asked, [' instance ']);
    assert.deepEqual(r, { value: '( instance )', missing: [{ key: ' instance ', index: 0, length: 12 }] });
    const defined = new PropertySet([
      new Map([[' instance ', { key: ' instance ', value: 'spaced', source: 'config' as const }]]),
      builtinProperties('n1', 'default'),
    ]);
    assert.deepEqual(substitute('( instance )', lookupIn(defined)), { value: 'spaced', missing: [] });
  });

  test('keys are case-sensitive: (Instance) is not (instance)', () => {
    assert.deepEqual(substitute('(Instance)', lookupIn(exampleSet('default'))), {
      value: '(Instance)',
      missing: [{ key: 'Instance', index: 0, length: 10 }],
    });
  });

  test('substitution happens once: a value containing (other) stays literal', () => {
    const set = new PropertySet([
      new Map<string, Property>([
        ['a', { key: 'a', value: '(b)-x', source: 'config' }],
        ['b', { key: 'b', value: 'B', source: 'config' }],
      ]),
    ]);
    assert.deepEqual(substitute('(a)/(b)', lookupIn(set)), { value: '(b)-x/B', missing: [] });
    const asked: string[] = [];
    substitute('(a)', (k) => {
      asked.push(k);
      return set.value(k);
    });
    assert.deepEqual(asked, ['a']);
  });

  test('an empty value substitutes to nothing (it is defined)', () => {
    assert.deepEqual(substitute('x(project/)y', lookupIn(exampleSet('default'))), {
      value: 'xy',
      missing: [],
    });
  });

  test('patternRefs lists the references left to right, non-overlapping', () => {
    const text = '((instance))/(fsroot)foo()(a b)';
    assert.deepEqual(patternRefs(text), [
      { key: 'instance', index: 1, length: 10 },
      { key: 'fsroot', index: spanOf(text, '(fsroot)').start, length: 8 },
      { key: 'a b', index: spanOf(text, '(a b)').start, length: 5 },
    ]);
    assert.deepEqual(patternRefs('images:alpine/3.17'), []);
    assert.deepEqual(patternRefs('()'), []);
  });
});

describe('built-in properties (§4.2)', () => {
  const rows: { project: string; expected: Record<string, string> }[] = [
    {
      project: 'default',
      expected: { instance: 'n1', project: 'default', 'project/': '', project_instance: 'n1' },
    },
    { project: '', expected: { instance: 'n1', project: 'default', 'project/': '', project_instance: 'n1' } },
    {
      project: 'web',
      expected: { instance: 'n1', project: 'web', 'project/': 'web/', project_instance: 'web_n1' },
    },
  ];
  for (const r of rows) {
    test(`project ${JSON.stringify(r.project)}`, () => {
      const b = builtinProperties('n1', r.project);
      assert.deepEqual(
        Object.fromEntries([...b].map(([k, p]) => [k, p])),
        Object.fromEntries(
          Object.entries(r.expected).map(([key, value]) => [key, { key, value, source: 'built-in' }]),
        ),
      );
    });
  }
});

describe('precedence (§4.3): -P > config properties > built-ins > global', () => {
  const files = {
    '/ws/n1.yaml': '#lxdops\ninclude: [base.yaml]\nproperties:\n  instance: renamed\n  both: from-root\n',
    '/ws/base.yaml': '#lxdops\nproperties:\n  fsroot: z/config\n  both: from-base\n  only-config: c\n',
  };
  const global = globalProps('/g/properties.yaml', {
    fsroot: 'z/global',
    project: 'global-project',
    instance: 'global-instance',
    'only-global': 'g',
    'project/': 'gp/',
  });
  const set = (commandLine: Record<string, string>) => {
    const { ws } = workspace(files);
    const tree = loadIncludeTree('/ws/n1.yaml', ws)!;
    const { config } = mergeTree(tree);
    return buildPropertySet({
      commandLine: new Map(Object.entries(commandLine)),
      config,
      instance: 'n1',
      project: 'web',
      global,
    });
  };
  const origin = (file: keyof typeof files, needle: string) => ({ file, ...spanOf(files[file], needle) });

  test('-P beats config properties and built-ins', () => {
    const s = set({ fsroot: 'z/cli', instance: 'cli-instance' });
    assert.deepEqual(s.get('fsroot'), { key: 'fsroot', value: 'z/cli', source: 'command-line' });
    assert.deepEqual(s.get('instance'), { key: 'instance', value: 'cli-instance', source: 'command-line' });
  });

  test('config properties beat built-ins (config can override instance) and global', () => {
    const s = set({});
    assert.deepEqual(s.get('instance'), {
      key: 'instance',
      value: 'renamed',
      source: 'config',
      origin: origin('/ws/n1.yaml', 'renamed'),
      keyOrigin: origin('/ws/n1.yaml', 'instance'),
    });
    assert.deepEqual(s.get('fsroot'), {
      key: 'fsroot',
      value: 'z/config',
      source: 'config',
      origin: origin('/ws/base.yaml', 'z/config'),
      keyOrigin: origin('/ws/base.yaml', 'fsroot'),
    });
    assert.deepEqual(s.get('both'), {
      key: 'both',
      value: 'from-root',
      source: 'config',
      origin: origin('/ws/n1.yaml', 'from-root'),
      keyOrigin: origin('/ws/n1.yaml', 'both'),
    });
  });

  test('built-ins beat global properties of the same name', () => {
    const s = set({});
    assert.deepEqual(s.get('project'), { key: 'project', value: 'web', source: 'built-in' });
    assert.deepEqual(s.get('project/'), { key: 'project/', value: 'web/', source: 'built-in' });
  });

  test('global properties are found when nothing else defines the key', () => {
    const s = set({});
    assert.deepEqual(s.get('only-global'), { key: 'only-global', value: 'g', source: 'global' });
    assert.equal(s.get('nowhere'), undefined);
    assert.equal(s.value('nowhere'), undefined);
  });

  test('a pattern resolved through the set uses the winning layer for each key', () => {
    const s = set({ 'only-cli': 'P' });
    assert.deepEqual(
      substitute('(fsroot)/(project_instance)/(instance)/(only-cli)/(only-global)', (k) => s.value(k)),
      {
        value: 'z/config/web_n1/renamed/P/g',
        missing: [],
      },
    );
  });

  test('PropertySet.all() lists every resolvable key once, sorted, with the winner', () => {
    const s = set({ zz: 'last', fsroot: 'z/cli' });
    assert.deepEqual(
      s.all().map((p) => [p.key, p.value, p.source]),
      [
        ['both', 'from-root', 'config'],
        ['fsroot', 'z/cli', 'command-line'],
        ['instance', 'renamed', 'config'],
        ['only-config', 'c', 'config'],
        ['only-global', 'g', 'global'],
        ['project', 'web', 'built-in'],
        ['project/', 'web/', 'built-in'],
        ['project_instance', 'web_n1', 'built-in'],
        ['zz', 'last', 'command-line'],
      ],
    );
  });
});

describe('global properties file (§1.3, §4.3)', () => {
  const rows: { name: string; env: Record<string, string | undefined>; path: string }[] = [
    { name: 'XDG_CONFIG_HOME set', env: { XDG_CONFIG_HOME: '/xdg' }, path: '/xdg/lxdops/properties.yaml' },
    { name: 'XDG_CONFIG_HOME unset', env: {}, path: '/home/u/.config/lxdops/properties.yaml' },
    {
      name: 'XDG_CONFIG_HOME empty (Go treats it as unset)',
      env: { XDG_CONFIG_HOME: '' },
      path: '/home/u/.config/lxdops/properties.yaml',
    },
  ];
  for (const r of rows) {
    test(`defaultGlobalPropertiesPath: ${r.name}`, () => {
      assert.equal(defaultGlobalPropertiesPath(r.env, '/home/u'), r.path);
    });
  }

  test('loadGlobalProperties: values with their origins, no header needed', () => {
    const file = '/home/u/.config/lxdops/properties.yaml';
    const text = 'fsroot: z/demo\nalpine-image: images:alpine/3.17\nversion: 3.10\n';
    const { ws } = workspace({ [file]: text });
    const r = loadGlobalProperties(ws, file);
    assert.equal(r.found, true);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.global.file, file);
    assert.deepEqual(Object.fromEntries(r.global.properties), {
      fsroot: {
        key: 'fsroot',
        value: 'z/demo',
        source: 'global',
        origin: { file, ...spanOf(text, 'z/demo') },
        keyOrigin: { file, ...spanOf(text, 'fsroot') },
      },
      'alpine-image': {
        key: 'alpine-image',
        value: 'images:alpine/3.17',
        source: 'global',
        origin: { file, ...spanOf(text, 'images:alpine/3.17') },
        keyOrigin: { file, ...spanOf(text, 'alpine-image') },
      },
      version: {
        key: 'version',
        value: '3.10',
        source: 'global',
        origin: { file, ...spanOf(text, '3.10') },
        keyOrigin: { file, ...spanOf(text, 'version') },
      },
    });
  });

  test('loadGlobalProperties: a null value is the empty string (§2.1: null leaves the zero value), not an error', () => {
    const file = '/g/properties.yaml';
    const text = 'fsroot: z/demo\nempty:\ntilde: ~\n';
    const { ws } = workspace({ [file]: text });
    const r = loadGlobalProperties(ws, file);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
      [...r.global.properties.values()].map((p) => [p.key, p.value, p.source, p.origin?.file]),
      [
        ['fsroot', 'z/demo', 'global', file],
        ['empty', '', 'global', file],
        ['tilde', '', 'global', file],
      ],
    );
  });

  test('loadGlobalProperties: a file that is not a mapping → type-mismatch', () => {
    const file = '/g/properties.yaml';
    const text = '- fsroot\n- z/demo\n';
    const { ws } = workspace({ [file]: text });
    const r = loadGlobalProperties(ws, file);
    assert.equal(r.found, true);
    assert.deepEqual(located(r.diagnostics), [{ code: 'type-mismatch', file, start: 0, end: text.length }]);
    assert.equal(r.global.properties.size, 0);
  });

  test('loadGlobalProperties: a non-string value → type-mismatch at the value, other keys kept', () => {
    const file = '/g/properties.yaml';
    const text = 'fsroot: z/demo\nnested:\n  a: b\n';
    const { ws } = workspace({ [file]: text });
    const r = loadGlobalProperties(ws, file);
    assert.deepEqual(
      located(r.diagnostics).map((d) => [d.code, d.file, d.start]),
      [['type-mismatch', file, spanOf(text, 'a: b').start]],
    );
    assert.deepEqual([...r.global.properties.keys()], ['fsroot']);
  });

  test('loadGlobalProperties: a missing file → found:false, no diagnostics, no properties', () => {
    const { ws } = workspace({});
    const r = loadGlobalProperties(ws, '/nowhere/properties.yaml');
    assert.deepEqual(r, {
      global: { file: '/nowhere/properties.yaml', properties: new Map() },
      diagnostics: [],
      found: false,
    });
  });

  test('loadGlobalProperties: an empty file → found, no properties, no diagnostics', () => {
    const { ws } = workspace({ '/g/p.yaml': '' });
    const r = loadGlobalProperties(ws, '/g/p.yaml');
    assert.deepEqual(r, {
      global: { file: '/g/p.yaml', properties: new Map() },
      diagnostics: [],
      found: true,
    });
  });
});
