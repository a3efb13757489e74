// formatPlan / formatStep / displayArgv / destructiveSteps: what --dry-run prints and --yes confirms.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  destructiveSteps,
  displayArgv,
  formatPlan,
  formatStep,
  type Plan,
  type Step,
} from '../../../core/src/engine/plan';
import {
  chownStep,
  execStep,
  hostStep,
  lxdStep,
  pushStep,
  rsyncStep,
  stateStep,
  waitIpv4,
  waitRunning,
} from './support';

describe('displayArgv', () => {
  test('plain words as they are; everything else single-quoted, with embedded quotes escaped', () => {
    assert.equal(
      displayArgv(['zfs', 'create', '-p', '-o', 'compression=lz4', 'z/demo/host/web1']),
      'zfs create -p -o compression=lz4 z/demo/host/web1',
    );
    assert.equal(
      displayArgv(['chown', '1000000:1000000', '--', '/a/b_c.d']),
      'chown 1000000:1000000 -- /a/b_c.d',
    );
    assert.equal(displayArgv(['a@b', '50%', '+x', 'a,b']), 'a@b 50% +x a,b');
    assert.equal(
      displayArgv(['echo', 'a b', "it's", '', '$HOME', '*', 'x;y', 'tab\there']),
      `echo 'a b' 'it'\\''s' '' '$HOME' '*' 'x;y' 'tab\there'`,
    );
    assert.equal(displayArgv([]), '');
  });
});

describe('formatStep', () => {
  test('host with guards: the paths checked for links before it runs, from their filesystem root', () => {
    assert.equal(
      formatStep(chownStep('1:1', '/z/h/web1/data', '/z/h/web1')),
      '  give /z/h/web1/data to 1:1\n      $ sudo -n chown -h 1:1 -- /z/h/web1/data\n      (first checked: no link in /z/h/web1 … /z/h/web1/data)',
    );
    assert.match(
      formatStep(rsyncStep('/z/h/tpl/data', '/z/h/web1/data', '/z/h/tpl', '/z/h/web1')),
      /\(first checked: no link in \/z\/h\/tpl … \/z\/h\/tpl\/data, \/z\/h\/web1 … \/z\/h\/web1\/data\)$/,
    );
    assert.match(formatStep(chownStep('1:1', '/z/h/web1')), /\(first checked: no link in \/z\/h\/web1\)$/);
  });
  test('host: the description, then the command line with sudo -n when it needs root', () => {
    assert.equal(
      formatStep(hostStep('create ZFS filesystem z/x', ['zfs', 'create', '-p', 'z/x'])),
      '  create ZFS filesystem z/x\n      $ sudo -n zfs create -p z/x',
    );
    assert.equal(
      formatStep(hostStep('check', ['mountpoint', '-q', '--', '/z/x'], { sudo: false })),
      '  check\n      $ mountpoint -q -- /z/x',
    );
  });

  test('destructive steps are marked with !', () => {
    assert.equal(
      formatStep(
        hostStep('delete directory /srv/a b', ['rm', '-rf', '--', '/srv/a b'], { destructive: true }),
      ),
      "! delete directory /srv/a b\n      $ sudo -n rm -rf -- '/srv/a b'",
    );
  });

  test('lxd: method, path, the project when not default, and the JSON body', () => {
    assert.equal(
      formatStep(stateStep('web1', 'default', 'start')),
      '  start web1\n      PUT /1.0/instances/web1/state {"action":"start","timeout":30,"force":false}',
    );
    assert.equal(
      formatStep(
        lxdStep('delete profile p', 'DELETE', '/1.0/profiles/p', 'web', undefined, { accept: [404] }),
      ),
      '  delete profile p\n      DELETE /1.0/profiles/p (project web)',
    );
  });

  test('lxd: a long body is cut at 400 characters', () => {
    const body = {
      devices: Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`d${i}`, { type: 'disk', path: `/p${i}`, source: `/s${i}` }]),
      ),
    };
    const text = formatStep(lxdStep('create profile p', 'POST', '/1.0/profiles', 'default', body));
    const line = text.split('\n')[1]!;
    assert.equal(line, `      POST /1.0/profiles${` ${JSON.stringify(body)}`.slice(0, 400)}…`);
  });

  test('exec: the command unless the step is secret', () => {
    assert.equal(
      formatStep(execStep('install curl', ['apk', 'add', 'curl'])),
      '  install curl\n      exec in web1: apk add curl',
    );
    assert.equal(
      formatStep(
        execStep('install the ssh keys of bob', ['sh', '-c', 'cat > f <<EOF\nssh-ed25519 AAAA secret\nEOF'], {
          secret: true,
        }),
      ),
      '  install the ssh keys of bob',
    );
  });

  test('push-file: path and zero-padded octal mode, never the content', () => {
    assert.equal(
      formatStep(pushStep('/etc/x', 'password=hunter2', 0o640)),
      '  write /etc/x\n      write web1:/etc/x (mode 0640)',
    );
    assert.equal(
      formatStep(pushStep('/etc/x', 'password=hunter2', 0o4755, { append: true })),
      '  append to /etc/x\n      write web1:/etc/x (mode 4755, append)',
    );
    assert.equal(
      formatStep(pushStep('/etc/x', 'k', 0o7)),
      '  write /etc/x\n      write web1:/etc/x (mode 0007)',
    );
  });

  test('wait and sleep: the description only', () => {
    assert.equal(formatStep(waitRunning('web1', 'default')), '  wait until web1 runs and accepts commands');
    assert.equal(
      formatStep(waitIpv4('web1', 'default', 30)),
      '  wait for an IPv4 address of web1 (up to 30 s)',
    );
    assert.equal(
      formatStep({
        kind: 'sleep',
        description: 'wait 5 s for scripts to finish',
        destructive: false,
        seconds: 5,
      }),
      '  wait 5 s for scripts to finish',
    );
  });
});

