import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchPlan } from '../../../core/src/engine/launchPlan';
import { lx, observed, specOf } from './support';

const FILES = {
  '/ws/web1.yaml': lx(
    'os: {name: alpine, image: busybox}',
    'device-owner: "100000:100000"',
    'filesystems:',
    '  host: {pattern: "z/demo/(instance)"}',
    'devices:',
    '  home: {path: /home, filesystem: host}',
  ),
};

test('a dataset left unmounted by a failed zfs create is mounted and set up again, not skipped', () => {
  const spec = specOf(FILES, '/ws/web1.yaml');
  const o = observed({ profiles: ['default'], datasets: ['z/demo/web1'] });
  o.unmounted = new Set(['z/demo/web1']);
  const plan = launchPlan(spec, o, { cloudConfigs: new Map() });
  assert.deepEqual(
    plan.steps.slice(0, 6).map((s) => (s.kind === 'host' ? s.command.argv.join(' ') : s.description)),
    [
      'zfs mount -- z/demo/web1',
      'mountpoint -q -- /z/demo/web1',
      'chown -h 100000:100000 -- /z/demo/web1',
      'mkdir -p -- /z/demo/web1/home',
      'chown -h 100000:100000 -- /z/demo/web1/home',
      'create profile web1.lxdops (1 disk devices)',
    ],
  );
  assert.match(plan.notes.join('\n'), /z\/demo\/web1 exists but is not mounted/);
});

test('a mounted existing dataset is reused as it is', () => {
  const spec = specOf(FILES, '/ws/web1.yaml');
  const plan = launchPlan(
    spec,
    observed({
      profiles: ['default'],
      datasets: ['z/demo/web1'],
      paths: ['/z/demo/web1', '/z/demo/web1/home'],
    }),
    { cloudConfigs: new Map() },
  );
  assert.equal(plan.steps[0]!.description, 'create profile web1.lxdops (1 disk devices)');
});
