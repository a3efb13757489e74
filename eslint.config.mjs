// Lint: typescript-eslint's recommended rules plus the architecture's import boundaries (design.md):
// the core is pure; only its doors (lxd/, host/, the disk file system) touch the network, processes and
// the disk; server/ and client/ are adapters that never import each other.
// test/unit/lint/boundaries.test.ts holds every boundary below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const world = [
  'undici',
  'execa',
  'node:child_process',
  'child_process',
  'node:net',
  'node:http',
  'node:https',
];
const disk = ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'];
const terminal = ['node:readline', 'node:readline/promises'];
const editor = ['vscode', 'vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'];

const banned = (names, message) => names.map((name) => ({ name, message }));
const noEditor = { group: editor, message: 'the core imports neither vscode nor the LSP libraries' };
const noAdapters = {
  group: ['**/server/src/**', '**/client/src/**'],
  message: 'the core never imports the adapters',
};
const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder']
    .concat(['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask'])
    .concat(['performance', 'structuredClone', 'fetch'])
    .map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test/fixtures/**',
      'bench/.work/**',
      '.cache/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // The pure core: no editor, no network, no processes, no disk, no terminal.
    files: ['core/src/**/*.ts'],
    ignores: [
      'core/src/lxd/**',
      'core/src/host/**',
      'core/src/fs/diskFileSystem.ts',
      'core/src/fs/scanPaths.ts',
      'core/src/cli/**',
    ],
    rules: restrict(
      [
        ...banned(world, 'only core/src/lxd and core/src/host touch the network and processes'),
        ...banned(disk, 'only core/src/fs/diskFileSystem.ts reads the disk: take a FileSystem'),
        ...banned(terminal, 'terminal I/O belongs to core/src/cli'),
      ],
      [noEditor, noAdapters],
    ),
  },
  {
    // The core's doors and the CLI may touch the world, but are still no editor.
    files: ['core/src/lxd/**/*.ts', 'core/src/host/**/*.ts', 'core/src/fs/**/*.ts', 'core/src/cli/**/*.ts'],
    rules: restrict([], [noEditor, noAdapters]),
  },
  {
    files: ['server/src/**/*.ts'],
    rules: restrict(banned(['vscode'], 'the server is not the extension'), [
      { group: ['vscode-languageclient*'], message: 'the server is not the extension' },
      { group: ['**/client/src/**'], message: 'server and client never import each other' },
    ]),
  },
  {
    files: ['client/src/**/*.ts'],
    rules: restrict(
      [],
      [
        {
          group: ['vscode-languageserver', 'vscode-languageserver/*'],
          message: 'the client is not the server',
        },
        { group: ['**/server/src/**'], message: 'server and client never import each other' },
      ],
    ),
  },
);
