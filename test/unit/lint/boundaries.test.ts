// The import boundaries of eslint.config.mjs hold: each forbidden import is reported in the place the
// architecture forbids it, and allowed where it is the door's job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const rows: { file: string; code: string; forbidden: boolean }[] = [
  {
    file: 'core/src/config/x.ts',
    code: "import * as vscode from 'vscode';\nvoid vscode;\n",
    forbidden: true,
  },
  { file: 'core/src/engine/x.ts', code: "import { execa } from 'execa';\nvoid execa;\n", forbidden: true },
  {
    file: 'core/src/engine/x.ts',
    code: "import { request } from 'undici';\nvoid request;\n",
    forbidden: true,
  },
  {
    file: 'core/src/check/x.ts',
    code: "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n",
    forbidden: true,
  },
  {
    file: 'core/src/language/x.ts',
    code: "import { createConnection } from 'vscode-languageserver/node';\nvoid createConnection;\n",
    forbidden: true,
  },
  {
    file: 'core/src/config/x.ts',
    code: "import { a } from '../../../server/src/a';\nvoid a;\n",
    forbidden: true,
  },
  { file: 'server/src/x.ts', code: "import { a } from '../../client/src/a';\nvoid a;\n", forbidden: true },
  { file: 'client/src/x.ts', code: "import { a } from '../../server/src/a';\nvoid a;\n", forbidden: true },
  { file: 'server/src/x.ts', code: "import * as vscode from 'vscode';\nvoid vscode;\n", forbidden: true },
  {
    file: 'client/src/x.ts',
    code: "import { createConnection } from 'vscode-languageserver/node';\nvoid createConnection;\n",
    forbidden: true,
  },
  { file: 'core/src/host/x.ts', code: "import { execa } from 'execa';\nvoid execa;\n", forbidden: false },
  { file: 'core/src/lxd/x.ts', code: "import { request } from 'undici';\nvoid request;\n", forbidden: false },
  {
    file: 'core/src/fs/diskFileSystem.ts',
    code: "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n",
    forbidden: false,
  },
  { file: 'core/src/lxd/x.ts', code: "import * as vscode from 'vscode';\nvoid vscode;\n", forbidden: true },
];

for (const row of rows) {
  test(`${row.file}: ${row.code.split('\n')[0]} is ${row.forbidden ? 'forbidden' : 'allowed'}`, async () => {
    const ids = await ruleIds(row.code, row.file);
    assert.equal(ids.includes('no-restricted-imports'), row.forbidden, ids.join(', '));
  });
}
