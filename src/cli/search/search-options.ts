/**
 * Command-line options of `enas search` turned into a validated run configuration: a preset resolved for the
 * space and strategy, then the explicit overrides. Every bad value is a CLI_USAGE error that names the flag,
 * what it got and what it accepts.
 */
import { DEFAULT_LATENCY_REPEATS, OBJECTIVE_ARG_OPTIONS, OBJECTIVE_USAGE, parseObjectiveOptions } from './objective-options';
import { resolvePreset } from '../../shared/config/presets';
import { backendRequestSchema, presetNameSchema } from '../../shared/config/run';
import type { RunConfig } from '../../shared/config/run';
import { EnasError } from '../../shared/errors';
import { parseCommandArgs } from '../parse-command-args';
import { applyConfigOverrides } from './config-overrides';
import { integer, oneOf } from '../option-values';

export const SEARCH_USAGE =
  'enas search [--space micro|macro|rnn|nb201] [--strategy enas|enas-memory|random-ws|parsec] [--preset quick|paper|official-scripts]\n' +
  '            [--evaluator supernet|table]\n' +
  '            [--dataset NAME] [--seed N] [--epochs N] [--backend auto|tensorflow|webgpu|wasm|cpu]\n' +
  '            [--name NAME] [--no-retrain] [--db FILE] [--json] [--verbose]\n' +
  '            [--config FILE.json] [--set PATH=VALUE ...]   (e.g. --set strategy.controller.entropyWeight=0.5)\n' +
  `            ${OBJECTIVE_USAGE}`;

export interface SearchOptions {
  config: RunConfig;
  name: string | undefined;
  retrain: boolean;
  db: string | undefined;
  json: boolean;
  verbose: boolean;
  help: boolean;
}


export function parseSearchOptions(args: readonly string[]): SearchOptions {
  const { values }: { values: Record<string, string | boolean | string[] | undefined> } = parseCommandArgs(
    {
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        space: { type: 'string' },
        evaluator: { type: 'string' },
        strategy: { type: 'string' },
        preset: { type: 'string' },
        dataset: { type: 'string' },
        seed: { type: 'string' },
        epochs: { type: 'string' },
        backend: { type: 'string' },
        name: { type: 'string' },
        'no-retrain': { type: 'boolean', default: false },
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        config: { type: 'string' },
        set: { type: 'string', multiple: true },
        ...OBJECTIVE_ARG_OPTIONS,
      },
    },
    SEARCH_USAGE,
  );
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const space = oneOf('space', str('space'), ['micro', 'macro', 'rnn', 'nb201'] as const, 'micro');
  // `--evaluator table` never gets here (search-command.ts runs the tabular search instead); it is listed so
  // that a misspelt evaluator is told both.
  oneOf('evaluator', str('evaluator'), ['supernet', 'table'] as const, 'supernet');
  const epochs = integer('epochs', str('epochs'), 1, 10_000);
  const seed = integer('seed', str('seed'), 0, 0xffffffff);
  const dataset = str('dataset');
  // Before this space had a supernet, `--space nb201` alone searched a table; say so to whoever still types that.
  if (space === 'nb201' && dataset !== undefined && /^nb201-/.test(dataset)) {
    throw new EnasError('CLI_USAGE', `--dataset ${dataset} is a NAS-Bench-201 table: add --evaluator table to search it (without, nb201 is trained on images)`);
  }
  const preset = resolvePreset({
    preset: oneOf('preset', str('preset'), presetNameSchema.options, 'quick'),
    space,
    strategy: oneOf('strategy', str('strategy'), ['enas', 'enas-memory', 'random-ws', 'parsec'] as const, 'enas'),
    backend: oneOf('backend', str('backend'), backendRequestSchema.options, 'auto'),
    ...(dataset === undefined ? {} : { dataset }),
    ...(seed === undefined ? {} : { seed }),
    ...(epochs === undefined ? {} : { epochs }),
  });
  const sets = Array.isArray(values.set) ? values.set : [];
  // The objective flags are an edit of search.objective like any --set, applied last.
  const objective = parseObjectiveOptions(str);
  // An objective on latency needs it measured: DEFAULT_LATENCY_REPEATS timed runs unless a --set says otherwise.
  const latency = objective !== undefined && objective.kind !== 'accuracy' && objective.cost === 'latency' ? [`search.latencyRepeats=${DEFAULT_LATENCY_REPEATS}`] : [];
  const edits = objective === undefined ? sets : [...latency, ...sets, `search.objective=${JSON.stringify(objective)}`];
  const config = applyConfigOverrides(preset, { configFile: str('config'), sets: edits });
  return {
    config,
    name: str('name'),
    retrain: values['no-retrain'] !== true,
    db: str('db'),
    json: values.json === true,
    verbose: values.verbose === true,
    help: values.help === true,
  };
}
