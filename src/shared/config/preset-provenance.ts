/**
 * Which preset a run really used. A run configured from a preset and then edited (the controller's entropy
 * weight raised, a longer schedule) is not that preset any more: it is recorded as `custom`, with the preset
 * it started from and every value that differs from it, by its dotted path in RunConfig
 * (`strategy.controller.entropyWeight`). The diff is computed generically, leaf by leaf, against the preset
 * resolved for the same space, strategy, dataset, seed and backend (those four are choices of the run, not
 * values of a preset), so a field added to RunConfig is covered without listing it here.
 */
import { z } from 'zod';
import { resolvePreset } from './presets';
import { presetNameSchema } from './run';
import type { PresetName, RunConfig } from './run';

const jsonValue = z.json();

export const presetChangeSchema = z.object({
  /** Dotted path in RunConfig, e.g. `strategy.controller.entropyWeight`. */
  path: z.string().min(1),
  /** The preset's value (null where the preset has none). */
  preset: jsonValue,
  /** The run's value (null where the run has none). */
  value: jsonValue,
});
export type PresetChange = z.infer<typeof presetChangeSchema>;

export const presetProvenanceSchema = z.object({
  /** The preset the configuration started from; null when the client sent `custom` with no base. */
  basePreset: presetNameSchema.nullable(),
  /** Every value that differs from that preset, in path order; empty for an unedited preset. */
  changes: z.array(presetChangeSchema),
});
export type PresetProvenance = z.infer<typeof presetProvenanceSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf-by-leaf differences of two JSON values; arrays are compared whole (an arc, a list of sizes). */
export function diffJson(preset: unknown, value: unknown, path = ''): PresetChange[] {
  if (isPlainObject(preset) && isPlainObject(value)) {
    const keys = [...new Set([...Object.keys(preset), ...Object.keys(value)])].sort();
    return keys.flatMap((key) => diffJson(preset[key], value[key], path === '' ? key : `${path}.${key}`));
  }
  if (JSON.stringify(preset) === JSON.stringify(value)) return [];
  return [{ path, preset: (preset ?? null) as z.infer<typeof jsonValue>, value: (value ?? null) as z.infer<typeof jsonValue> }];
}

/** Preset `base` resolved for the same run choices as `config`. */
function basePresetOf(config: RunConfig, base: PresetName): RunConfig {
  return resolvePreset({
    preset: base,
    space: config.space.space,
    strategy: config.strategy.strategy,
    dataset: config.dataset,
    seed: config.seed,
    backend: config.backend,
  });
}

/**
 * The config as it is recorded (`preset` is `custom` when anything differs from the preset it names) and its
 * provenance. A config that already says `custom` (a retrain of a custom run sends its parent's config) is
 * compared with `fallbackBase`, the preset its parent started from; without one there is nothing to compare.
 */
export function recordPresetProvenance(config: RunConfig, fallbackBase?: PresetName | null): { config: RunConfig; provenance: PresetProvenance } {
  const base = config.preset === 'custom' ? fallbackBase : config.preset;
  if (base === undefined || base === null) return { config, provenance: { basePreset: null, changes: [] } };
  const changes = diffJson(basePresetOf(config, base), config).filter((change) => change.path !== 'preset');
  return { config: changes.length === 0 ? config : { ...config, preset: 'custom' }, provenance: { basePreset: base, changes } };
}

/** `strategy.controller.entropyWeight 0.0001 → 0.5`, one change per item. */
export function describePresetChange(change: PresetChange): string {
  return `${change.path} ${JSON.stringify(change.preset)} → ${JSON.stringify(change.value)}`;
}
