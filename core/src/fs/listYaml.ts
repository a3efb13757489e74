import { readdirSync } from 'node:fs';

/** The names of the `.yaml` files in a folder on disk; [] when it does not exist or cannot be read. */
export function listYamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
      .map((e) => e.name);
  } catch {
    return [];
  }
}
