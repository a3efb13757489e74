// End to end: the Instances view shows every host at once, in real VS Code (code-server + Chromium):
// the local LXD (socket), Incus (incus-local), the same LXD over HTTPS on loopback (a remote added
// with a trust token, given in a hosts file through LXDOPS_HOSTS_FILE), the nested cluster of
// /var/tmp/lxdops-cluster/hosts.yaml when it is up (its instance under its member), and two hosts
// that cannot answer (nothing listens; a server that accepts and never speaks): each of those shows
// its message node with its code while the others list their instances. The Configs view shows the
// config's instance on each host. Names: `lxdops-ex-*`. Screenshot: test-results/e2e/hosts-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { LxdEndpoint } from '../../core/src/lxd/endpoint';
import { LxdClient } from '../../core/src/lxd/lxdClient';
import { UnusedAnswer } from '../../core/src/lxd/records/envelope';
import { type CodeServerSession, RESULTS, startCodeServer } from './codeServer';
import { must, requireStack, run } from './stackTools';
import { openViewContainer, resizeSideBar, treeRows, type TreeRowInfo, viewPane } from './workbench';

const INSTANCE = 'lxdops-ex-e2e';
const CLUSTER_INSTANCE = 'lxdops-ex-e2e-cl';
const CLUSTER_FILE = '/var/tmp/lxdops-cluster/hosts.yaml';
const CLUSTER_MEMBER = 'lxdops-cm2';
const CONFIG = `#lxdops
os: {name: alpine, image: busybox}
profiles: [default]
`;

const emptyContainer = (name: string) => ({
  method: 'POST' as const,
  path: '/1.0/instances',
  body: { name, type: 'container', source: { type: 'none' } },
});

/** The cluster's endpoint from its hosts.yaml, when the cluster helper made one and it answers. */
async function clusterEndpoint(): Promise<LxdEndpoint | undefined> {
  if (!existsSync(CLUSTER_FILE)) return undefined;
  const text = readFileSync(CLUSTER_FILE, 'utf8');
  const field = (key: string) => new RegExp(`^\\s*${key}: (\\S+)`, 'm').exec(text)?.[1];
  const endpoint: LxdEndpoint = {
    kind: 'https',
    url: field('url')!,
    serverCert: field('server-cert')!,
    clientCert: field('client-cert')!,
    clientKey: field('client-key')!,
  };
  const client = new LxdClient(endpoint);
  try {
    await client.call({ method: 'GET', path: '/1.0' }, UnusedAnswer);
    return endpoint;
  } catch {
    return undefined;
  } finally {
    await client.close();
  }
}

/** Each row with the top-level row (the host) it is under. */
function byHost(rows: TreeRowInfo[]): (TreeRowInfo & { host: string })[] {
  let host = '';
  return rows.map((r) => {
    if (r.level === 1) host = r.name;
    return { ...r, host };
  });
}

