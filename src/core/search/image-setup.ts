/**
 * The pairing of an image search space with the child config of the same space. A run config guarantees the
 * two match (runConfigSchema's refinement); this turns that guarantee into a type the networks accept.
 */
import type { ChildConfig, MacroChildConfig, MicroChildConfig, Nb201ChildConfig } from '../../shared/config/child';
import type { MacroSpaceConfig, MicroSpaceConfig, Nb201SpaceConfig, SpaceConfig } from '../../shared/config/space';
import { EnasError } from '../../shared/errors';

export type ImageSpaceSetup =
  | { readonly space: MicroSpaceConfig; readonly child: MicroChildConfig }
  | { readonly space: MacroSpaceConfig; readonly child: MacroChildConfig }
  | { readonly space: Nb201SpaceConfig; readonly child: Nb201ChildConfig };

export function imageSetup(space: SpaceConfig, child: ChildConfig): ImageSpaceSetup {
  if (space.space === 'micro' && child.space === 'micro') return { space, child };
  if (space.space === 'macro' && child.space === 'macro') return { space, child };
  if (space.space === 'nb201' && child.space === 'nb201') return { space, child };
  throw new EnasError(
    'CONFIG_INVALID',
    `an image network needs a micro, macro or nb201 space with a child config of the same space, got ${space.space} and ${child.space}`,
  );
}
