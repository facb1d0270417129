/**
 * Command-line options of a tabular search, `enas search --space nb201 --evaluator table`: the benchmark
 * table (`--dataset`, a shipped or imported table name), the strategy, the query budget per search and the
 * number of seeds it is repeated over. Every bad value is a CLI_USAGE error naming the flag.
 */
import type { Objective } from '../../shared/config/objective';
import { OBJECTIVE_ARG_OPTIONS, OBJECTIVE_USAGE, parseObjectiveOptions } from './objective-options';
import { EnasError } from '../../shared/errors';
import { parseCommandArgs } from '../parse-command-args';

export const TABULAR_SEARCH_USAGE =
  'enas search --space nb201 --evaluator table [--dataset nb201-cifar10|nb201-cifar100|NAME]\n' +
  '            [--strategy random|enas|enas-memory|parsec] [--samples N] [--seeds N] [--seed N] [--workers N] [--save] [--db FILE] [--json]\n' +
  `            ${OBJECTIVE_USAGE.replace('params|flops|latency', 'params|flops')}`; // the tables hold no latency

/** The strategies of a tabular search; `random` is uniform sampling (the random-ws sampler, no supernet). */
export const TABULAR_STRATEGIES = ['random', 'enas', 'enas-memory', 'parsec'] as const;
export type TabularStrategyName = (typeof TABULAR_STRATEGIES)[number];

export interface TabularSearchOptions {
  dataset: string;
  strategy: TabularStrategyName;
  samples: number;
  seeds: number;
  /** First seed; seeds firstSeed … firstSeed + seeds − 1 are run. */
  firstSeed: number;
  /** Worker threads the seeds are spread over; undefined: one per core for a large search (tabular-workers.ts). */
  workers: number | undefined;
  /** Store each seed's search as a completed run in the database (off: nothing is written). */
  save: boolean;
  db: string | undefined;
  json: boolean;
  help: boolean;
  /** What the rewards maximise (accuracy unless the objective flags say otherwise). */
  objective: Objective;
}

/**
 * A search is tabular when it asks for the table evaluator. `--space nb201` alone trains the nb201 supernet on
 * images like any other space (search-options.ts).
 */
export function isTabularSearch(args: readonly string[]): boolean {
  return args.some((a, i) => (a === '--evaluator' && args[i + 1] === 'table') || a === '--evaluator=table');
}

function integer(flag: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new EnasError('CLI_USAGE', `--${flag} must be an integer from ${min} to ${max}, got "${value}"\nusage: ${TABULAR_SEARCH_USAGE}`);
  }
  return Number(value);
}

export function parseTabularSearchOptions(args: readonly string[]): TabularSearchOptions {
  const { values }: { values: Record<string, string | boolean | undefined> } = parseCommandArgs(
    {
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        space: { type: 'string' },
        evaluator: { type: 'string' },
        dataset: { type: 'string' },
        strategy: { type: 'string' },
        samples: { type: 'string' },
        seeds: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        save: { type: 'boolean', default: false },
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...OBJECTIVE_ARG_OPTIONS,
      },
    },
    TABULAR_SEARCH_USAGE,
  );
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const space = str('space') ?? 'nb201';
  if (space !== 'nb201') {
    throw new EnasError('CLI_USAGE', `--evaluator table needs --space nb201 (the tables are NAS-Bench-201's), got "${space}"`);
  }
  const evaluator = str('evaluator') ?? 'table';
  if (evaluator !== 'table') {
    throw new EnasError('CLI_USAGE', `a tabular search needs --evaluator table, got "${evaluator}"`);
  }
  const strategy = str('strategy') ?? 'random';
  if (!(TABULAR_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new EnasError('CLI_USAGE', `--strategy must be one of ${TABULAR_STRATEGIES.join(', ')}, got "${strategy}"`);
  }
  return {
    dataset: str('dataset') ?? 'nb201-cifar10',
    strategy: strategy as TabularStrategyName,
    samples: integer('samples', str('samples'), 1, 1_000_000, 1000),
    seeds: integer('seeds', str('seeds'), 1, 10_000, 1),
    firstSeed: integer('seed', str('seed'), 0, 0xffffffff - 10_000, 0),
    workers: str('workers') === undefined ? undefined : integer('workers', str('workers'), 1, 256, 1),
    save: values.save === true,
    db: str('db'),
    json: values.json === true,
    help: values.help === true,
    objective: tabularObjective(parseObjectiveOptions(str) ?? { kind: 'accuracy' }),
  };
}

/** The tables hold accuracies only: an objective on latency has nothing to read. */
function tabularObjective(objective: Objective): Objective {
  if (objective.kind !== 'accuracy' && objective.cost === 'latency') {
    throw new EnasError('CLI_USAGE', '--cost latency: the NAS-Bench-201 tables hold no latency; a tabular search can trade accuracy against params or flops');
  }
  return objective;
}
