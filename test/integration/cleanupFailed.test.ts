// cleanup of a launch that made the container but did not finish (issue 8): a failed runcmd leaves
// the container recorded configure-failed; `lxdops cleanup --yes` removes it, its profile and the
// datasets with its owner mark, and keeps a dataset made by hand. rename moves the owner mark,
// so a later cleanup of the renamed instance removes the renamed datasets too.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  datasets,
  instance,
  lxdops,
  must,
  names,
  ok,
  profile,
  shown,
  stackHooks,
  standardConfig,
  write,
  zfsGet,
} from './stack';

const N = names('cu1');
let dir = '';

const FAILING = '#cloud-config\nruncmd:\n  - [sh, -c, "echo cu-broken >&2; exit 4"]\n';
const PASSING = '#cloud-config\nruncmd:\n  - [sh, -c, "true"]\n';

function config(n: number, cloudConfig: string): string {
  return write(join(dir, `${N.name(n)}.yaml`), standardConfig(N.tag, { cloudConfig }));
}

describe('integration: cleanup after a launch that failed with its container made; rename moves the owner mark', () => {
  stackHooks(N.tag, { ready: (d) => (dir = d) });

  test('configure-failed launch: cleanup --yes removes the container, the profile and the marked datasets; keeps the unmarked one', async () => {
    const name = N.name(1);
    write(join(dir, 'fail.cfg'), FAILING);
    const cfg = config(1, 'fail.cfg');
    const keep = `${N.datasets}/keep/${name}`;
    await must('zfs', ['create', '-p', keep]); // made by hand before the launch: not lxdops's
    const r = await lxdops(['launch', cfg], { cwd: dir });
    assert.equal(r.status, 1, shown(r));
    assert.equal((await instance(name))?.config['user.lxdops.status'], 'configure-failed');
    const host = `${N.datasets}/host/${name}`;
    assert.equal(await zfsGet('lxdops:owner', host), `default/${name}`);

    const dry = await lxdops(['cleanup', '--dry-run', cfg], { cwd: dir });
    assert.equal(dry.status, 0, shown(dry));
    assert.match(dry.stdout, new RegExp(`delete container ${name}`));
    assert.match(dry.stdout, new RegExp(`note: ${keep} is kept: it has no lxdops:owner mark of its own`));
    assert.ok(await instance(name), 'a dry run removes nothing');

    const clean = await lxdops(['cleanup', '--yes', cfg], { cwd: dir });
    assert.equal(clean.status, 0, shown(clean));
    assert.equal(await instance(name), undefined, 'the container is gone');
    assert.equal(await profile(`${name}.lxdops`), undefined, 'the instance profile is gone');
    const left = await datasets(N.datasets);
    assert.ok(!left.has(host), 'the marked dataset is gone');
    assert.ok(left.has(keep), 'the unmarked one is kept');
  });

  test('status ok: cleanup refuses and changes nothing; rename moves the mark; a failed configure then lets cleanup remove the renamed instance', async () => {
    const from = N.name(2);
    const to = N.name(3);
    write(join(dir, 'step.cfg'), PASSING);
    const cfg = config(2, 'step.cfg');
    ok(await lxdops(['launch', cfg], { cwd: dir }));

    const refused = await lxdops(['cleanup', '--yes', cfg], { cwd: dir });
    assert.equal(refused.status, 1, shown(refused));
    assert.match(refused.stderr, /user\.lxdops\.status=ok.*use lxdops delete or destroy/);
    assert.ok(await instance(from), 'the container is still there');

    ok(await lxdops(['rename', cfg, to], { cwd: dir }));
    const host = `${N.datasets}/host/${to}`;
    const keep = `${N.datasets}/keep/${to}`;
    assert.equal(await zfsGet('lxdops:owner', host), `default/${to}`, 'the mark moved with the rename');
    assert.equal(await zfsGet('lxdops:owner', keep), `default/${to}`);

    write(join(dir, 'step.cfg'), FAILING);
    const failed = await lxdops(['configure', '--name', to, cfg], { cwd: dir });
    assert.equal(failed.status, 1, shown(failed));
    assert.equal((await instance(to))?.config['user.lxdops.status'], 'configure-failed');
    const clean = await lxdops(['cleanup', '--yes', '--name', to, cfg], { cwd: dir });
    assert.equal(clean.status, 0, shown(clean));
    assert.equal(await instance(to), undefined);
    assert.equal(await profile(`${to}.lxdops`), undefined);
    const left = await datasets(N.datasets);
    assert.ok(
      !left.has(host) && !left.has(keep),
      `the renamed datasets are gone: ${[...left.keys()].join(', ')}`,
    );
  });
});
