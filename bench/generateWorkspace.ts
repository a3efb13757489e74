import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a fleet workspace: `roots` configs, each including one of 20 app fragments, which include
 * two of 5 device fragments, which include the base fragment (three levels), plus cloud-config files.
 * Returns every file path with its text.
 */
export function generateWorkspace(dir: string, roots: number): Map<string, string> {
  rmSync(dir, { recursive: true, force: true });
  const files = new Map<string, string>();
  const put = (rel: string, text: string) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    files.set(p, text);
  };
  put(
    'fragments/base.yaml',
    '#lxdops\nos:\n  name: alpine\nproperties:\n  fsroot: z/bench\n  owner: "100000:100000"\nprofile-pattern: (instance).lxdops\ndevice-owner: (owner)\nprofiles:\n  - default\n',
  );
  for (let d = 0; d < 5; d++) {
    put(
      `fragments/devices-${d}.yaml`,
      `#lxdops\ninclude:\n  - base.yaml\nfilesystems:\n  fs${d}:\n    pattern: (fsroot)/fs${d}/(instance)\n    destroy: true\n    zfsproperties:\n      compression: lz4\ndevices:\n` +
        [0, 1, 2]
          .map(
            (i) => `  d${d}-${i}:\n    path: /srv/d${d}/${i}\n    filesystem: fs${d}\n    dir: data-${i}\n`,
          )
          .join(''),
    );
  }
  for (let c = 0; c < 20; c++) {
    put(
      `cloud-config/app-${c}.cfg`,
      `#cloud-config\npackages:\n  - nginx\n  - curl\nwrite_files:\n  - path: /etc/app${c}.conf\n    permissions: '0644'\n    content: |\n      listen ${8000 + c};\nusers:\n  - name: app${c}\n    groups: wheel,adm\n    sudo: true\nruncmd:\n  - [rc-update, add, nginx]\n  - echo ready > /var/log/app${c}\n`,
    );
  }
  for (let a = 0; a < 20; a++) {
    put(
      `apps/app-${a}.yaml`,
      `#lxdops\ninclude:\n  - ../fragments/devices-${a % 5}.yaml\n  - ../fragments/devices-${(a + 1) % 5}.yaml\nproperties:\n  app: app-${a}\ncloud-config-files:\n  - ../cloud-config/app-${a}.cfg\n`,
    );
  }
  for (let r = 0; r < roots; r++) {
    const name = `c${String(r).padStart(4, '0')}`;
    put(
      `containers/${name}.yaml`,
      `#lxdops\ndescription: container ${r} of the fleet\ninclude:\n  - ../apps/app-${r % 20}.yaml\nos:\n  name: alpine\n  image: images:alpine/3.19\nprofile-config:\n  boot.autostart: "true"\nfilesystems:\n  own:\n    pattern: (fsroot)/own/(instance)\ndevices:\n  own:\n    path: /var/own\n    filesystem: own\n`,
    );
  }
  return files;
}
