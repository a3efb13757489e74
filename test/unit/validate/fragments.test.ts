// A fragment (a file some root includes) is checked in the context of each root that includes it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { at, check, globalProps, located, only } from '../../helpers';
import { lx, OS } from './fixtures';

const FS_HOST = lx('filesystems:', '  host:', '    pattern: z/host/(instance)');
const DEV_HOME = lx('devices:', '  home:', '    path: /home', '    filesystem: host');
const PATTERN_FRAG = lx('filesystems:', '  host:', '    pattern: (fsroot)/host/(instance)');

describe('fragments are checked in their root context', () => {
  test('devices using a filesystem defined by a SIBLING include: no unknown-filesystem', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [fs.yaml, devices.yaml]'),
      '/ws/fs.yaml': FS_HOST,
      '/ws/devices.yaml': DEV_HOME,
    });
    assert.deepEqual(located(r.diagnostics), []);
    assert.deepEqual(r.roots, ['/ws/web.yaml']);
  });

  test('the sibling listed AFTER the fragment works too (the merged config counts, not the order)', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [devices.yaml, fs.yaml]'),
      '/ws/fs.yaml': FS_HOST,
      '/ws/devices.yaml': DEV_HOME,
    });
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('a filesystem defined by the root itself, used by a fragment', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [devices.yaml]', 'filesystems:', '  host:', '    pattern: z/h'),
      '/ws/devices.yaml': DEV_HOME,
    });
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('a pattern using a property from the global properties file: no undefined-property', () => {
    const r = check(
      { '/ws/web.yaml': lx(...OS, 'include: [frag.yaml]'), '/ws/frag.yaml': PATTERN_FRAG },
      { globalProperties: globalProps('/home/u/.config/lxdops/properties.yaml', { fsroot: 'z/demo' }) },
    );
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('a property defined by the including root: no undefined-property in the fragment', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [frag.yaml]', 'properties:', '  fsroot: z/demo'),
      '/ws/frag.yaml': PATTERN_FRAG,
    });
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('included by two roots, only one lacks the property: ONE undefined-property in the fragment, naming that root', () => {
    const r = check({
      '/ws/web1.yaml': lx(...OS, 'include: [frag.yaml]', 'properties:', '  fsroot: z/demo'),
      '/ws/web2.yaml': lx(...OS, 'include: [frag.yaml]'),
      '/ws/frag.yaml': PATTERN_FRAG,
    });
    const list = only(r.diagnostics, 'undefined-property');
    assert.deepEqual(located(list), [at('undefined-property', '/ws/frag.yaml', PATTERN_FRAG, '(fsroot)')]);
    assert.match(list[0]!.message, /\(when included by web2\.yaml\)$/);
    assert.doesNotMatch(list[0]!.message, /web1/);
    assert.deepEqual(located(r.diagnostics), located(list), 'nothing else is reported');
  });

  test('included by three roots, two lack the property: one diagnostic naming both', () => {
    const r = check({
      '/ws/a.yaml': lx(...OS, 'include: [frag.yaml]'),
      '/ws/b.yaml': lx(...OS, 'include: [frag.yaml]', 'properties:', '  fsroot: z'),
      '/ws/c.yaml': lx(...OS, 'include: [frag.yaml]'),
      '/ws/frag.yaml': PATTERN_FRAG,
    });
    const list = only(r.diagnostics, 'undefined-property');
    assert.equal(list.length, 1);
    assert.match(list[0]!.message, /\(when included by a\.yaml, c\.yaml\)$/);
  });

  test('included by two roots that both lack the property: one diagnostic, without a root name', () => {
    const r = check({
      '/ws/web1.yaml': lx(...OS, 'include: [frag.yaml]'),
      '/ws/web2.yaml': lx(...OS, 'include: [frag.yaml]'),
      '/ws/frag.yaml': PATTERN_FRAG,
    });
    const list = only(r.diagnostics, 'undefined-property');
    assert.deepEqual(located(list), [at('undefined-property', '/ws/frag.yaml', PATTERN_FRAG, '(fsroot)')]);
    assert.doesNotMatch(list[0]!.message, /when included by/);
  });

  test('a device fragment included by two roots, one without the filesystem: one unknown-filesystem naming it', () => {
    const r = check({
      '/ws/web1.yaml': lx(...OS, 'include: [fs.yaml, devices.yaml]'),
      '/ws/web2.yaml': lx(...OS, 'include: [devices.yaml]'),
      '/ws/fs.yaml': FS_HOST,
      '/ws/devices.yaml': DEV_HOME,
    });
    const list = only(r.diagnostics, 'unknown-filesystem');
    assert.deepEqual(located(list), [{ ...at('unknown-filesystem', '/ws/devices.yaml', DEV_HOME, 'host') }]);
    assert.match(list[0]!.message, /\(when included by web2\.yaml\)$/);
  });

  test('a fragment is not a root: no missing-image or invalid-instance-name of its own', () => {
    const r = check({
      '/ws/web.yaml': lx(...OS, 'include: [my.frag.yaml]'),
      '/ws/my.frag.yaml': lx('profiles: [default]'),
    });
    assert.deepEqual(r.roots, ['/ws/web.yaml']);
    assert.deepEqual(located(r.diagnostics), []);
  });

  test('a fragment checked with no includer is a root: its problems are reported without a root name', () => {
    const r = check({
      '/ws/frag.yaml': lx(
        ...OS,
        'filesystems:',
        '  host:',
        '    pattern: (fsroot)/host',
        'devices:',
        '  home:',
        '    path: /home',
        '    filesystem: hots',
      ),
    });
    assert.deepEqual(r.roots, ['/ws/frag.yaml']);
    const text = lx(
      ...OS,
      'filesystems:',
      '  host:',
      '    pattern: (fsroot)/host',
      'devices:',
      '  home:',
      '    path: /home',
      '    filesystem: hots',
    );
    assert.deepEqual(located(r.diagnostics), [
      at('undefined-property', '/ws/frag.yaml', text, '(fsroot)'),
      at('unknown-filesystem', '/ws/frag.yaml', text, 'hots'),
    ]);
    for (const d of r.diagnostics) assert.doesNotMatch(d.message, /when included by/);
  });

  test('a fragment without `os` checked alone is a root: missing-image on its first line', () => {
    const r = check({ '/ws/devices.yaml': DEV_HOME });
    assert.deepEqual(r.roots, ['/ws/devices.yaml']);
    assert.deepEqual(located(only(r.diagnostics, 'missing-image')), [
      at('missing-image', '/ws/devices.yaml', DEV_HOME, '#lxdops'),
    ]);
  });
});
