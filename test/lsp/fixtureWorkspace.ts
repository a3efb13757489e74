/** A small workspace for the LSP tests: two roots, shared fragments, cloud-config files. */
export const FILES = {
  'fragments/base.yaml':
    '#lxdops\nproperties:\n  fsroot: z/demo\nos:\n  name: alpine\nprofile-pattern: (instance).lxdops\n',
  'fragments/devices.yaml':
    '#lxdops\nfilesystems:\n  host:\n    pattern: (fsroot)/host/(instance)\n    destroy: true\ndevices:\n  home:\n    path: /home\n    filesystem: host\n',
  'containers/web.yaml':
    '#lxdops\ninclude:\n  - ../fragments/base.yaml\n  - ../fragments/devices.yaml\nos:\n  name: alpine\n  image: images:alpine/3.19\nprofiles:\n  - default\ncloud-config-files:\n  - ../cloud/base.cfg\n',
  'containers/db.yaml':
    '#lxdops\ninclude:\n  - ../fragments/base.yaml\n  - ../fragments/devices.yaml\nos:\n  name: alpine\n  image: images:alpine/3.19\n',
  'cloud/base.cfg': '#cloud-config\ntimezone: UTC\n',
} as const;
