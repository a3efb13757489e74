// Ownership (issue 9 point 1): destroy, rollback and rename act only on what carries this
// instance's own lxdops:owner mark (datasets) or its host record (plain directories); anything
// else is refused before any step with the reason and what to do. adopt is the explicit way in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adoptPlan } from '../../../core/src/engine/adoptPlan';
import { dirOwners, dirRecordPath } from '../../../core/src/engine/dirRecords';
import { NotOwnedError, type Ownership } from '../../../core/src/engine/ownership';
import { PlanError } from '../../../core/src/engine/planError';
import { destroyPlan } from '../../../core/src/engine/removePlans';
import { rollbackPlan } from '../../../core/src/engine/snapshotPlans';
import { hostStep, lx, observed, ownAll, RecordingHostDouble, recordStep, specOf, usage } from './support';

const ROOT = '/ws/web1.yaml';
const CONFIG = lx(
  'filesystems:',
  '  host: {pattern: "z/demo/host/(instance)", destroy: true}',
  '  keep: {pattern: "z/demo/keep/(instance)"}',
  '  dir: {pattern: "/srv/lxdops/(instance)", destroy: true}',
);
const spec = () => specOf({ [ROOT]: CONFIG }, ROOT);
const EXISTING = observed({
  datasets: ['z/demo/host/web1', 'z/demo/keep/web1', 'z/demo/host/web1@s1', 'z/demo/keep/web1@s1'],
  paths: ['/srv/lxdops/web1'],
});
const owning = (marks: Record<string, string | undefined>, dirs: string[] = []): Ownership => ({
  marks: new Map(Object.entries(marks)),
  dirs: new Set(dirs),
});

/** The message of the NotOwnedError `f` throws (fails when it throws nothing, or something else). */
function notOwned(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof NotOwnedError, `a NotOwnedError, not ${String(e)}`);
    return e.message;
  }
  assert.fail('expected a refusal');
}

describe('destroy acts only on what is the instance own', () => {
  test('a dataset without a mark of its own (made by hand; an inherited mark reads as none) is refused, with adopt as the way', () => {
    const message = notOwned(() =>
      destroyPlan(spec(), EXISTING, usage(), owning({ 'z/demo/host/web1': undefined }, ['/srv/lxdops/web1'])),
    );
    assert.match(
      message,
      /^destroy web1 refused: it would change filesystems that are not this instance's own; nothing was changed:$/m,
    );
    assert.match(
      message,
      /host: z\/demo\/host\/web1 has no lxdops:owner mark of its own \(made by hand, by an older lxdops, or the mark is only inherited\): run `lxdops adopt \/ws\/web1\.yaml` to make it default\/web1's, or fix the pattern/,
    );
    assert.doesNotMatch(message, /keep|\/srv/, 'only the refused targets are named');
  });

  test("another instance's dataset is refused, naming its owner", () => {
    const message = notOwned(() =>
      destroyPlan(
        spec(),
        EXISTING,
        usage(),
        owning({ 'z/demo/host/web1': 'default/web2' }, ['/srv/lxdops/web1']),
      ),
    );
    assert.match(
      message,
      /host: z\/demo\/host\/web1 belongs to default\/web2 \(its lxdops:owner mark\), not default\/web1: fix the pattern/,
    );
  });

  test('the same name in another project is another instance', () => {
    const message = notOwned(() =>
      destroyPlan(
        spec(),
        EXISTING,
        usage(),
        owning({ 'z/demo/host/web1': 'other/web1' }, ['/srv/lxdops/web1']),
      ),
    );
    assert.match(message, /belongs to other\/web1/);
  });

  test('a plain directory without a record of this instance is refused', () => {
    const message = notOwned(() =>
      destroyPlan(spec(), EXISTING, usage(), owning({ 'z/demo/host/web1': 'default/web1' })),
    );
    assert.match(
      message,
      /dir: the directory \/srv\/lxdops\/web1 has no lxdops record for default\/web1 \(made by hand or by an older lxdops\): run `lxdops adopt \/ws\/web1\.yaml`/,
    );
  });

  test('owned: the targets are destroyed and the record of the directory is forgotten after it', () => {
    const steps = destroyPlan(spec(), EXISTING, usage(), ownAll(spec())).steps.map((s) => s.description);
    assert.deepEqual(steps, [
      'destroy z/demo/host/web1 (no snapshots, no child datasets)',
      'delete directory /srv/lxdops/web1 and everything in it',
      'forget the record of /srv/lxdops/web1 for default/web1',
    ]);
  });

  test('a dataset kept (no destroy: true) needs no mark: it is used as it is', () => {
    const own = owning({ 'z/demo/host/web1': 'default/web1', 'z/demo/keep/web1': undefined }, [
      '/srv/lxdops/web1',
    ]);
    assert.equal(destroyPlan(spec(), EXISTING, usage(), own).steps.length, 3);
  });
});

describe('rollback acts only on what is the instance own', () => {
  test('an unmarked dataset is refused before any step; owned ones roll back', () => {
    const o = { name: 's1', container: false };
    const message = notOwned(() =>
      rollbackPlan(spec(), EXISTING, o, usage(), owning({ 'z/demo/host/web1': 'default/web1' })),
    );
    assert.match(message, /^rollback web1 refused/);
    assert.match(message, /keep: z\/demo\/keep\/web1 has no lxdops:owner mark of its own/);
    assert.doesNotMatch(message, /host:/);
    assert.equal(rollbackPlan(spec(), EXISTING, o, usage(), ownAll(spec())).steps.length, 2);
  });
});

