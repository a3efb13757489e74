import type { Step } from '../plan';
import { CloudConfigError, type Ctx, exec } from './context';

/** A string item runs through `sh -c`, a list item as an argument vector; null items are skipped. */
export function runcmd(c: Ctx, list: unknown[]): Step[] {
  const out: Step[] = [];
  list.forEach((item, i) => {
    if (item === null || item === undefined) return;
    if (typeof item === 'string') out.push(exec(c, `run command ${i + 1}`, ['sh', '-c', item]));
    else if (Array.isArray(item)) {
      if (item.length === 0)
        throw new CloudConfigError(`${c.file}: runcmd item ${i + 1} is an empty command`);
      out.push(
        exec(
          c,
          `run command ${i + 1}`,
          item.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))),
        ),
      );
    } else throw new CloudConfigError(`${c.file}: runcmd item ${i + 1} is not a string or a list`);
  });
  return out;
}
