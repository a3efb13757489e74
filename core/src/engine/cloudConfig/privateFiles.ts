import type { Step } from '../plan';
import { type Ctx, exec } from './context';

/**
 * Secrets (keys, password lines, file contents) never travel in an exec command line or its
 * environment: LXD broadcasts every exec's argv in its `instance-exec` lifecycle events to every
 * event listener. They are pushed through the files API (whose events name only the path) into
 * this directory, which only root can read (0700 in root's 0755 /run), and the command reads them
 * from there.
 */
export const PRIVATE_DIR = '/run/lxdops';

/** Makes the private directory afresh: whatever an interrupted run left there is removed first. */
export function openPrivateDir(c: Ctx): Step {
  return exec(c, 'make a private directory for secrets', [
    'sh',
    '-c',
    `rm -rf -- ${PRIVATE_DIR} && mkdir -p -- /run && mkdir -m 0700 -- ${PRIVATE_DIR}`,
  ]);
}

export function closePrivateDir(c: Ctx): Step {
  return exec(c, 'remove the private directory for secrets', ['rm', '-rf', '--', PRIVATE_DIR]);
}

/** Whether a step reads or writes the private directory. */
export function usesPrivateDir(step: Step): boolean {
  const inDir = (p: string) => p.startsWith(`${PRIVATE_DIR}/`);
  if (step.kind === 'push-file') return inDir(step.path);
  return step.kind === 'exec' && step.command.some(inDir);
}

/**
 * Two steps: push `content` to a new private file (mode 0600), then run `script` with `sh -c`,
 * the file as $1 and `args` as $2…; the file is removed when the script ends, whatever its status.
 * The script holds no value: every operand comes as an argument.
 */
export function withPrivateFile(
  c: Ctx,
  input: { what: string; content: string },
  run: { description: string; script: string[]; args: string[] },
): Step[] {
  const path = c.nextPrivateFile();
  return [
    {
      kind: 'push-file',
      description: `hand over ${input.what} (private file)`,
      destructive: false,
      instance: c.instance,
      project: c.project,
      path,
      content: input.content,
      mode: 0o600,
      append: false,
      secret: true,
    },
    exec(c, run.description, [
      'sh',
      '-c',
      [`trap 'rm -f -- "$1"' EXIT`, 'set -e', ...run.script].join('\n'),
      'sh',
      path,
      ...run.args,
    ]),
  ];
}

/** `steps` with the private directory made before its first use and removed after its last. */
export function aroundPrivateUse(c: Ctx, steps: Step[]): Step[] {
  const first = steps.findIndex(usesPrivateDir);
  if (first === -1) return steps;
  let last = steps.length - 1;
  while (!usesPrivateDir(steps[last]!)) last--;
  return [
    ...steps.slice(0, first),
    openPrivateDir(c),
    ...steps.slice(first, last + 1),
    closePrivateDir(c),
    ...steps.slice(last + 1),
  ];
}
