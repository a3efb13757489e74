import { watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { lxopsConfigDir } from '../../core/src/config/globalProperties';

/**
 * Watches lxops' global properties (`~/.config/lxops/properties.yaml` and `properties.d/`), which
 * `#lxops-v1` configs read, and calls back on any change there. A folder that does not exist is
 * not watched (as for the lxdops properties file).
 */
export class LxopsPropertiesWatch {
  private readonly watchers = new Map<string, FSWatcher>();
  readonly dir = lxopsConfigDir(process.env, homedir());

  constructor(private readonly changed: () => void) {}

  /** Watches each folder not watched yet (properties.d may appear after the first call). */
  start(): void {
    for (const [dir, relevant] of [
      [this.dir, (name: string) => name === 'properties.yaml' || name === 'properties.d'],
      [`${this.dir}/properties.d`, (name: string) => name.endsWith('.yaml')],
    ] as const) {
      if (this.watchers.has(dir)) continue;
      try {
        this.watchers.set(
          dir,
          watch(dir, (_e, name) => name && relevant(String(name)) && this.changed()),
        );
      } catch {
        // the folder does not exist yet: nothing to watch
      }
    }
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
