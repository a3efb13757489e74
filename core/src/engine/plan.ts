import type { LxdRequest } from '../lxd/lxdClient';
import type { PathGuard } from './hostPaths';
import type { HealthCheck } from './healthCheck';
import { formatConditions, type StepCondition } from './stepConditions';

export type { StepCondition };

/** A command on the LXD host: an argument vector, never a shell string. */
export interface HostCommand {
  argv: string[];
  /** Run through `sudo -n` (when the runner is not root). */
  sudo: boolean;
  /** Retry a few times when ZFS answers "dataset is busy". */
  retryBusy?: boolean;
  /** A check: repeat (every 100 ms, this many times) until it succeeds. */
  until?: number;
}

interface StepBase {
  /** What the step does, for the plan listing and progress (never secrets). */
  description: string;
  /** Deletes or overwrites data: listed in the confirmation. */
  destructive: boolean;
  /**
   * Run only when every condition holds right before the step (else it is skipped): the steps of
   * a revert, which must fit whatever point the rebuild reached (stepConditions.ts).
   */
  when?: StepCondition[];
  /**
   * What runs instead when this step fails (under its own conditions): a graceful stop falls
   * back to a forced one, since a container that ignores or loses the shutdown signal must not
   * fail (and revert) a rebuild.
   */
  fallback?: Step;
}

/** One step of a plan: data that the executor runs and `--dry-run` prints. */
export type Step =
  | (StepBase & {
      kind: 'host';
      command: HostCommand;
      /**
       * Paths in instance data the command creates, chowns or copies: right before it runs, each
       * is looked at again without following links (a container may have acted since the plan),
       * and a link or file where a directory is expected stops the step.
       */
      guards?: PathGuard[];
    })
  | (StepBase & {
      kind: 'lxd';
      request: LxdRequest;
      /** HTTP statuses that count as done (404 on a delete) */ accept?: number[];
    })
  | (StepBase & {
      kind: 'exec';
      instance: string;
      project: string;
      command: string[];
      /** the command line holds a secret: show only the description */ secret?: boolean;
    })
  | (StepBase & {
      kind: 'push-file';
      instance: string;
      project: string;
      path: string;
      content: string;
      mode: number;
      append: boolean;
      secret?: boolean;
    })
  | (StepBase & {
      kind: 'wait';
      instance: string;
      project: string;
      until: 'running' | 'ipv4';
      timeoutSeconds: number;
    })
  | (StepBase & { kind: 'sleep'; seconds: number })
  | (StepBase & HealthCheck & { kind: 'health' });

export interface Plan {
  command: string;
  config: string;
  instance: string;
  container: string;
  project: string;
  steps: Step[];
  /** Facts the user should know (an existing instance reused, a template dir missing, ...). */
  notes: string[];
  /**
   * Safe rebuild: when a step at index `from` or later fails, the executor runs these steps (each
   * under its conditions) to bring the old container back, and the outcome is `reverted`.
   */
  revert?: {
    from: number;
    /** The last step a failure of which reverts (later ones, after the rebuild passed, do not). */
    until: number;
    steps: Step[];
  };
  /** What the plan keeps and until when (the old container, safety snapshots): said in the confirmation. */
  keeps?: string[];
}

/** What a plan names of its instance (an InstanceSpec has it). */
export type PlanTarget = Pick<Plan, 'config' | 'instance' | 'container' | 'project'>;

/** The plan of `command` on `target`: its steps and notes. */
export function planOf(command: string, target: PlanTarget, steps: Step[], notes: string[]): Plan {
  const { config, instance, container, project } = target;
  return { command, config, instance, container, project, steps, notes };
}

/** The data a destructive plan deletes, for the confirmation. */
export function destructiveSteps(plan: Plan): Step[] {
  return plan.steps.filter((s) => s.destructive);
}

/** Shell-style rendering of an argument vector, for display only (nothing runs it). */
export function displayArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** One line per step, as `--dry-run` prints it. */
export function formatStep(step: Step): string {
  const mark = step.destructive ? '!' : ' ';
  switch (step.kind) {
    case 'host':
      return `${mark} ${step.description}\n      $ ${step.command.sudo ? 'sudo -n ' : ''}${displayArgv(step.command.argv)}${formatGuards(step.guards)}`;
    case 'lxd': {
      const body = step.request.body === undefined ? '' : ` ${JSON.stringify(step.request.body)}`;
      const project =
        step.request.project && step.request.project !== 'default'
          ? ` (project ${step.request.project})`
          : '';
      return `${mark} ${step.description}\n      ${step.request.method} ${step.request.path}${project}${body.length > 400 ? `${body.slice(0, 400)}…` : body}`;
    }
    case 'exec':
      return `${mark} ${step.description}${step.secret ? '' : `\n      exec in ${step.instance}: ${displayArgv(step.command)}`}`;
    case 'push-file':
      return `${mark} ${step.description}\n      write ${step.instance}:${step.path} (mode ${step.mode.toString(8).padStart(4, '0')}${step.append ? ', append' : ''})`;
    case 'wait':
      return `${mark} ${step.description}`;
    case 'sleep':
      return `${mark} ${step.description}`;
    case 'health':
      return `${mark} ${step.description}${step.command === undefined ? '' : `\n      exec in ${step.instance}: sh -c ${displayArgv([step.command])}`}`;
  }
}

/** A step with its conditions, as the listing shows it. */
function formatStepWhen(step: Step): string {
  const when = step.when?.length ? `\n      (only if ${formatConditions(step.when)})` : '';
  const fallback = step.fallback ? `\n      (if it fails: ${step.fallback.description})` : '';
  return `${formatStep(step)}${when}${fallback}`;
}

const numbered = (list: readonly Step[], indent: string) =>
  list.map((s, i) => `${indent}${String(i + 1).padStart(2)}.${formatStepWhen(s)}`).join('\n');

/** The guards of a host step, for the listing: the paths checked for links first. */
function formatGuards(guards: readonly PathGuard[] | undefined): string {
  if (!guards?.length) return '';
  const shown = guards.map((g) => (g.root === g.path ? g.path : `${g.root} … ${g.path}`));
  return `\n      (first checked: no link in ${shown.join(', ')})`;
}

export function formatPlan(plan: Plan): string {
  const head = `${plan.command} ${plan.instance} (container ${plan.container}, project ${plan.project}): ${plan.steps.length} steps`;
  const notes = plan.notes.map((n) => `  note: ${n}\n`).join('');
  const keeps = (plan.keeps ?? []).map((k) => `  keeps: ${k}\n`).join('');
  const revert = plan.revert
    ? `\n  on a failure of steps ${plan.revert.from + 1}-${plan.revert.until + 1}, revert (${plan.revert.steps.length} steps):\n${numbered(plan.revert.steps, '    ')}`
    : '';
  return `${head}\n${notes}${keeps}${numbered(plan.steps, '  ')}${revert}\n`;
}
