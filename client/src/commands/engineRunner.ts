import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ConfigWorkspace } from '../../../core/src/config/configWorkspace';
import { type CommandOptions, type EngineCommand, planCommand } from '../../../core/src/engine/engine';
import { execute, StepFailedError } from '../../../core/src/engine/executor';
import { destructiveSteps, formatPlan, type Plan } from '../../../core/src/engine/plan';
import { DiskFileSystem } from '../../../core/src/fs/diskFileSystem';
import { LocalHostRunner } from '../../../core/src/host/localHostRunner';
import type { LxdConnection } from '../host/lxdConnection';
import { configFor } from '../workspaceConfigs';

export interface CommandContext {
  lxd: LxdConnection;
  log: vscode.LogOutputChannel;
  refresh(): void;
}

function doors(ctx: CommandContext) {
  const api = ctx.lxd.api();
  if (!api) throw new Error(ctx.lxd.problem ?? 'LXD is not reachable');
  return { lxd: api, host: new LocalHostRunner() };
}

/** Plans a command for each config (read-only). */
export async function planAll(
  ctx: CommandContext,
  command: EngineCommand,
  files: string[],
  options: CommandOptions = {},
): Promise<Plan[]> {
  const d = doors(ctx);
  const ws = new ConfigWorkspace(new DiskFileSystem());
  const plans: Plan[] = [];
  for (const f of files) {
    const root = configFor(f);
    if (!root) throw new Error(`${basename(f)} cannot be read`);
    plans.push(await planCommand(command, root, ws, d, options));
  }
  return plans;
}

/**
 * Runs an engine command on configs: plan, a modal confirmation that lists exactly what will be
 * deleted or overwritten, then the steps with a cancellable progress notification and the log.
 */
export async function runEngine(
  ctx: CommandContext,
  command: EngineCommand,
  files: string[],
  options: CommandOptions = {},
): Promise<boolean> {
  if (!files.length) {
    void vscode.window.showWarningMessage(
      `lxdops ${command}: select an #lxdops config (or an instance that has one).`,
    );
    return false;
  }
  let plans: Plan[];
  try {
    plans = await planAll(ctx, command, files, options);
  } catch (e) {
    ctx.log.error(`${command}: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`lxdops ${command}: ${(e as Error).message}`);
    return false;
  }
  for (const p of plans) ctx.log.info(formatPlan(p).trimEnd());
  const destructive = plans.flatMap((p) =>
    destructiveSteps(p).map((s) => `• ${p.instance}: ${s.description}`),
  );
  if (destructive.length) {
    const answer = await vscode.window.showWarningMessage(
      `${command} ${plans.map((p) => p.instance).join(', ')}: this deletes or overwrites`,
      { modal: true, detail: destructive.join('\n') },
      'Proceed',
    );
    if (answer !== 'Proceed') return false;
  }
  const d = doors(ctx);
  const ok = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `lxdops ${command}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        for (const plan of plans) {
          await execute(plan, d, {
            signal: abort.signal,
            onEvent: (e) => {
              if (e.type === 'step') {
                progress.report({
                  message: `${plan.instance}: ${e.step.description} (${e.index + 1}/${e.total})`,
                  increment: 100 / (e.total * plans.length),
                });
                ctx.log.info(`${plan.instance}: [${e.index + 1}/${e.total}] ${e.step.description}`);
              } else if (e.type === 'output') ctx.log.info(e.text.trimEnd());
              else if (e.type === 'finished')
                ctx.log.info(`${plan.command} ${plan.instance}: done in ${(e.ms / 1000).toFixed(1)} s`);
            },
          });
        }
        return true;
      } catch (e) {
        const msg = e instanceof StepFailedError ? e.message : (e as Error).message;
        ctx.log.error(msg);
        void vscode.window.showErrorMessage(msg, 'Show Log').then((a) => a && ctx.log.show());
        return false;
      } finally {
        ctx.lxd.fire();
        ctx.refresh();
      }
    },
  );
  if (ok)
    void vscode.window.showInformationMessage(
      `lxdops ${command}: ${plans.map((p) => p.instance).join(', ')} done`,
    );
  return ok;
}
