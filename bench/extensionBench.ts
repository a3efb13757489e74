import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { fmt, median } from './stats';

/** The production bundle of the extension, built as esbuild.mjs --production builds it, into `workDir`. */
async function buildProduction(workDir: string): Promise<string> {
  const outfile = join(workDir, 'extension.js');
  await esbuild.build({
    entryPoints: ['client/src/extension.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

function activateOnce(bundle: string): { requireMs: number; activateMs: number } {
  const out = execFileSync(process.execPath, [join(__dirname, 'activateProbe.cjs'), bundle], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { requireMs: number; activateMs: number };
}

/**
 * The extension's bundle size (dist/extension.js, production build) and its activation time:
 * `require` of the bundle plus the synchronous part of `activate` (views, commands, providers),
 * each in a fresh node process with a stand-in `vscode` module; the language server's start,
 * a separate process, is not included.
 */
export async function benchExtension(
  workDir: string,
  rounds = 9,
): Promise<{ bytes: number; activateMs: number }> {
  const bundle = await buildProduction(workDir);
  const bytes = statSync(bundle).size;
  const gzip = gzipSync(readFileSync(bundle)).length;
  const runs = Array.from({ length: rounds }, () => activateOnce(bundle));
  const requireMs = median(runs.map((r) => r.requireMs));
  const activateMs = median(runs.map((r) => r.activateMs));
  console.log('extension: dist/extension.js (production build)');
  console.log(
    `  bundle size                ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes; gzip ${(gzip / 1024).toFixed(0)} KiB)`,
  );
  console.log(`  require of the bundle      ${fmt(requireMs)}  (median of ${rounds}, fresh process each)`);
  console.log(
    `  activate (synchronous)     ${fmt(activateMs)}  (views, commands, providers; server start excluded)`,
  );
  console.log(`  require + activate         ${fmt(requireMs + activateMs)}`);
  return { bytes, activateMs: requireMs + activateMs };
}
