// Launching from a template instance: device-template (rsync of its device dirs), device-origin
// (ZFS clones of its snapshots) and origin (a copy of its LXD snapshot), on the real stack.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  cleanup,
  configDir,
  datasets,
  inContainer,
  instance,
  lxdops,
  lxdSnapshots,
  names,
  NIC_PROFILE,
  ok,
  owner,
  OWNER,
  profile,
  readText,
  requireStack,
  shown,
  standardConfig,
  write,
  zfsGet,
} from './stack';

const N = names('sources');
let dir = '';

/** The standard config with a transient `tmp` filesystem (not copied, not cloned). */
function config(n: number, extra = '', cloudConfig?: string): string {
  return write(
    join(dir, `${N.name(n)}.yaml`),
    standardConfig(N.tag, {
      filesystems: [`tmp: {pattern: "${N.datasets}/tmp/(instance)", transient: true, destroy: true}`],
      devices: ['tmp: {path: /tmp, filesystem: tmp, dir: .}'],
      extra,
      ...(cloudConfig ? { cloudConfig } : {}),
    }),
  );
}

const paths = (n: number) => {
  const name = N.name(n);
  return {
    host: `${N.dir}/host/${name}`,
    keep: `${N.dir}/keep/${name}`,
    tmp: `${N.dir}/tmp/${name}`,
    data: `${N.dir}/host/${name}/data`,
    etc: `${N.dir}/host/${name}/etc`,
  };
};
const ds = (n: number) => ({
  host: `${N.datasets}/host/${N.name(n)}`,
  keep: `${N.datasets}/keep/${N.name(n)}`,
  tmp: `${N.datasets}/tmp/${N.name(n)}`,
});

/** The template instance 1: launched, with data in every device dir and in its transient filesystem. */
async function makeTemplate(): Promise<void> {
  ok(await lxdops(['launch', config(1)], { cwd: dir }));
  await inContainer(
    N.name(1),
    'echo tpl-data > /data/d.txt && mkdir -p /data/sub && echo nested > /data/sub/n.txt && echo tpl-etc > /etc/opt/e.conf && echo tpl-log > /var/log/l.log && echo tpl-tmp > /tmp/t.txt',
  );
}

describe('integration: device-template, device-origin, origin', () => {
  before(async () => {
    await requireStack();
    await cleanup(N.tag);
    dir = configDir(N.tag);
    write(
      join(dir, 'template.cfg'),
      `#cloud-config
write_files:
  - path: /root/from-template.txt
    permissions: "0600"
    content: "made in the template\\n"
`,
    );
    await makeTemplate();
  });
  after(async () => {
    await cleanup(N.tag);
  });

  test("device-template: the new device dirs are rsync copies of the template's; the transient filesystem starts empty", async () => {
    const name = N.name(2);
    const cfg = config(2, `device-template: ${N.name(1)}`);
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const p = paths(2);
    assert.equal(readText(`${p.data}/d.txt`), 'tpl-data\n');
    assert.equal(readText(`${p.data}/sub/n.txt`), 'nested\n');
    assert.equal(readText(`${p.etc}/e.conf`), 'tpl-etc\n');
    assert.equal(readText(`${p.keep}/l.log`), 'tpl-log\n');
    assert.equal(owner(`${p.data}/d.txt`), OWNER, 'rsync -a keeps the owner');
    assert.equal(owner(p.data), OWNER);
    assert.deepEqual(readdirSync(p.tmp), [], 'the transient filesystem is not copied');
    // copies, not the same directories
    const all = await datasets(N.datasets);
    for (const d of Object.values(ds(2))) assert.equal(all.get(d), '-', `${d} is a new dataset, not a clone`);
    writeFileSync(`${p.data}/d.txt`, 'changed in the copy\n');
    assert.equal(readText(`${paths(1).data}/d.txt`), 'tpl-data\n', 'the template is untouched');
    assert.equal(await inContainer(name, 'cat /data/d.txt /var/log/l.log'), 'changed in the copy\ntpl-log\n');
    assert.equal((await instance(name))?.status, 'Running');
  });

  test("device-origin: the datasets are clones of the template's snapshot; a transient filesystem is created empty", async () => {
    ok(await lxdops(['snapshot', '-s', 'tplsnap', config(1)], { cwd: dir }));
    const name = N.name(3);
    const cfg = config(3, `device-origin: ${N.name(1)}@tplsnap`);
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const all = await datasets(N.datasets);
    assert.equal(all.get(ds(3).host), `${ds(1).host}@tplsnap`, 'host is a clone');
    assert.equal(all.get(ds(3).keep), `${ds(1).keep}@tplsnap`, 'keep is a clone');
    assert.equal(all.get(ds(3).tmp), '-', 'the transient filesystem is created, not cloned');
    for (const d of Object.values(ds(3))) assert.equal(await zfsGet('mounted', d), 'yes', `${d} is mounted`);
    const p = paths(3);
    assert.equal(readText(`${p.data}/d.txt`), 'tpl-data\n');
    assert.equal(readText(`${p.keep}/l.log`), 'tpl-log\n');
    assert.deepEqual(readdirSync(p.tmp), [], 'the transient filesystem starts empty');
    assert.equal(owner(p.tmp), OWNER, 'the new transient filesystem belongs to the container');
    assert.equal(owner(p.data), OWNER, 'a clone keeps the owner');
    assert.equal((await instance(name))?.status, 'Running');
    await inContainer(name, 'echo clone > /data/c.txt && echo t > /tmp/x.txt');
    assert.ok(!existsSync(`${paths(1).data}/c.txt`), 'writing into the clone leaves the template alone');
    assert.equal((await profile(`${name}.lxdops`))?.devices.data?.source, p.data);
  });

  test("origin: the container is a copy of the template's LXD snapshot (template made with snapshot: copy and stop: true)", async () => {
    const tpl = N.name(4);
    const tplCfg = config(4, 'snapshot: copy\nstop: true', 'template.cfg');
    const t = await lxdops(['launch', tplCfg], { cwd: dir });
    assert.equal(t.status, 0, shown(t));
    assert.equal((await instance(tpl))?.status, 'Stopped', 'stop: true stops the template');
    assert.deepEqual(await lxdSnapshots(tpl), ['copy'], 'snapshot: copy takes the LXD snapshot');

    const name = N.name(5);
    const cfg = config(5, `origin: ${tpl}/copy`);
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 0, shown(r));
    const i = await instance(name);
    assert.ok(i, `${name} exists`);
    assert.equal(i.status, 'Running');
    assert.deepEqual(i.profiles, ['default', NIC_PROFILE, `${name}.lxdops`]);
    assert.equal(
      await inContainer(name, 'cat /root/from-template.txt'),
      'made in the template\n',
      'the root filesystem comes from the template',
    );
    assert.deepEqual(await lxdSnapshots(name), [], 'only the instance is copied, not its snapshots');
    // its own, new datasets with its own device dirs
    const all = await datasets(N.datasets);
    for (const d of Object.values(ds(5))) assert.equal(all.get(d), '-', `${d} exists and is not a clone`);
    assert.equal((await profile(`${name}.lxdops`))?.devices.data?.source, paths(5).data);
    await inContainer(name, 'echo mine > /data/m.txt');
    assert.equal(readText(`${paths(5).data}/m.txt`), 'mine\n');
    assert.equal((await instance(tpl))?.status, 'Stopped', 'the template stays stopped');
  });
});
