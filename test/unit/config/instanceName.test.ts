import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instanceNameOf, instanceNameProblem } from '../../../core/src/config/instanceName';

// Reference §1.4: the instance name is the file's base name minus its last extension (Go
// filepath.Ext); §5.4: the resulting name may not be a valid LXD name, which nothing checks upstream.

describe('instanceNameOf (§1.4)', () => {
  const rows: { file: string; name: string }[] = [
    { file: 'nginx.yaml', name: 'nginx' },
    { file: '/ws/containers/nginx.yaml', name: 'nginx' },
    { file: 'n1.prod.yaml', name: 'n1.prod' },
    { file: '/ws/n1.prod.yaml', name: 'n1.prod' },
    { file: 'foo', name: 'foo' },
    { file: '/ws/dir/foo', name: 'foo' },
    { file: '.yaml', name: '' },
    { file: '/ws/.yaml', name: '' },
    { file: 'web.cfg', name: 'web' },
    { file: 'web.', name: 'web' },
    { file: '/ws/a.b/web', name: 'web' },
  ];
  for (const r of rows) {
    test(`${r.file} → ${JSON.stringify(r.name)}`, () => {
      assert.equal(instanceNameOf(r.file), r.name);
    });
  }
});

describe('instanceNameProblem (LXD instance names)', () => {
  const valid = ['nginx', 'n1', 'a-nginx-20230426-1200', 'A', 'x'.repeat(63), 'web2'];
  for (const name of valid) {
    test(`valid: ${name.length > 20 ? `${name.slice(0, 8)}… (${name.length} chars)` : name}`, () => {
      assert.equal(instanceNameProblem(name), undefined);
    });
  }

  const invalid: { name: string; problem: string }[] = [
    { name: '', problem: 'it is empty' },
    { name: 'n1.prod', problem: 'it contains `.`; use only letters, digits and hyphens' },
    { name: 'my_web', problem: 'it contains `_`; use only letters, digits and hyphens' },
    { name: 'web app', problem: 'it contains ` `; use only letters, digits and hyphens' },
    { name: 'x'.repeat(64), problem: 'it is longer than 63 characters' },
    { name: '-web', problem: 'it must start with a letter' },
    { name: '1web', problem: 'it must start with a letter' },
    { name: 'web-', problem: 'it must not end with a hyphen' },
  ];
  for (const r of invalid) {
    test(`invalid: ${JSON.stringify(r.name.length > 20 ? `${r.name.slice(0, 8)}… (${r.name.length} chars)` : r.name)}`, () => {
      assert.equal(instanceNameProblem(r.name), r.problem);
    });
  }

  test('§1.4 + §5.4: n1.prod.yaml gives a name that is not a valid LXD name', () => {
    assert.equal(
      instanceNameProblem(instanceNameOf('/ws/n1.prod.yaml')),
      'it contains `.`; use only letters, digits and hyphens',
    );
    assert.equal(instanceNameProblem(instanceNameOf('/ws/nginx.yaml')), undefined);
  });

  test('§1.4 + §5.4: .yaml gives an empty name', () => {
    assert.equal(instanceNameProblem(instanceNameOf('/ws/.yaml')), 'it is empty');
  });
});
