import { Worker } from 'node:worker_threads';
import type { CheckJob, CheckReply } from './checkWorker';

/** How one check ended: in time and sane, with a failure, or not within the bound (the worker is killed). */
export interface Outcome {
  kind: 'ok' | 'crash' | 'hang';
  detail?: string;
  ms: number;
}

const ENTRY = new URL('./checkWorker.mjs', `file://${__dirname}/`);

/** One worker thread; replaced when a job overruns, since a synchronous hang can only be stopped so. */
class Slot {
  private worker!: Worker;
  private ready: Promise<void>;

  constructor(private readonly hangMs: number) {
    this.ready = this.start();
  }

  run(job: CheckJob): Promise<Outcome> {
    const next = this.ready.then(() => this.runNow(job));
    // after a hang the worker was replaced: the next job waits until the new one is warm
    this.ready = next.then((o) => (o.kind === 'ok' ? undefined : this.start()));
    return next;
  }

  /**
   * A new worker, warmed up by one untimed check: loading the sources and compiling the schemas
   * takes a second or more, which is not the check's time.
   */
  private start(): Promise<void> {
    void this.worker?.terminate();
    this.worker = new Worker(ENTRY);
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage({ id: -1, files: { '/ws/a.yaml': '#lxdops\nos: {name: alpine, image: x}\n' } });
    });
  }

  private runNow(job: CheckJob): Promise<Outcome> {
    const started = performance.now();
    return new Promise((resolve) => {
      const done = (o: Omit<Outcome, 'ms'>) => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        resolve({ ...o, ms: performance.now() - started });
      };
      const onMessage = (reply: CheckReply) => {
        if (reply.id !== job.id) return;
        done(reply.failure ? { kind: 'crash', detail: reply.failure } : { kind: 'ok' });
      };
      const onError = (e: Error) => done({ kind: 'crash', detail: e.stack ?? String(e) });
      const timer = setTimeout(
        () => done({ kind: 'hang', detail: `no result within ${this.hangMs} ms` }),
        this.hangMs,
      );
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage(job);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A pool of check workers, one job per worker at a time. */
export class CheckPool {
  private readonly slots: Slot[];
  private nextId = 0;
  private turn = 0;

  constructor(size: number, hangMs: number) {
    this.slots = Array.from({ length: size }, () => new Slot(hangMs));
  }

  get size(): number {
    return this.slots.length;
  }

  check(files: Record<string, string>): Promise<Outcome> {
    const slot = this.slots[this.turn++ % this.slots.length]!;
    return slot.run({ id: this.nextId++, files });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.close()));
  }
}
