import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inOrder } from '../../../core/src/operations/inOrder';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrder: a few at a time, results in the order of the items', () => {
  test('the results follow the items, not which finished first; never more than width at once', async () => {
    let running = 0;
    let most = 0;
    const out = await inOrder([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      most = Math.max(most, ++running);
      await sleep(ms);
      running--;
      return `done ${ms}`;
    });
    assert.deepEqual(out, ['done 30', 'done 5', 'done 20', 'done 1', 'done 10', 'done 2']);
    assert.equal(most, 3);
  });

  test('one at a time with width 1 (and with 0); no items: no call', async () => {
    const order: number[] = [];
    await inOrder([3, 1, 2], 0, async (n) => {
      order.push(n);
      await sleep(n);
    });
    assert.deepEqual(order, [3, 1, 2]);
    assert.deepEqual(await inOrder([], 4, () => Promise.reject(new Error('never'))), []);
  });

  test('a failure is the result: the first error rejects', async () => {
    await assert.rejects(
      inOrder([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two failed');
        return n;
      }),
      /two failed/,
    );
  });
});
