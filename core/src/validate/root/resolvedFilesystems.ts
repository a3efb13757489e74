import type { EffectiveConfig } from '../../config/effectiveConfig';
import type { FilesystemModel } from '../../config/model';
import type { PropertySet } from '../../config/properties';
import { controlProblem, datasetNameProblem, normalisedPath, operandProblem } from '../../config/safeValues';
import { substitute } from '../../config/substitute';

/** A filesystem of a merged config with its pattern substituted. */
export interface ResolvedFilesystem {
  model: FilesystemModel;
  /** The substituted pattern, as written after substitution. */
  value: string;
  /** The dataset name, for a ZFS filesystem. */
  dataset?: string;
  /** The host directory: the dataset's mountpoint (`/` + name) or the plain directory, normalised. */
  path: string;
}

/**
 * The filesystems whose pattern substitutes to a safe value (every property defined, a valid
 * dataset name, or an absolute path). The others are reported by their own rules.
 */
export function resolvedFilesystems(r: {
  config: EffectiveConfig;
  properties: PropertySet;
}): ResolvedFilesystem[] {
  const out: ResolvedFilesystem[] = [];
  for (const model of r.config.filesystems.values()) {
    if (model.isNull || !model.pattern || model.pattern.value.trim() === '') continue;
    const s = substitute(model.pattern.value, (k) => r.properties.value(k), r.config.format);
    if (s.missing.length) continue;
    // a directory is judged by where it leads (`..` normalised; unsafe-value reports the `..` itself)
    if (s.value.startsWith('/')) {
      if (!controlProblem(s.value)) out.push({ model, value: s.value, path: normalisedPath(s.value) });
    } else if (!operandProblem(s.value) && !datasetNameProblem(s.value))
      out.push({ model, value: s.value, dataset: s.value, path: `/${s.value}` });
  }
  return out;
}

/** How a substituted value is shown: the pattern, and its value when they differ. */
export function shownPattern(pattern: string, value: string): string {
  return pattern === value ? `\`${pattern}\`` : `\`${pattern}\` (= \`${value}\`)`;
}