describe(
  'the explorer shows every host at once (code-server + Chromium, real LXD, Incus, cluster)',
  { timeout: 600_000 },
  () => {
    let ws: string | undefined;
    let conf: string | undefined;
    let vs: CodeServerSession | undefined;
    let silent: Server | undefined;
    let cluster: LxdEndpoint | undefined;
    let trusted: string | undefined;

    const cleanup = async () => {
      await run('lxc', ['delete', '--force', INSTANCE]);
      await run('incus', ['delete', '--force', INSTANCE]);
      if (cluster) {
        const client = new LxdClient(cluster);
        await client
          .call({ method: 'DELETE', path: `/1.0/instances/${CLUSTER_INSTANCE}` }, UnusedAnswer)
          .catch(() => undefined);
        await client.close();
      }
    };

    after(async () => {
      try {
        await vs?.close();
      } finally {
        silent?.close();
        delete process.env.LXDOPS_HOSTS_FILE;
        await cleanup();
        if (trusted) await run('lxc', ['config', 'trust', 'remove', trusted]);
        for (const dir of [ws, conf]) if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lists local, incus-local, loop (HTTPS) and the cluster at once; the dead hosts show their message', async () => {
      await requireStack();
      await must('incus', ['info']);
      cluster = await clusterEndpoint();
      await cleanup();
      // the same empty container (never started) on LXD and on Incus; one on the cluster's member 2
      for (const socket of ['/var/lib/lxd/unix.socket', '/var/lib/incus/unix.socket']) {
        const client = new LxdClient(socket);
        await client.call(emptyContainer(INSTANCE), UnusedAnswer);
        await client.close();
      }
      if (cluster) {
        const client = new LxdClient(cluster);
        await client.call(
          { ...emptyContainer(CLUSTER_INSTANCE), path: `/1.0/instances?target=${CLUSTER_MEMBER}` },
          UnusedAnswer,
        );
        await client.close();
      }

      // a remote the way a user adds one, and hosts that cannot answer
      conf = mkdtempSync(join(tmpdir(), 'lxdops-ex-conf-'));
      const token = (await must('lxc', ['config', 'trust', 'add', '--name', 'lxdops-ex-e2e']))
        .trim()
        .split('\n')
        .pop()!;
      execFileSync('lxc', ['remote', 'add', 'loop', token.trim()], {
        env: { ...process.env, LXD_CONF: conf },
        stdio: 'pipe',
      });
      trusted = (
        await must('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', join(conf, 'client.crt')])
      )
        .split('=')[1]!
        .replace(/:/g, '')
        .trim()
        .toLowerCase();
      silent = createServer(() => undefined);
      await new Promise<void>((done) => silent!.listen(0, '127.0.0.1', done));
      const port = (silent.address() as { port: number }).port;
      const entry = (name: string, url: string) =>
        `- name: ${name}\n  url: ${url}\n  server-cert: ${conf}/servercerts/loop.crt\n  client-cert: ${conf}/client.crt\n  client-key: ${conf}/client.key\n`;
      const hostsFile = join(conf, 'hosts.yaml');
      writeFileSync(
        hostsFile,
        entry('loop', 'https://127.0.0.1:18443') +
          (cluster ? readFileSync(CLUSTER_FILE, 'utf8').replace(/^#.*\n/gm, '') : '') +
          entry('down', 'https://127.0.0.1:1') +
          entry('hung', `https://127.0.0.1:${port}`),
      );
      process.env.LXDOPS_HOSTS_FILE = hostsFile;

      ws = mkdtempSync(join(tmpdir(), 'lxdops-ex-e2e-ws-'));
      writeFileSync(join(ws, `${INSTANCE}.yaml`), CONFIG);
      vs = await startCodeServer({ workspace: ws, name: 'hosts' });
      const { page, screenshot } = vs;
      // every host's rows at once: the tree renders only the rows that fit
      await page.setViewportSize({ width: 1440, height: 1900 });
      await openViewContainer(page, 'LXD');
      const instances = viewPane(page, 'Instances');
      const started = Date.now();
      const hosts = ['local', 'incus-local', 'loop', ...(cluster ? ['cluster'] : []), 'down', 'hung'];
      let rows: (TreeRowInfo & { host: string })[] = [];
      const listed = () => {
        const top = rows.filter((r) => r.level === 1);
        const dead = (name: string) =>
          rows.some((r) => r.host === name && /\(host-(unreachable|timeout)\)$/.test(r.name));
        return (
          hosts.every((h) => top.some((t) => t.name === h)) &&
          ['local', 'incus-local', 'loop'].every((h) =>
            rows.some((r) => r.host === h && r.name === INSTANCE),
          ) &&
          (!cluster || rows.some((r) => r.host === 'cluster' && r.name === CLUSTER_MEMBER)) &&
          dead('down') &&
          dead('hung')
        );
      };
      while (Date.now() - started < 60_000) {
        rows = byHost(await treeRows(instances));
        if (listed()) break;
        await page.waitForTimeout(250); // polls the rendered tree: the signal is what it shows
      }
      const shown = rows.map((r) => `${'  '.repeat(r.level - 1)}${r.name} — ${r.description}`).join('\n');
      assert.ok(listed(), `the tree did not show every host within 60 s:\n${shown}`);
      const seconds = (Date.now() - started) / 1000;
      // a silent host is given up on within the 10 s bound: it did not hold the others
      assert.ok(seconds < 30, `listed in ${seconds} s`);

      const host = (name: string) => rows.find((r) => r.level === 1 && r.name === name)!;
      assert.match(host('local').description, /^LXD 5\./);
      assert.match(host('incus-local').description, /^Incus 6\./);
      assert.match(host('loop').description, /^LXD 5\./);
      assert.match(host('down').description, /unreachable/);
      if (cluster) {
        assert.match(host('cluster').description, /^LXD 5\.\S+ · cluster \(3 members\)$/);
        const member = rows.find((r) => r.host === 'cluster' && r.name === CLUSTER_MEMBER)!;
        assert.match(member.description, /^Online/);
        const i = rows.indexOf(member);
        assert.equal(
          rows[i + 1]?.name,
          CLUSTER_INSTANCE,
          `${CLUSTER_INSTANCE} is under its member:\n${shown}`,
        );
      }
      await screenshot('1-hosts');

      // the Configs view: the config's instance on each host where it exists
      const configs = viewPane(page, 'Configs');
      let configRows: TreeRowInfo[] = [];
      const want = ['on local: stopped', 'on incus-local: stopped', 'on loop: stopped'];
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        configRows = await treeRows(configs);
        if (want.every((w) => configRows.some((r) => r.name === w))) break;
        await page.waitForTimeout(250);
      }
      const names = configRows.map((r) => r.name);
      for (const w of want)
        assert.ok(names.includes(w), `no "${w}" in the Configs view: ${names.join(' | ')}`);
      assert.ok(
        names.some((n) => /^on down: lxd unreachable$/.test(n)),
        `the dead host is said: ${names.join(' | ')}`,
      );
      await screenshot('2-configs');
      // the README's picture (images/explorer-hosts.png is copied from it): the side bar, wide enough to read
      await resizeSideBar(page, 620);
      await page.mouse.move(1200, 1200);
      await page.screenshot({
        path: join(RESULTS, 'hosts-tree.png'),
        clip: { x: 0, y: 0, width: 640, height: 1140 },
      });
    });
  },
);
