/**
 * Runs the built CLI under `strace -f -e trace=execve`: besides its exit status and output, the
 * argv of every program it (or any child) started. "No zfs ran" and "no rm ran" are then facts of
 * the kernel, not of the CLI's own account.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CLI, ROOT, run, type RunResult } from '../integration/stack';

export interface TracedRun extends RunResult {
  /** Every successful execve after the CLI's own: the argv as the kernel saw it. */
  execs: string[][];
}

/** strace prints a string as C source: `"a\"b"`, with `\n`, `\t`, `\\` and octal escapes. */
function unquote(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/** The argv of each `execve(...) = 0` line of a trace. */
export function execsOf(trace: string): string[][] {
  const out: string[][] = [];
  for (const line of trace.split('\n')) {
    const m = /execve\("(?:[^"\\]|\\.)*", \[(.*)\], .*\) = 0$/.exec(line);
    if (!m) continue;
    out.push([...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => unquote(a[1]!)));
  }
  return out;
}

/** `lxdops ARGS` in `cwd`, traced; as stack.ts's lxdops(), without a global properties file. */
export async function tracedLxdops(args: readonly string[], o: { cwd: string }): Promise<TracedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'adv-trace-'));
  const file = join(dir, 'trace');
  try {
    const r = await run(
      'strace',
      [
        '-f',
        '-qq',
        '-v',
        '-s',
        '4096',
        '-e',
        'trace=execve',
        '-o',
        file,
        '--',
        process.execPath,
        CLI,
        ...args,
      ],
      { cwd: o.cwd, env: { XDG_CONFIG_HOME: join(ROOT, 'test/fixtures/no-config-home') } },
    );
    const execs = execsOf(readFileSync(file, 'utf8'));
    if (execs[0]?.[1] !== CLI)
      throw new Error(`the trace does not start with the CLI: ${JSON.stringify(execs[0])}`);
    return { ...r, execs: execs.slice(1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The programs a traced run started, by base name (`zfs`, `rm`, `mountpoint`). */
export const programsOf = (t: TracedRun) => t.execs.map((argv) => basename(argv[0]!));

/** Programs that change the host: none of them may run when an operation is refused. */
export const WRITERS = ['rm', 'rmdir', 'chown', 'chmod', 'mkdir', 'rsync', 'mv', 'cp', 'sudo'];

/** The zfs and zpool subcommands that only read. */
const ZFS_READS = new Set(['list', 'get']);

/** The traced commands that could have changed something: writers, and zfs other than list/get. */
export function writesOf(t: TracedRun): string[][] {
  return t.execs.filter((argv) => {
    const program = basename(argv[0]!);
    if (WRITERS.includes(program)) return true;
    return (program === 'zfs' || program === 'zpool') && !ZFS_READS.has(argv[1] ?? '');
  });
}
