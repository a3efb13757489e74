// lxdops fleet status: the usage errors (exit 2, with what to do), before any host is read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lxdops } from './runCli';

describe('lxdops fleet status: usage', () => {
  test('a host no source names: exit 2, with the hosts there are', () => {
    const r = lxdops(['fleet', 'status', '--host', 'no-such-host', 'examples']);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /--host no-such-host: no such host \(hosts: .*\); see lxdops hosts/);
    assert.equal(r.stdout, '');
  });

  test('an unknown format: exit 2', () => {
    const r = lxdops(['fleet', 'status', '--format', 'xml', 'examples']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /xml/);
  });
});
