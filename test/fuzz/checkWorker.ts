// Runs `checkFiles` (in-process core, in-memory files) for the fuzzer, one job at a time.
import { parentPort } from 'node:worker_threads';
import { CODES } from '../../core/src/diagnostics/codes';
import { check } from '../helpers';

export interface CheckJob {
  id: number;
  files: Record<string, string>;
}

export interface CheckReply {
  id: number;
  /** A thrown error's stack, or a broken promise about the result (unknown code, span outside). */
  failure?: string;
}

/** What every result must satisfy: registered codes, spans inside the file they name. */
function brokenPromise(files: Record<string, string>, result: ReturnType<typeof check>): string | undefined {
  for (const d of result.diagnostics) {
    if (!(d.code in CODES)) return `unregistered code ${d.code}`;
    const text = files[d.file];
    if (text === undefined) {
      if (d.code === 'file-unreadable') continue;
      return `${d.code} for a file outside the workspace: ${d.file}`;
    }
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length))
      return `${d.code} span ${JSON.stringify(d.span)} outside 0..${text.length} of ${d.file}`;
  }
  return undefined;
}

parentPort!.on('message', (job: CheckJob) => {
  let reply: CheckReply;
  try {
    const failure = brokenPromise(job.files, check(job.files));
    reply = failure ? { id: job.id, failure } : { id: job.id };
  } catch (e) {
    reply = { id: job.id, failure: (e as Error).stack ?? String(e) };
  }
  parentPort!.postMessage(reply);
});
