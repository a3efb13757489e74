import { isMap, LineCounter, parseDocument } from 'yaml';
import type { FileSystem } from '../fs/fileSystem';

/** Where the lxc client keeps config.yml, in upstream's order (reference lxd-api §3.4). */
export function lxcConfigDirs(env: Record<string, string | undefined>, home: string): string[] {
  const dirs: string[] = [];
  if (env.LXD_CONF) dirs.push(env.LXD_CONF);
  dirs.push(`${home}/snap/lxd/common/config`, `${home}/snap/lxd/current/.config/lxc`, `${home}/.config/lxc`);
  return dirs;
}

/** The current project of the lxc client, and why config.yml could not tell it when it could not. */
export interface LxcProject {
  /** `remotes.local.project`, when config.yml sets it. */
  project?: string;
  /** The config.yml that was read (the first that exists). */
  file?: string;
  /** config.yml exists but cannot be used: the project is then taken as `default`. */
  problem?: string;
}

/**
 * The current project of the lxc client (`remotes.local.project` of the first config.yml that
 * exists). An unreadable or unparsable config.yml is not skipped silently: its problem is returned
 * for the front end to show (the CLI prints a warning, the server logs it).
 */
export function currentLxcProject(fs: FileSystem, dirs: readonly string[]): LxcProject {
  for (const dir of dirs) {
    const file = `${dir}/config.yml`;
    const read = fs.read(file);
    if (!read.ok && read.reason === 'not-found') continue;
    if (!read.ok) return { file, problem: useDefault(file, `cannot be read (${read.message})`) };
    return { file, ...projectOf(file, read.text) };
  }
  return {};
}

function projectOf(file: string, text: string): { project?: string; problem?: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    return { problem: useDefault(file, `is not valid YAML (line ${line}): ${error.message.split('\n')[0]}`) };
  }
  if (doc.contents !== null && !isMap(doc.contents))
    return { problem: useDefault(file, 'is not a mapping of settings') };
  const project: unknown = doc.getIn(['remotes', 'local', 'project']);
  if (project === undefined || project === null || project === '') return {};
  if (typeof project === 'string' || typeof project === 'number') return { project: String(project) };
  return { problem: useDefault(file, 'has a remotes.local.project that is not a name') };
}

const useDefault = (file: string, what: string) =>
  `${file} ${what}: the current LXD project is taken as "default" (fix the file, or use --project / lxdops.project)`;
