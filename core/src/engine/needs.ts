import type { InstanceSpec } from './instanceSpec';
import type { Needs } from './observed';

/** What to observe before planning any command for this instance. */
export function needsOf(spec: InstanceSpec, extra: { snapshot?: string } = {}): Needs {
  const datasets: string[] = [];
  const paths: string[] = [];
  for (const f of spec.filesystems) {
    if (f.dataset) {
      datasets.push(f.dataset);
      if (extra.snapshot) datasets.push(`${f.dataset}@${extra.snapshot}`);
    }
    paths.push(f.dir);
  }
  for (const d of spec.devices) if (d.source) paths.push(d.source);
  if (spec.deviceOrigin)
    for (const f of spec.deviceOrigin.filesystems.values())
      if (f.dataset) datasets.push(`${f.dataset}@${spec.deviceOrigin.snapshot}`);
  if (spec.deviceTemplate)
    for (const d of spec.deviceTemplate.devices.values()) if (d.source) paths.push(d.source);
  return {
    instance: { name: spec.container, project: spec.project },
    ...(spec.profile ? { profile: spec.profile } : {}),
    ...(spec.origin
      ? { origin: { name: spec.origin.container, project: spec.origin.project ?? spec.project } }
      : {}),
    datasets,
    paths,
  };
}
