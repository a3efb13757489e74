import * as vscode from 'vscode';
import type { WireHost } from '../../../core/src/protocol';
import type { ServerApi } from '../serverApi';
import type { DefaultHost } from './defaultHost';
import { hostItems, memberItems } from './hostItems';

/** The hosts the server finds, probed; a failure is shown and is no hosts. */
async function probed(
  server: ServerApi,
  log: vscode.LogOutputChannel,
  names?: string[],
): Promise<WireHost[]> {
  try {
    const result = await server.hosts(names ? { names } : {});
    for (const problem of result.problems) log.warn(`hosts: ${problem}`);
    return result.hosts;
  } catch (e) {
    void vscode.window.showErrorMessage(`lxdops: the hosts cannot be listed: ${(e as Error).message}`);
    return [];
  }
}

/** The status bar's click: a quick pick of the hosts (probed while it shows busy); the choice is remembered. */
export async function pickDefaultHost(
  server: ServerApi,
  defaultHost: DefaultHost,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const items = probed(server, log).then((hosts) => hostItems(hosts, defaultHost.name));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'lxdops: the default host (operations from the palette act on it)',
    placeHolder: `now: ${defaultHost.name}`,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  await defaultHost.choose(picked.host);
  log.info(`default host: ${picked.host}`);
  return picked.host;
}

/**
 * Launch on a host: on a cluster, the member that takes the instance (`target`); an offline member
 * is listed but picking it explains why not and asks again. `null`: the user cancelled;
 * `undefined`: no member to choose (not a cluster, or the host did not answer).
 */
export async function pickMember(
  server: ServerApi,
  log: vscode.LogOutputChannel,
  host: string,
): Promise<string | undefined | null> {
  const [status] = await probed(server, log, [host]);
  if (!status?.clustered) return undefined;
  const items = memberItems(status);
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, {
      title: `lxdops launch on ${host}: which member?`,
      placeHolder: `${host} is a cluster of ${items.length} members`,
    });
    if (!picked) return null;
    if (!picked.refusal) return picked.member;
    await vscode.window.showWarningMessage(picked.refusal, { modal: true });
  }
}

/** The Open Shell route of a host, asked of the server. */
export async function hostStatus(
  server: ServerApi,
  log: vscode.LogOutputChannel,
  host: string,
): Promise<WireHost | undefined> {
  return (await probed(server, log, [host]))[0];
}
