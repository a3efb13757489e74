import { builtinProperties } from '../../config/properties';
import { substitute } from '../../config/substitute';
import { type Diagnostic, diagnostic } from '../../diagnostics/diagnostic';
import { resolvedFilesystems, shownPattern } from './resolvedFilesystems';
import type { RootContext } from './rootContext';

/** The pattern substituted for another instance name (with that instance's built-in properties). */
function forOtherInstance(ctx: RootContext, pattern: string): string {
  const other = `${ctx.instance}-other`;
  const builtins = builtinProperties(other, ctx.project);
  const lookup = (key: string) => {
    const p = ctx.properties.get(key);
    return p?.source === 'built-in' ? builtins.get(key)?.value : p?.value;
  };
  return substitute(pattern, lookup, ctx.config.format).value;
}

/**
 * A `destroy: true` pattern that gives every instance of the config the same filesystem: destroying
 * one instance would take the others' data. Found by substituting for another instance name.
 */
export function destroyShared(ctx: RootContext): Diagnostic[] {
  return resolvedFilesystems(ctx)
    .filter((fs) => fs.model.destroy?.value === true)
    .filter((fs) => forOtherInstance(ctx, fs.model.pattern!.value) === fs.value)
    .map((fs) =>
      diagnostic(
        'destroy-shared',
        fs.model.pattern!.origin,
        `Filesystem \`${fs.model.id}\` has \`destroy: true\` but its pattern ${shownPattern(fs.model.pattern!.value, fs.value)} does not depend on the instance: every instance of this config shares it, and destroying one would delete the others' data. Put \`(instance)\` in the pattern, or remove \`destroy: true\` (destroy refuses while another instance uses it).`,
      ),
    );
}
