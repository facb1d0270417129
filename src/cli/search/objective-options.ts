/**
 * `--objective accuracy|weighted|budget`, `--cost params|flops|latency`, `--beta B` and `--budget LIMIT`: the
 * search objective (shared/config/objective.ts) of `enas search`, supernet and tabular alike (latency: supernet
 * searches of image spaces only). `--budget` takes a count with an optional k / M / G suffix (`--budget 0.6M` =
 * 600,000 parameters), or milliseconds for latency. Every bad combination is a CLI_USAGE error that names the flag.
 */
import { COST_MEASURES, objectiveSchema } from '../../shared/config/objective';
import type { Objective } from '../../shared/config/objective';
import { EnasError } from '../../shared/errors';

export const OBJECTIVE_USAGE = '[--objective accuracy|weighted|budget] [--cost params|flops|latency] [--beta B] [--budget LIMIT]';

/** Timed runs per architecture when `--cost latency` is given and `search.latencyRepeats` is not set. */
export const DEFAULT_LATENCY_REPEATS = 5;

export const OBJECTIVE_ARG_OPTIONS = {
  objective: { type: 'string' },
  cost: { type: 'string' },
  beta: { type: 'string' },
  budget: { type: 'string' },
} as const;

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };

function usage(message: string): EnasError {
  return new EnasError('CLI_USAGE', `${message}\nobjective flags: ${OBJECTIVE_USAGE}`);
}

function budgetValue(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?)([kKMG]?)$/.exec(text);
  const value = match === null ? NaN : Number(match[1]) * (SUFFIX[match[2] ?? ''] ?? NaN);
  if (!(value > 0)) throw usage(`--budget must be a positive count such as 600000 or 0.6M, got "${text}"`);
  return value;
}

/** The objective the flags ask for; undefined when none is given (the config's own stays). */
export function parseObjectiveOptions(str: (flag: string) => string | undefined): Objective | undefined {
  const [kind, cost, beta, budget] = [str('objective'), str('cost'), str('beta'), str('budget')];
  if (kind === undefined && cost === undefined && beta === undefined && budget === undefined) return undefined;
  if (kind === undefined) throw usage('--cost, --beta and --budget need --objective weighted or budget');
  if (cost !== undefined && !(COST_MEASURES as readonly string[]).includes(cost)) {
    throw usage(`--cost must be one of ${COST_MEASURES.join(', ')}, got "${cost}"`);
  }
  const measure = cost ?? 'params';
  switch (kind) {
    case 'accuracy':
      if (cost !== undefined || beta !== undefined || budget !== undefined) {
        throw usage('--objective accuracy takes no --cost, --beta or --budget');
      }
      return { kind };
    case 'weighted': {
      if (budget !== undefined) throw usage('--budget belongs to --objective budget, not weighted');
      const b = beta === undefined ? undefined : Number(beta);
      if (b !== undefined && !(Number.isFinite(b) && b >= 0 && b <= 100)) {
        throw usage(`--beta must be a number from 0 to 100, got "${beta}"`);
      }
      return objectiveSchema.parse({ kind, cost: measure, ...(b === undefined ? {} : { beta: b }) });
    }
    case 'budget':
      if (beta !== undefined) throw usage('--beta belongs to --objective weighted, not budget');
      if (budget === undefined) throw usage('--objective budget needs --budget LIMIT (e.g. --budget 0.6M)');
      return objectiveSchema.parse({ kind, cost: measure, limit: budgetValue(budget) });
    default:
      throw usage(`--objective must be one of accuracy, weighted, budget, got "${kind}"`);
  }
}
