// Runs node's test runner over every *.test.ts below the given folders (default: test/unit and test/cli),
// through tsx. Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// Default: every suite (test/fuzz is the seeded fuzzer: LXDOPS_FUZZ_SEED, LXDOPS_FUZZ_COUNT, ...). Integration and end-to-end tests need the real stack (scripts/setup.sh)
// and fail loudly without it. One file at a time: they share one LXD daemon. test/adversarial (scratch
// pools, strace) is not a default folder: `npm run test:adversarial` runs it, and .ci/run calls that once.
//
// `--host NAME` (local, incus-local, https-lxd) runs the integration tests against that server
// (LXDOPS_TEST_HOST, read by test/integration/testHost.ts); without it, the local LXD.
const args = process.argv.slice(2);
const env = { ...process.env };
const hostFlag = args.indexOf('--host');
if (hostFlag >= 0) {
  if (!args[hostFlag + 1]) {
    console.error('--host needs a test host: local, incus-local or https-lxd');
    process.exit(2);
  }
  env.LXDOPS_TEST_HOST = args[hostFlag + 1];
  args.splice(hostFlag, 2);
  console.log(`integration tests against ${env.LXDOPS_TEST_HOST}`);
}
const roots = args.length
  ? args
  : ['test/unit', 'test/cli', 'test/lsp', 'test/fuzz', 'test/integration', 'test/e2e'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
};
for (const r of roots) {
  if (statSync(r).isDirectory()) walk(r);
  else files.push(r);
}
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=1',
    '--test-timeout=300000',
    ...files,
  ],
  { stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
