// Real VS Code in a real browser for end-to-end tests: code-server 4.100.3 (VS Code 1.100.3) from
// .cache/code-server (scripts/install-code-server.sh) with the packaged lxdops.vsix (npm run package)
// installed into a fresh extensions folder, driven through Debian's Chromium by playwright-core.
// Every wait is on a real signal (a line printed by code-server, a selector, a process exit); every
// start is undone by close(), also when the start itself fails half-way.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const REPO = resolve(__dirname, '../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER = join(REPO, '.cache/code-server/node_modules/.bin/code-server');
export const CHROMIUM = '/usr/bin/chromium';
export const VSIX = join(REPO, 'lxdops.vsix');
export const RESULTS = join(REPO, 'test-results/e2e');

/** What the tests turn off so that nothing but the workspace shows up: trust dialog, welcome page, tips. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  // only the extension's completions, not words picked up from open files
  'editor.wordBasedSuggestions': 'off',
};

export interface CodeServerOptions {
  /** Absolute folder opened as the workspace. */
  workspace: string;
  /** Prefix of screenshots and logs in test-results/e2e. */
  name: string;
  /** Merged over DEFAULT_SETTINGS into the user settings. */
  settings?: Record<string, unknown>;
  vsix?: string;
  /** Milliseconds for each startup step (code-server listening, workbench shown). */
  timeout?: number;
}

export interface CodeServerSession {
  readonly url: string;
  readonly port: number;
  readonly page: Page;
  readonly browser: Browser;
  /** Everything code-server printed so far (install and run). */
  output(): string;
  /** Saves test-results/e2e/<name>-<step>.png and returns its path. */
  screenshot(step: string): Promise<string>;
  /**
   * Replaces the settings of the machine the extension runs on (code-server's remote settings,
   * where `"scope": "machine"` settings such as lxdops.socket live), as a user editing them does.
   */
  setMachineSettings(settings: Record<string, unknown>): void;
  /** Closes the browser, stops code-server and its children, removes the temporary folders. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The session of one e2e file, once its first test started it, and `step`, which runs a test's
 * body and saves a screenshot of the screen as it was when the body failed (`<prefix><name>-FAILED`).
 */
export function sessionSteps(started: () => CodeServerSession | undefined, prefix = '') {
  const session = (): CodeServerSession => {
    const vs = started();
    if (!vs) throw new Error('code-server did not start (see the first test)');
    return vs;
  };
  const step = async (name: string, body: (s: CodeServerSession) => Promise<void>) => {
    const s = session();
    try {
      await body(s);
    } catch (e) {
      await s.screenshot(`${prefix}${name}-FAILED`).catch(() => undefined);
      throw e;
    }
  };
  return { session, step };
}

/** Fails with what to run when a part of the stack is missing, instead of a confusing timeout later. */
export function checkPrerequisites(vsix = VSIX): void {
  const missing: string[] = [];
  if (!existsSync(CODE_SERVER))
    missing.push(`code-server ${CODE_SERVER_VERSION} (${CODE_SERVER}): run scripts/install-code-server.sh`);
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}): run scripts/install-code-server.sh`);
  if (!existsSync(vsix)) missing.push(`the packaged extension (${vsix}): run npm run package`);
  if (missing.length) throw new Error(`The end-to-end tests need:\n  ${missing.join('\n  ')}`);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Resolves when `child` exits (with its code), rejects on spawn errors. */
function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((res, rej) => {
    if (child.exitCode !== null || child.signalCode !== null) return res(child.exitCode);
    child.once('exit', (code) => res(code));
    child.once('error', rej);
  });
}

/** Resolves when code-server's combined output matches `pattern`; rejects if it exits or `ms` pass first. */
function waitForOutput(
  child: ChildProcess,
  log: () => string,
  pattern: RegExp,
  ms: number,
  what: string,
): Promise<RegExpMatchArray> {
  return new Promise((res, rej) => {
    const check = () => {
      const m = log().match(pattern);
      if (m) {
        done();
        res(m);
      }
    };
    const onExit = (code: number | null) => {
      done();
      rej(new Error(`code-server exited (${code}) before ${what}:\n${log()}`));
    };
    const timer = setTimeout(() => {
      done();
      rej(new Error(`no ${what} from code-server within ${ms} ms:\n${log()}`));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Runs code-server to completion (e.g. --install-extension), with its own process group. */
async function runCodeServer(args: string[], append: (s: string) => void, ms: number): Promise<void> {
  const child = spawn(CODE_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (d: Buffer) => append(d.toString()));
  child.stderr.on('data', (d: Buffer) => append(d.toString()));
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), ms);
  const code = await exited(child).finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`code-server ${args.join(' ')} exited with ${code}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // code-server, its server process, extension hosts, our language server
  } catch {
    // already gone
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServerSession> {
  const vsix = options.vsix ?? VSIX;
  checkPrerequisites(vsix);
  const timeout = options.timeout ?? 60_000;
  mkdirSync(RESULTS, { recursive: true });

  const tmp = mkdtempSync(join(tmpdir(), 'lxdops-e2e-'));
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  const setUserSettings = (settings: Record<string, unknown>) =>
    writeFileSync(
      join(userData, 'User/settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2),
    );
  setUserSettings(options.settings ?? {});
  const setMachineSettings = (settings: Record<string, unknown>) => {
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine/settings.json'), JSON.stringify(settings, null, 2));
  };

  let text = '';
  const logFile: WriteStream = createWriteStream(join(RESULTS, `${options.name}-code-server.log`));
  const append = (s: string) => {
    text += s;
    logFile.write(s);
  };
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let closed = false;
  const killOnExit = () => server && killGroup(server, 'SIGKILL');
  process.once('exit', killOnExit);

  const close = async () => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => undefined);
    if (server) {
      const gone = exited(server).catch(() => null);
      killGroup(server, 'SIGTERM');
      const timer = setTimeout(() => server && killGroup(server, 'SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
      killGroup(server, 'SIGKILL'); // children that outlived their parent
    }
    process.off('exit', killOnExit);
    // keep the VS Code logs (extension host, language server output) next to the screenshots
    const logs = join(userData, 'logs');
    if (existsSync(logs)) cpSync(logs, join(RESULTS, `${options.name}-vscode-logs`), { recursive: true });
    await new Promise<void>((res) => logFile.end(res));
    rmSync(tmp, { recursive: true, force: true });
  };

  try {
    append(`$ code-server --install-extension ${vsix}\n`);
    await runCodeServer(
      ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix],
      append,
      timeout,
    );
    if (!/was successfully installed/.test(text)) throw new Error(`installing ${vsix} failed:\n${text}`);

    const port = await freePort();
    const args = [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      options.workspace,
    ];
    append(`$ code-server ${args.join(' ')}\n`);
    server = spawn(CODE_SERVER, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, BROWSER: 'none' },
    });
    server.stdout?.on('data', (d: Buffer) => append(d.toString()));
    server.stderr?.on('data', (d: Buffer) => append(d.toString()));
    await waitForOutput(
      server,
      () => text,
      /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/,
      timeout,
      'HTTP server listening',
    );

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--no-default-browser-check',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => append(`[page error] ${e.message}\n`));
    page.on('console', (m) => {
      if (m.type() === 'error') append(`[console] ${m.text()}\n`);
    });
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });

    const b = browser;
    return {
      url,
      port,
      page,
      browser: b,
      output: () => text,
      async screenshot(step: string) {
        const file = join(RESULTS, `${options.name}-${step}.png`);
        await page.screenshot({ path: file, animations: 'disabled' }); // fade-ins finished, not half drawn
        return file;
      },
      setMachineSettings,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
