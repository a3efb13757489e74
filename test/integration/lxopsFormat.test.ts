// An `#lxops-v1` config on the real stack (issue 12 §3): launched through the one pipeline, with
// lxops' semantics: the instance profile `<name>.lxops`, a readonly device, and a device without a
// filesystem that binds an absolute host directory of the user's (never created nor removed).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  datasets,
  IMAGE,
  inContainer,
  instance,
  lxdops,
  names,
  NIC_PROFILE,
  ok,
  OWNER,
  profile,
  readText,
  shown,
  stackHooks,
  write,
} from './stack';

const N = names('lxops');
let dir = '';

/** The user's own directory the `shared` device binds (in the tag's config folder, removed after). */
const sharedDir = () => join(dir, 'shared');

function config(n: number): string {
  const lines = [
    '#lxops-v1',
    '# the successor format: ostype and image at the top level',
    'ostype: alpine',
    `image: ${IMAGE}`,
    `profiles: [default, ${NIC_PROFILE}]`,
    `device-owner: "${OWNER}"`,
    'filesystems:',
    `  host: {pattern: "${N.datasets}/host/(instance)", destroy: true}`,
    'devices:',
    '  data: {path: /data, filesystem: host}',
    '  conf: {path: /etc/opt, filesystem: host, readonly: true}',
    `  shared: {path: /shared, dir: "${sharedDir()}"}`,
    '',
  ];
  return write(join(dir, `${N.name(n)}.yaml`), lines.join('\n'));
}

describe('integration: an #lxops-v1 config: launch, check, destroy', () => {
  stackHooks(N.tag, {
    ready: (d) => {
      dir = d;
      mkdirSync(sharedDir(), { mode: 0o755 });
      writeFileSync(join(sharedDir(), 'hello.txt'), 'from the host\n', { mode: 0o644 });
    },
  });

  test('check: the config is clean as #lxops-v1', async () => {
    const r = await lxdops(['check', config(1)], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
  });

  test('launch: the profile <name>.lxops with the readonly device and the absolute dir, the dataset, a running container', async () => {
    const name = N.name(1);
    const r = await lxdops(['launch', config(1)], { cwd: dir });
    assert.equal(r.status, 0, shown(r));

    const host = `${N.dir}/host/${name}`;
    assert.ok((await datasets(N.datasets)).has(`${N.datasets}/host/${name}`));
    assert.equal(await profile(`${name}.lxdops`), undefined, 'no lxdops-named profile');
    const prof = await profile(`${name}.lxops`);
    assert.ok(prof, `profile ${name}.lxops does not exist`);
    assert.deepEqual(prof.devices, {
      data: { type: 'disk', path: '/data', source: `${host}/data` },
      conf: { type: 'disk', path: '/etc/opt', source: `${host}/conf`, readonly: 'true' },
      shared: { type: 'disk', path: '/shared', source: sharedDir() },
    });
    const inst = await instance(name);
    assert.equal(inst?.status, 'Running');
    assert.deepEqual(inst?.profiles, ['default', NIC_PROFILE, `${name}.lxops`]);

    // inside: the readonly device refuses a write, the data device takes one, the host dir is there
    assert.equal((await inContainer(name, 'cat /shared/hello.txt')).trim(), 'from the host');
    await inContainer(name, 'echo ok > /data/w.txt');
    assert.equal(readText(`${host}/data/w.txt`), 'ok\n');
    const ro = await inContainer(name, 'echo x > /etc/opt/w.txt 2>/dev/null && echo wrote || echo refused');
    assert.equal(ro.trim(), 'refused');
  });

  test('destroy: container, profile and dataset go; the user directory stays as it was', async () => {
    const name = N.name(1);
    ok(await lxdops(['destroy', '--yes', config(1)], { cwd: dir }));
    assert.equal(await instance(name), undefined);
    assert.equal(await profile(`${name}.lxops`), undefined);
    assert.ok(!(await datasets(N.datasets)).has(`${N.datasets}/host/${name}`));
    assert.ok(existsSync(sharedDir()));
    assert.equal(readText(join(sharedDir(), 'hello.txt')), 'from the host\n');
  });

  test('launch refuses a missing absolute dir before anything is created (device-dir-missing)', async () => {
    const cfg = write(
      join(dir, `${N.name(2)}.yaml`),
      readText(config(1)).replace(sharedDir(), join(dir, 'no-such-dir')),
    );
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.notEqual(r.status, 0, shown(r));
    assert.match(r.stderr + r.stdout, /device-dir-missing/);
    assert.match(r.stderr + r.stdout, /no-such-dir does not exist/);
    assert.equal(await instance(N.name(2)), undefined);
    assert.equal(await profile(`${N.name(2)}.lxops`), undefined);
    assert.ok(!(await datasets(N.datasets)).has(`${N.datasets}/host/${N.name(2)}`));
  });
});
