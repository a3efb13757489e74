// Secrets never on a command line (issue 9, point 7): a cloud-config with users, keys, sudo rules and
// secret files, applied through the executor to a RECORDING DOUBLE of LxdApi. Every exec request
// (its argv and its environment, which LXD broadcasts in `instance-exec` events) is free of every
// secret; each secret arrives in a files-API push of mode 0600 into the private directory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudConfigSteps, type OsFamily } from '../../../core/src/engine/cloudConfigSteps';
import { execute } from '../../../core/src/engine/executor';
import { formatPlan, planOf } from '../../../core/src/engine/plan';
import type { LxdRequest } from '../../../core/src/lxd/lxdClient';
import { workspace } from '../../helpers';
import { cc, execOperation, type JournalEntry, RecordingHostDouble, RecordingLxdDouble } from './support';

const SECRETS = {
  bobKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOBSECRETKEY bob@laptop',
  rootKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADROOTSECRETKEY root@admin',
  dbPassword: 'db-password-Xq9!zz',
  appended: 'token=APPENDEDSECRET',
  deferred: 'DEFERREDSECRET',
};

const F = '/ws/secrets.cfg';
const TEXT = cc(
  'write_files:',
  '  - path: /etc/app/db.conf',
  `    content: "password=${SECRETS.dbPassword}\\n"`,
  "    permissions: '0600'",
  '    owner: app:app',
  '  - path: /etc/app/tokens',
  `    content: "${SECRETS.appended}\\n"`,
  '    append: true',
  '  - path: /etc/late.conf',
  `    content: ${SECRETS.deferred}`,
  '    defer: true',
  'users:',
  '  - name: bob',
  '    sudo: [ALL=(ALL) NOPASSWD:ALL, "ALL=(root) /sbin/apk"]',
  `    ssh_authorized_keys: ["${SECRETS.bobKey}"]`,
  '  - name: root',
  `    ssh_authorized_keys: ["${SECRETS.rootKey}"]`,
  'runcmd:',
  '  - [echo, done]',
);

async function applied(os: OsFamily) {
  const { ws } = workspace({ [F]: TEXT });
  const p = ws.parsed(F);
  assert.ok(p.ok);
  const steps = cloudConfigSteps(p.value, { instance: 'web1', project: 'default', os });
  const plan = planOf(
    'configure',
    { config: '/ws/web1.yaml', instance: 'web1', container: 'web1', project: 'default' },
    steps,
    [],
  );
  const journal: JournalEntry[] = [];
  const lxd = new RecordingLxdDouble(journal, () => execOperation(0));
  await execute(plan, { lxd, host: new RecordingHostDouble(journal) });
  const requests = journal.flatMap((e) => (e.door === 'lxd.call' || e.door === 'lxd.raw' ? [e.request] : []));
  const execs = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/exec'));
  const pushes = requests.filter((r) => r.method === 'POST' && r.path.includes('/files?path='));
  return { plan, execs, pushes };
}

const pushedPath = (r: LxdRequest) => decodeURIComponent(r.path.split('?path=')[1]!);
const pushedText = (r: LxdRequest) => (r.raw ? Buffer.from(r.raw).toString('utf8') : '');

for (const os of ['alpine', 'debian'] as const) {
  describe(`secrets never on a command line (${os})`, () => {
    test('no exec request holds a secret, in its argv or its environment; no environment at all', async () => {
      const { execs } = await applied(os);
      assert.ok(execs.length >= 10, `only ${execs.length} exec requests`);
      for (const r of execs) {
        const body = r.body as { command: string[]; environment: Record<string, string> };
        assert.deepEqual(body.environment, {});
        for (const [name, secret] of Object.entries(SECRETS))
          assert.ok(!JSON.stringify(body).includes(secret), `${name} in ${JSON.stringify(body.command)}`);
      }
    });

    test('each secret reaches the container as a push of mode 0600 into /run/lxdops, and only so', async () => {
      const { pushes } = await applied(os);
      for (const [name, secret] of Object.entries(SECRETS)) {
        const carrying = pushes.filter((r) => pushedText(r).includes(secret));
        assert.equal(carrying.length, 1, `${name} pushed ${carrying.length} times`);
        assert.match(pushedPath(carrying[0]!), /^\/run\/lxdops\/\d+$/);
        assert.equal(carrying[0]!.headers?.['x-lxd-mode'], '0600');
      }
      assert.ok(
        pushes.every((r) => pushedPath(r).startsWith('/run/lxdops/')),
        'every push is a private file',
      );
    });

    test('the private directory is made 0700 before the first push and removed after the last use', async () => {
      const { plan } = await applied(os);
      const descriptions = plan.steps.map((s) => s.description);
      const open = descriptions.indexOf('make a private directory for secrets');
      const close = descriptions.indexOf('remove the private directory for secrets');
      const firstPush = plan.steps.findIndex((s) => s.kind === 'push-file');
      assert.ok(open !== -1 && open < firstPush && close > open, descriptions.join('\n'));
      assert.deepEqual(descriptions.slice(close + 1), ['run command 1']);
      const made = plan.steps[open]!;
      assert.ok(made.kind === 'exec' && made.command.join(' ').includes('mkdir -m 0700 -- /run/lxdops'));
    });

    test('the plan as printed (--dry-run, Show Plan) holds no secret', async () => {
      const { plan } = await applied(os);
      const text = formatPlan(plan);
      for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!text.includes(secret), name);
    });
  });
}
