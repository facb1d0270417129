/**
 * What the Compare view needs of run configs: the leaves that differ between runs (a config diff) and a key
 * that groups runs sharing a config except the seed (mean ± std lives in compare/group-band.ts). Neither looks
 * at `provenance`: it records how a config was made from its preset (each change's path, preset value and
 * value, by index), not a setting, so two runs edited in a different order would differ there alone, and
 * its rows (`provenance.changes.3.path`) repeat, by position, differences the settings' own rows show.
 */

const NOT_SETTINGS = new Set(['provenance']);

function settings(config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  return Object.fromEntries(Object.entries(config).filter(([key]) => !NOT_SETTINGS.has(key)));
}

/** Flattens JSON into `a.b.c → value` leaves (arrays by index). */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix === '' ? key : `${prefix}.${key}`, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** The paths whose values are not all equal across the configs, with each config's value. */
export function configDiff(configs: readonly unknown[]): { path: string; values: unknown[] }[] {
  const flat = configs.map((c) => flatten(settings(c)));
  const paths = new Set(flat.flatMap((f) => [...f.keys()]));
  const rows: { path: string; values: unknown[] }[] = [];
  for (const path of [...paths].sort()) {
    const values = flat.map((f) => f.get(path));
    if (values.some((v) => v !== values[0])) rows.push({ path, values });
  }
  return rows;
}

/** The same string for two configs that differ only in their seed. */
export function seedlessKey(config: unknown): string {
  return JSON.stringify(
    [...flatten(settings(config)).entries()].filter(([path]) => path !== 'seed').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
