import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Prepared } from './types';

/** What one instance's run deletes or overwrites, with the config's warnings: one item of the confirmation. */
export interface ConfirmationItem {
  instance: string;
  config: string;
  destructive: string[];
  /** What the run keeps and until when (a safe rebuild's old container and safety snapshots). */
  kept: string[];
  warnings: Diagnostic[];
}

/** The itemised summary the front end shows before running: per instance, what is lost. */
export function confirmationItems(prepared: Prepared): ConfirmationItem[] {
  return prepared.plans.map((p) => ({
    instance: p.plan.instance,
    config: p.plan.config,
    destructive: p.destructive.map((s) => s.description),
    kept: p.plan.keeps ?? [],
    warnings: p.warnings,
  }));
}

/**
 * True when some step deletes or overwrites data, or a container is replaced (a safe rebuild keeps
 * the old one, but the running one stops): the front end must ask (or be told --yes).
 */
export function needsConfirmation(prepared: Prepared): boolean {
  return prepared.plans.some((p) => p.destructive.length > 0 || (p.plan.keeps?.length ?? 0) > 0);
}
