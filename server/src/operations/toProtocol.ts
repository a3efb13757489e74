import type { Diagnostic } from '../../../core/src/diagnostics/diagnostic';
import type { ProgressEvent } from '../../../core/src/engine/executor';
import { formatPlan } from '../../../core/src/engine/plan';
import type { Blocker, InstanceOutcome, Prepared } from '../../../core/src/operations/types';
import type {
  Blocker as WireBlocker,
  ConfigProblem,
  InstanceOutcome as WireOutcome,
  OperationEvent,
  PreparedInstance,
} from '../../../core/src/protocol';
import type { Positions } from '../positions';
import { pathToUri } from '../uris';

/** Core blockers (offsets) as the protocol sends them (URIs, 0-based lines). */
export function wireBlocker(positions: Positions, b: Blocker): WireBlocker {
  const file = b.origin?.file ?? b.file;
  const at = b.origin ? positions.range(b.origin.file, b.origin).start : undefined;
  return {
    stage: b.stage,
    code: b.code,
    message: b.message,
    ...(file ? { uri: pathToUri(file) } : {}),
    ...(at ? { line: at.line, character: at.character } : {}),
    ...(b.instance ? { instance: b.instance } : {}),
  };
}

function wireProblem(positions: Positions, d: Diagnostic): ConfigProblem {
  const at = positions.range(d.file, d.span).start;
  return {
    uri: pathToUri(d.file),
    line: at.line,
    character: at.character,
    severity: d.severity === 'error' ? 'error' : 'warning',
    code: d.code,
    message: d.message,
  };
}

/** Each prepared plan as the confirmation and the plan view show it. */
export function wireInstances(positions: Positions, prepared: Prepared): PreparedInstance[] {
  return prepared.plans.map((p) => ({
    uri: pathToUri(p.plan.config),
    instance: p.plan.instance,
    project: p.plan.project,
    planText: formatPlan(p.plan),
    steps: p.plan.steps.length,
    outline: p.plan.steps.map((s, index) => `${index + 1}. ${s.description}`),
    destructive: p.destructive.map((s) => s.description),
    kept: p.plan.keeps ?? [],
    notes: [...p.plan.notes, ...prepared.notes.filter((n) => n.startsWith(`${p.plan.instance}: `))],
    warnings: p.warnings.map((d) => wireProblem(positions, d)),
  }));
}

export function wireOutcome(o: InstanceOutcome): WireOutcome {
  return {
    instance: o.instance,
    uri: pathToUri(o.config),
    status: o.status,
    ...(o.message ? { message: o.message } : {}),
    ...(o.code ? { code: o.code } : {}),
    ...(o.seconds !== undefined ? { seconds: o.seconds } : {}),
  };
}

/** The executor's progress as an operation event; undefined for the ones the client does not need. */
export function wireEvent(id: string, instance: string, e: ProgressEvent): OperationEvent | undefined {
  switch (e.type) {
    case 'step':
      return { id, instance, type: 'step', index: e.index, total: e.total, text: e.step.description };
    case 'output':
      return { id, instance, type: 'output', index: e.index, text: e.text };
    case 'failed':
      return { id, instance, type: 'failed', index: e.index, text: e.message };
    case 'finished':
      return { id, instance, type: 'finished', text: `done in ${(e.ms / 1000).toFixed(1)} s` };
    default:
      return undefined;
  }
}
