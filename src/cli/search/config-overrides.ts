/**
 * `enas search --config FILE.json` and `--set PATH=VALUE` (repeatable): edits of the resolved preset by the
 * real dotted paths of RunConfig (`strategy.controller.entropyWeight`, `search.batchSize`, the names
 * docs/presets.md uses). The file is applied first (a JSON object holding any part of a RunConfig, merged
 * over the preset; arrays are replaced whole), then each --set in order. Every path must already exist in
 * the configuration (a typo is refused, not silently added), and the result must pass runConfigSchema. The
 * host then records the run as preset `custom` with the changes (src/shared/config/preset-provenance.ts).
 */
import { readFileSync } from 'node:fs';
import { runConfigSchema } from '../../shared/config/run';
import type { RunConfig } from '../../shared/config/run';
import { EnasError } from '../../shared/errors';
import { describeIssues } from '../../host/describe-issues';

export interface ConfigOverrides {
  /** `--config FILE.json`. */
  configFile?: string | undefined;
  /** `--set PATH=VALUE`, in the order given. */
  sets: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usage(message: string): EnasError {
  return new EnasError('CLI_USAGE', message);
}

/** The settings one level below `path`, for "did you mean" in an error. */
function settingsAt(node: Record<string, Json>): string {
  return Object.keys(node).sort().join(', ');
}

/** Sets `path` (which must exist) in `target` to `value`. */
function setPath(target: Record<string, Json>, path: string, value: Json, source: string): void {
  const keys = path.split('.');
  let node: Record<string, Json> = target;
  for (const [i, key] of keys.entries()) {
    const here = keys.slice(0, i + 1).join('.');
    if (!Object.hasOwn(node, key)) {
      throw usage(`${source}: "${here}" is not a setting of this configuration; at "${keys.slice(0, i).join('.') || '(top)'}" there are: ${settingsAt(node)}`);
    }
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (!isObject(next)) throw usage(`${source}: "${here}" is a value, not a group of settings, so "${path}" does not exist`);
    node = next;
  }
}

/** Every leaf path of a JSON object with its value (arrays and non-objects are leaves). */
function leaves(value: Record<string, Json>, prefix = ''): [string, Json][] {
  return Object.entries(value).flatMap(([key, v]): [string, Json][] => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isObject(v) && Object.keys(v).length > 0 ? leaves(v, path) : [[path, v]];
  });
}

/** A --set value: JSON when it parses as JSON (`0.5`, `true`, `null`, `[1,2]`, `"x"`), else the text itself. */
function parseValue(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function readConfigFile(file: string, read: (file: string) => string): Record<string, Json> {
  let text: string;
  try {
    text = read(file);
  } catch (err) {
    throw usage(`--config ${file}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw usage(`--config ${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(parsed)) throw usage(`--config ${file}: expected a JSON object holding RunConfig settings, e.g. {"strategy":{"controller":{"entropyWeight":0.5}}}`);
  return parsed;
}

/** The preset-resolved `config` with the file and the --set edits applied, validated. */
export function applyConfigOverrides(config: RunConfig, overrides: ConfigOverrides, read: (file: string) => string = (f) => readFileSync(f, 'utf8')): RunConfig {
  if (overrides.configFile === undefined && overrides.sets.length === 0) return config;
  const edited = structuredClone(config) as unknown as Record<string, Json>;
  if (overrides.configFile !== undefined) {
    const file = overrides.configFile;
    for (const [path, value] of leaves(readConfigFile(file, read))) setPath(edited, path, value, `--config ${file}`);
  }
  for (const assignment of overrides.sets) {
    const at = assignment.indexOf('=');
    if (at <= 0) throw usage(`--set expects PATH=VALUE (e.g. --set strategy.controller.entropyWeight=0.5), got "${assignment}"`);
    setPath(edited, assignment.slice(0, at).trim(), parseValue(assignment.slice(at + 1)), `--set ${assignment}`);
  }
  const parsed = runConfigSchema.safeParse(edited);
  if (!parsed.success) throw usage(`the edited configuration is not valid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