describe('formatPlan and destructiveSteps', () => {
  const steps: Step[] = [
    stateStep('web1', 'web', 'stop', true),
    lxdStep(
      'delete container web1 (its root filesystem and LXD snapshots)',
      'DELETE',
      '/1.0/instances/web1',
      'web',
      undefined,
      { destructive: true, accept: [404] },
    ),
    hostStep('destroy z/x with its snapshots and children', ['zfs', 'destroy', '-r', 'z/x'], {
      destructive: true,
      retryBusy: true,
    }),
    ...Array.from({ length: 8 }, (_, i) => hostStep(`step ${i + 4}`, ['true'])),
  ];
  const plan: Plan = {
    command: 'destroy',
    config: '/ws/web1.yaml',
    instance: 'web1',
    container: 'web1',
    project: 'web',
    steps,
    notes: ['kept (no destroy: true): z/keep'],
  };

  test('a head line, the notes, then the numbered steps (numbers right-aligned)', () => {
    const expected = [
      'destroy web1 (container web1, project web): 11 steps',
      '  note: kept (no destroy: true): z/keep',
      '   1.  stop web1 (forced)',
      '      PUT /1.0/instances/web1/state (project web) {"action":"stop","timeout":0,"force":true}',
      '   2.! delete container web1 (its root filesystem and LXD snapshots)',
      '      DELETE /1.0/instances/web1 (project web)',
      '   3.! destroy z/x with its snapshots and children',
      '      $ sudo -n zfs destroy -r z/x',
      ...Array.from({ length: 8 }, (_, i) => [
        `  ${String(i + 4).padStart(2)}.  step ${i + 4}`,
        '      $ sudo -n true',
      ]).flat(),
    ].join('\n');
    assert.equal(formatPlan(plan), `${expected}\n`);
  });

  test('destructiveSteps: exactly the steps that delete or overwrite data, in order', () => {
    assert.deepEqual(destructiveSteps(plan), [steps[1], steps[2]]);
    assert.deepEqual(destructiveSteps({ ...plan, steps: [stateStep('web1', 'web', 'start')] }), []);
  });
});
