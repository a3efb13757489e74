// deviceSteps and instance data (issue 9, points 3 and 5): a link (or a file) in a path the plan
// would create, chown or copy into is refused with its path; every such step carries a guard for
// the run; a root or device dir left to 0:0 by an interrupted creation is repaired on re-run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PathEntry } from '../../../core/src/engine/doors';
import { launchPlan } from '../../../core/src/engine/launchPlan';
import type { Observed } from '../../../core/src/engine/observed';
import { createDevicesPlan, createProfilePlan } from '../../../core/src/engine/partialPlans';
import type { Plan } from '../../../core/src/engine/plan';
import { PlanError } from '../../../core/src/engine/planError';
import { chownStep, dirEntry, linkEntry, lx, mkdirStep, observed, rsyncStep, specOf } from './support';

const ROOT = '/ws/web1.yaml';
const OWNER = '100000:100000';
const FS = '/z/demo/host/web1';
const NO_CC = { cloudConfigs: new Map() };

const config = (o: { devices?: string[]; extra?: string[]; owner?: string } = {}) =>
  lx(
    'os: {name: alpine, image: busybox}',
    `device-owner: "${o.owner ?? OWNER}"`,
    'filesystems:',
    '  host: {pattern: "z/demo/host/(instance)"}',
    'devices:',
    '  data: {path: /data, filesystem: host}',
    ...(o.devices ?? []),
    ...(o.extra ?? []),
  );
const SSH = '  ssh: {path: /root/.ssh, filesystem: host, dir: link/.ssh}';

/** The host above the dataset root, as it is on every machine. */
const above = [dirEntry('/z'), dirEntry('/z/demo'), dirEntry('/z/demo/host')];

/** The dataset exists and is mounted; `entries` is what the host shows at and below its root. */
const existing = (entries: PathEntry[], paths: string[] = entries.map((e) => e.path)): Observed =>
  observed({
    profiles: ['default'],
    datasets: ['z/demo/host/web1'],
    paths: paths.filter((p) => entries.find((e) => e.path === p)?.type !== 'missing'),
    entries: [...above, ...entries],
  });

/** The PlanError a plan function throws, as [code, message]. */
function refusal(make: () => unknown): [string, string] {
  try {
    make();
  } catch (e) {
    assert.ok(e instanceof PlanError, String(e));
    return [e.code, e.message];
  }
  assert.fail('the plan was not refused');
}

const hostArgv = (plan: Plan) => plan.steps.flatMap((s) => (s.kind === 'host' ? [s.command.argv] : []));

describe('a link in instance data is refused with its path', () => {
  // the container ran `ln -s /home/victim /data/../link` (its /data is FS/data; FS itself is the dataset)
  const planted = existing([dirEntry(FS, OWNER), dirEntry(`${FS}/data`, OWNER), linkEntry(`${FS}/link`)]);

  test('launch: device `dir: link/.ssh` → host-path-link naming the link, nothing planned', () => {
    const [code, message] = refusal(() =>
      launchPlan(specOf({ [ROOT]: config({ devices: [SSH] }) }, ROOT), planted, NO_CC),
    );
    assert.equal(code, 'host-path-link');
    assert.match(
      message,
      /^device ssh: \/z\/demo\/host\/web1\/link is a symbolic link where a directory is expected/,
    );
    assert.match(message, /nothing was changed/);
  });

  test('create-devices and create-profile refuse it too (LXD would mount what the link names)', () => {
    const spec = specOf({ [ROOT]: config({ devices: [SSH] }) }, ROOT);
    assert.equal(refusal(() => createDevicesPlan(spec, planted))[0], 'host-path-link');
    assert.equal(refusal(() => createProfilePlan(spec, planted))[0], 'host-path-link');
  });

  test('an existing device dir that is itself a link is refused, though nothing would be created there', () => {
    const spec = specOf({ [ROOT]: config() }, ROOT);
    const swapped = existing([dirEntry(FS, OWNER), linkEntry(`${FS}/data`)]);
    const [code, message] = refusal(() => launchPlan(spec, swapped, NO_CC));
    assert.equal(code, 'host-path-link');
    assert.match(message, /^device data: \/z\/demo\/host\/web1\/data is a symbolic link/);
  });

  test('a file where a directory is expected: host-path-not-directory', () => {
    const spec = specOf({ [ROOT]: config({ devices: [SSH] }) }, ROOT);
    const file: PathEntry = { path: `${FS}/link`, type: 'file', uid: 100000, gid: 100000, mode: 0o644 };
    const [code, message] = refusal(() => launchPlan(spec, existing([dirEntry(FS, OWNER), file]), NO_CC));
    assert.equal(code, 'host-path-not-directory');
    assert.match(message, /^device ssh: \/z\/demo\/host\/web1\/link is a file where a directory is expected/);
  });

  test('a link no device path goes through is left alone: the plan goes on', () => {
    const spec = specOf({ [ROOT]: config() }, ROOT);
    const plan = launchPlan(spec, planted, NO_CC);
    assert.deepEqual(hostArgv(plan), [], 'nothing to create or repair');
  });

  test('a filesystem mounted inside another one of the instance: a link at its mountpoint is refused', () => {
    const spec = specOf(
      {
        [ROOT]: config({ extra: ['  sub: {path: /sub, filesystem: sub, dir: .}'] }).replace(
          'filesystems:\n',
          'filesystems:\n  sub: {pattern: "z/demo/host/(instance)/sub"}\n',
        ),
      },
      ROOT,
    );
    const nested = existing([dirEntry(FS, OWNER), dirEntry(`${FS}/data`, OWNER), linkEntry(`${FS}/sub`)]);
    const [code, message] = refusal(() => launchPlan(spec, nested, NO_CC));
    assert.equal(code, 'host-path-link');
    assert.match(message, /^filesystem sub: \/z\/demo\/host\/web1\/sub is a symbolic link/);
  });

  test('device-template: a link as the template dir is refused (rsync would copy what it names)', () => {
    const files = { [ROOT]: config({ extra: ['device-template: tpl1'] }) };
    const spec = specOf(files, ROOT);
    const o = observed({
      profiles: ['default'],
      paths: ['/z/demo/host/tpl1', '/z/demo/host/tpl1/data'],
      entries: [...above, dirEntry('/z/demo/host/tpl1', OWNER), linkEntry('/z/demo/host/tpl1/data')],
    });
    const [code, message] = refusal(() => launchPlan(spec, o, NO_CC));
    assert.equal(code, 'host-path-link');
    assert.match(message, /^device-template data: \/z\/demo\/host\/tpl1\/data is a symbolic link/);
  });
});

