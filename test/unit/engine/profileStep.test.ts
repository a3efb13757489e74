import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileStep } from '../../../core/src/engine/launchPlan';
import { lx, observed, specOf } from './support';

const FILES = {
  '/ws/web1.yaml': lx(
    'os: {name: alpine, image: busybox}',
    'filesystems:',
    '  host: {pattern: "z/demo/(instance)"}',
    'devices:',
    '  home: {path: /home, filesystem: host}',
  ),
};
const WANTED = {
  description: 'lxdops profile',
  config: {},
  devices: { home: { type: 'disk', path: '/home', source: '/z/demo/web1/home' } },
};

test('an instance profile that is already right is left alone (no write)', () => {
  const o = observed({ profiles: ['default', 'web1.lxdops'] });
  o.profile = { ...WANTED, devices: { home: { source: '/z/demo/web1/home', type: 'disk', path: '/home' } } }; // key order does not matter
  assert.equal(profileStep(specOf(FILES, '/ws/web1.yaml'), o), undefined);
});

test('an instance profile that differs is updated with PUT; a missing one is created with POST', () => {
  const o = observed({ profiles: ['default', 'web1.lxdops'] });
  o.profile = { ...WANTED, devices: { home: { type: 'disk', path: '/home', source: '/elsewhere' } } };
  const put = profileStep(specOf(FILES, '/ws/web1.yaml'), o);
  assert.equal(
    put?.kind === 'lxd' && `${put.request.method} ${put.request.path}`,
    'PUT /1.0/profiles/web1.lxdops',
  );
  const post = profileStep(specOf(FILES, '/ws/web1.yaml'), observed({ profiles: ['default'] }));
  assert.equal(post?.kind === 'lxd' && `${post.request.method} ${post.request.path}`, 'POST /1.0/profiles');
});