describe('adoptPlan', () => {
  const none = { dirOwners: new Map(), mountpoints: new Set<string>() };
  const ADOPT_HOST = {
    ...hostStep(
      "adopt z/demo/host/web1 as default/web1's (lxdops destroy, rollback and rename will then act on it)",
      ['zfs', 'set', 'lxdops:owner=default/web1', 'z/demo/host/web1'],
    ),
    destructive: true,
  };

  test('each existing unmarked dataset gets the mark, each unrecorded directory a record: confirmed steps', () => {
    const plan = adoptPlan(spec(), EXISTING, owning({ 'z/demo/keep/web1': 'default/web1' }), none);
    assert.equal(plan.command, 'adopt');
    assert.deepEqual(plan.steps, [
      {
        ...recordStep('/srv/lxdops/web1'),
        description:
          "adopt /srv/lxdops/web1 as default/web1's (lxdops destroy, rollback and rename will then act on it)",
        destructive: true,
      },
      ADOPT_HOST,
    ]);
    assert.deepEqual(plan.notes, ["z/demo/keep/web1 is default/web1's already"]);
  });

  test('what does not exist is not adopted (launch marks it); nothing to adopt says so', () => {
    const plan = adoptPlan(spec(), observed(), owning({}), none);
    assert.deepEqual(plan.steps, []);
    assert.ok(
      plan.notes.includes(
        'z/demo/host/web1 does not exist: nothing to adopt (launch creates it with its mark)',
      ),
    );
    assert.ok(plan.notes.includes('nothing to adopt'));
  });

  test("another instance's dataset or directory is refused (not-owned), and so is a pool, a system directory, a mount point", () => {
    const message = notOwned(() =>
      adoptPlan(spec(), EXISTING, owning({ 'z/demo/host/web1': 'default/web2' }), {
        dirOwners: new Map([['/srv/lxdops/web1', ['default/web3']]]),
        mountpoints: new Set(),
      }),
    );
    assert.match(message, /^adopt web1 refused: nothing was changed:$/m);
    assert.match(
      message,
      /host: z\/demo\/host\/web1 belongs to default\/web2 \(its lxdops:owner mark\): fix the pattern/,
    );
    assert.match(message, /dir: \/srv\/lxdops\/web1 is recorded as default\/web3's: fix the pattern/);

    const s = specOf(
      {
        [ROOT]: lx(
          'filesystems:',
          '  a: {pattern: "z"}',
          '  b: {pattern: "/usr"}',
          '  c: {pattern: "/mnt/web1"}',
          '  d: {pattern: "/var/lib/lxdops-owners/default/web1"}',
        ),
      },
      ROOT,
    );
    const all = observed({
      datasets: ['z'],
      paths: ['/usr', '/mnt/web1', '/var/lib/lxdops-owners/default/web1'],
    });
    const refused = notOwned(() =>
      adoptPlan(s, all, owning({}), { dirOwners: new Map(), mountpoints: new Set(['/mnt/web1']) }),
    );
    assert.match(refused, /a: z is a whole ZFS pool/);
    assert.match(refused, /b: \/usr is the system directory `\/usr`/);
    assert.match(refused, /c: \/mnt\/web1 is a mount point/);
    assert.match(
      refused,
      /d: \/var\/lib\/lxdops-owners\/default\/web1 lies in `\/var\/lib\/lxdops-owners`, which belongs to the system/,
    );
  });

  test('a child whose mark is only inherited from an adopted parent is adopted on its own', () => {
    const s = specOf(
      {
        [ROOT]: lx('filesystems:', '  a: {pattern: "z/a/(instance)"}', '  b: {pattern: "z/a/(instance)/b"}'),
      },
      ROOT,
    );
    const plan = adoptPlan(
      s,
      observed({ datasets: ['z/a/web1', 'z/a/web1/b'] }),
      owning({ 'z/a/web1': 'default/web1' }),
      none,
    );
    assert.deepEqual(
      plan.steps.map((x) => (x.kind === 'host' ? x.command.argv.join(' ') : '')),
      ['zfs set lxdops:owner=default/web1 z/a/web1/b'],
    );
  });
});

describe('dir records', () => {
  test('one name per path under project and instance; . and .. cannot name a record', () => {
    assert.equal(
      dirRecordPath({ project: 'default', instance: 'web1' }, '/srv/a b/%x'),
      '/var/lib/lxdops-owners/default/web1/%2Fsrv%2Fa%20b%2F%25x',
    );
    assert.throws(() => dirRecordPath({ project: '..', instance: 'web1' }, '/srv/x'), PlanError);
  });

  test('dirOwners reads every instance record of the asked directories (find), and none when no record root exists', async () => {
    const listing = [
      '/var/lib/lxdops-owners/default/web3/%2Fsrv%2Flxdops%2Fweb1',
      '/var/lib/lxdops-owners/p2/web9/%2Fsrv%2Flxdops%2Fweb1',
      '/var/lib/lxdops-owners/default/web3/%2Fsrv%2Fother',
      '/var/lib/lxdops-owners/default/web3/%E0%A4%A', // not one lxdops wrote: skipped
    ].join('\n');
    const journal: never[] = [];
    const host = new RecordingHostDouble(
      journal,
      () => ({ exitCode: 0, stdout: listing, stderr: '' }),
      new Set(['/var/lib/lxdops-owners']),
    );
    const owners = await dirOwners(host, ['/srv/lxdops/web1']);
    assert.deepEqual([...owners], [['/srv/lxdops/web1', ['default/web3', 'p2/web9']]]);
    const empty = new RecordingHostDouble([], () => assert.fail('no find without a record root'));
    assert.equal((await dirOwners(empty, ['/srv/lxdops/web1'])).size, 0);
  });
});
