// The guards of host steps at run time (issue 9, point 3): right before a guarded step, the
// executor looks at its paths again through HostRunner.inspect; a link made since the plan (the
// container may act in between) stops the step before its command. Recording doubles of the
// doors; the host double shows the entries the test gives.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PathEntry } from '../../../core/src/engine/doors';
import { execute, StepFailedError } from '../../../core/src/engine/executor';
import type { Plan, Step } from '../../../core/src/engine/plan';
import {
  chownStep,
  dirEntry,
  type JournalEntry,
  linkEntry,
  mkdirStep,
  RecordingHostDouble,
  RecordingLxdDouble,
} from './support';

const FS = '/z/demo/host/web1';
const planOf = (steps: Step[]): Plan => ({
  command: 'launch',
  config: '/ws/web1.yaml',
  instance: 'web1',
  container: 'web1',
  project: 'default',
  steps,
  notes: [],
});

function doors(entries: PathEntry[]) {
  const journal: JournalEntry[] = [];
  const host = new RecordingHostDouble(
    journal,
    undefined,
    new Set(),
    new Map(entries.map((e) => [e.path, e])),
  );
  return { journal, doors: { lxd: new RecordingLxdDouble(journal), host } };
}

const above = ['/z', '/z/demo', '/z/demo/host'].map((p) => dirEntry(p));

describe('execute: guards of host steps', () => {
  test('real directories: each guarded path is inspected, then its command runs', async () => {
    const { journal, doors: d } = doors([...above, dirEntry(FS), dirEntry(`${FS}/link`)]);
    await execute(planOf([mkdirStep(`${FS}/link/.ssh`, FS), chownStep('1:1', `${FS}/link/.ssh`, FS)]), d);
    assert.deepEqual(
      journal.map((e) =>
        e.door === 'host.run' ? e.command.argv.join(' ') : `${e.door} ${'path' in e ? e.path : ''}`,
      ),
      [
        `host.inspect ${FS}/link/.ssh`,
        `mkdir -p -- ${FS}/link/.ssh`,
        `host.inspect ${FS}/link/.ssh`,
        `chown -h 1:1 -- ${FS}/link/.ssh`,
      ],
    );
  });

  test('a link made after the plan: the step fails before its command, naming the link; later steps do not run', async () => {
    const { journal, doors: d } = doors([...above, dirEntry(FS), linkEntry(`${FS}/link`)]);
    const plan = planOf([mkdirStep(`${FS}/link/.ssh`, FS), chownStep('1:1', `${FS}/link/.ssh`, FS)]);
    await assert.rejects(execute(plan, d), (e: unknown) => {
      assert.ok(e instanceof StepFailedError, String(e));
      assert.equal(e.index, 0);
      assert.match(
        e.message,
        /step 1 of 2 failed \(create directory \/z\/demo\/host\/web1\/link\/\.ssh\): \/z\/demo\/host\/web1\/link is a symbolic link where a directory is expected .*; the command was not run/,
      );
      return true;
    });
    assert.deepEqual(
      journal.filter((e) => e.door === 'host.run'),
      [],
      'no command ran',
    );
  });

  test('a link above the filesystem root (the host layout) does not stop the step', async () => {
    const { journal, doors: d } = doors([dirEntry('/z'), linkEntry('/z/demo')]);
    await execute(planOf([chownStep('1:1', FS)]), d);
    assert.equal(journal.filter((e) => e.door === 'host.run').length, 1);
  });
});
