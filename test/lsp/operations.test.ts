// lxdops/prepare and lxdops/apply over the in-memory connection. No LXD is needed: the settings
// point at a socket that does not exist, so everything past the check reports `lxd-unreachable`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  APPLY_REQUEST,
  type ApplyResult,
  PREPARE_REQUEST,
  type PrepareParams,
  type PrepareResult,
} from '../../core/src/protocol';
import { positionOf, TestConnection } from './testConnection';

const CLEAN = '#lxdops\nos: {name: alpine, image: busybox}\nprofiles: [default]\n';
const MISSPELT = '#lxdops\nos: {name: alpine, image: busybox}\nprofilez: [default]\n';

/** Blockers reduced to what the tests compare: stage, code, file and 0-based position. */
const shape = (r: PrepareResult, t: TestConnection) =>
  r.blockers.map((b) => ({
    stage: b.stage,
    code: b.code,
    file: b.uri?.slice(t.uri('x').length - 1),
    line: b.line,
    character: b.character,
  }));

describe('LSP operations: prepare and apply', () => {
  let t: TestConnection;
  before(async () => {
    t = new TestConnection({
      'web.yaml': CLEAN,
      'bad.yaml': MISSPELT,
      'notes.yaml': 'just: yaml\n',
    });
    await t.start({ socket: '/nonexistent/lxd.sock' });
  });
  after(() => t.dispose());

  const prepare = (rel: string, command: PrepareParams['command'] = 'launch') =>
    t.request<PrepareResult>(PREPARE_REQUEST, { command, uris: [t.uri(rel)] });

  test('a config with an error returns the check blocker at the misspelt key, and no id', async () => {
    const r = await prepare('bad.yaml');
    assert.equal(r.id, undefined);
    assert.deepEqual(r.instances, []);
    assert.deepEqual(shape(r, t), [
      { stage: 'check', code: 'unknown-key', file: 'bad.yaml', ...positionOf(MISSPELT, 'profilez') },
    ]);
  });

  test('the unsaved buffer is what gets checked: an error typed into the open clean file blocks', async () => {
    await t.open('web.yaml', CLEAN);
    await t.change('web.yaml', MISSPELT);
    const r = await prepare('web.yaml');
    assert.deepEqual(shape(r, t), [
      { stage: 'check', code: 'unknown-key', file: 'web.yaml', ...positionOf(MISSPELT, 'profilez') },
    ]);
  });

  test('fixing the buffer (not the disk) lets the check pass: the next stage is pre-flight, which finds no LXD', async () => {
    await t.change('web.yaml', CLEAN);
    const r = await prepare('web.yaml');
    assert.equal(r.id, undefined);
    assert.deepEqual(
      r.blockers.map((b) => [b.stage, b.code, b.instance]),
      [['pre-flight', 'lxd-unreachable', 'web']],
    );
    assert.match(r.blockers[0]!.message, /no LXD socket found \(tried \/nonexistent\/lxd\.sock\)/);
  });

  test('a file that is not an #lxdops config is a load blocker naming the file', async () => {
    const r = await prepare('notes.yaml');
    assert.deepEqual(shape(r, t), [
      { stage: 'load', code: 'not-a-config', file: 'notes.yaml', line: undefined, character: undefined },
    ]);
  });

  test('apply of an id that was never prepared runs nothing and says to prepare again', async () => {
    const r = await t.request<ApplyResult>(APPLY_REQUEST, { id: 'op-nope' });
    assert.deepEqual(r.outcomes, []);
    assert.deepEqual(
      r.replanned?.blockers.map((b) => b.code),
      ['plan-refused'],
    );
    assert.match(r.replanned!.blockers[0]!.message, /no prepared operation op-nope/);
  });
});