describe('every step that creates, chowns or copies into instance data is guarded', () => {
  test('a new instance: mkdir and chown -h checked from the dataset root, rsync on both sides', () => {
    const files = { [ROOT]: config({ devices: [SSH], extra: ['device-template: tpl1'] }) };
    const o = observed({ profiles: ['default'], paths: ['/z/demo/host/tpl1', '/z/demo/host/tpl1/data'] });
    const plan = launchPlan(specOf(files, ROOT), o, NO_CC);
    const touching = plan.steps.filter(
      (s) => s.kind === 'host' && ['mkdir', 'chown', 'rsync'].includes(s.command.argv[0]!),
    );
    assert.deepEqual(touching, [
      chownStep(OWNER, FS),
      mkdirStep(`${FS}/data`, FS),
      chownStep(OWNER, `${FS}/data`, FS),
      rsyncStep('/z/demo/host/tpl1/data', `${FS}/data`, '/z/demo/host/tpl1', FS),
      mkdirStep(`${FS}/link/.ssh`, FS),
      chownStep(OWNER, `${FS}/link/.ssh`, FS),
    ]);
  });
});

describe('repair on re-run: what an interrupted creation left to 0:0', () => {
  const spec = () => specOf({ [ROOT]: config() }, ROOT);

  test('the dataset root still 0:0 (killed between zfs create and chown) → chown -h, with a note; the missing device dir is made', () => {
    const plan = launchPlan(
      spec(),
      existing([dirEntry(FS, '0:0'), { path: `${FS}/data`, type: 'missing' }]),
      NO_CC,
    );
    assert.deepEqual(plan.steps.slice(0, 3), [
      chownStep(OWNER, FS),
      mkdirStep(`${FS}/data`, FS),
      chownStep(OWNER, `${FS}/data`, FS),
    ]);
    assert.ok(
      plan.notes.includes(
        `repaired: ${FS} belongs to 0:0 (its creation was interrupted before its chown): it is given to ${OWNER}`,
      ),
      plan.notes.join('\n'),
    );
  });

  test('a device dir still 0:0 (killed between mkdir and chown) → chown -h of it alone', () => {
    const plan = launchPlan(spec(), existing([dirEntry(FS, OWNER), dirEntry(`${FS}/data`, '0:0')]), NO_CC);
    assert.deepEqual(hostArgv(plan), [['chown', '-h', OWNER, '--', `${FS}/data`]]);
    assert.match(plan.notes.join('\n'), /^repaired: \/z\/demo\/host\/web1\/data belongs to 0:0/m);
  });

  test('the right owner: no host step and no note', () => {
    const plan = launchPlan(spec(), existing([dirEntry(FS, OWNER), dirEntry(`${FS}/data`, OWNER)]), NO_CC);
    assert.deepEqual(hostArgv(plan), []);
    assert.deepEqual(
      plan.notes.filter((n) => /repaired|belongs/.test(n)),
      [],
    );
  });

  test('another owner (a service in the container chowned its data dir): kept, and a note says so', () => {
    const plan = launchPlan(
      spec(),
      existing([dirEntry(FS, OWNER), dirEntry(`${FS}/data`, '100070:100070')]),
      NO_CC,
    );
    assert.deepEqual(hostArgv(plan), []);
    assert.match(
      plan.notes.join('\n'),
      /\/z\/demo\/host\/web1\/data belongs to 100070:100070, not to the device-owner 100000:100000: kept/,
    );
  });

  test('a device-owner by name cannot be compared with what the host shows: nothing is repaired', () => {
    const named = specOf({ [ROOT]: config({ owner: 'lxd:lxd' }) }, ROOT);
    const plan = launchPlan(named, existing([dirEntry(FS, '0:0'), dirEntry(`${FS}/data`, '0:0')]), NO_CC);
    assert.deepEqual(hostArgv(plan), []);
  });

  test('no device-owner: nothing to repair', () => {
    const none = specOf({ [ROOT]: config().replace(/device-owner: .*\n/, '') }, ROOT);
    const plan = launchPlan(none, existing([dirEntry(FS, '0:0'), dirEntry(`${FS}/data`, '0:0')]), NO_CC);
    assert.deepEqual(hostArgv(plan), []);
  });
});
