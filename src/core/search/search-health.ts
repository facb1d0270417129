/**
 * Measuring search health (src/shared/health.ts says what each number means and why a researcher needs it).
 *
 * - Supernet accuracy: after each epoch's phase 1, the same `healthChildren` uniformly sampled probe
 *   children are scored on the first `healthBatchSize` validation images with the shared weights. The probe
 *   set is fixed for the run, so the curve shows the weights improving, not a new draw.
 * - Controller vs uniform: after the search, the derive stage's candidates (samples of the final policy) and
 *   as many uniformly sampled children are scored on the same validation images with the same final
 *   weights, and a permutation test compares the two groups' means.
 * Every draw here comes from `createStreamPrng`, never from the strategy's or the task's generators: health
 * measurements change nothing about the search they observe, and replay without checkpointed state.
 */
import type { SearchHealth } from '../../shared/health';
import { COLLAPSE_WARNING_SHARE } from '../../shared/health';
import { createStreamPrng } from '../random/prng';
import type { SearchSpace } from '../spaces/search-space';
import { permutationTest } from './permutation-test';
import type { SearchTask } from './search-task';

/** Stream numbers of `createStreamPrng(seed, stream, index)` for what the search draws outside the strategy. */
export const SEARCH_STREAMS = { probe: 101, warmup: 102, uniformGroup: 103, permutation: 104, uniformShare: 105 } as const;

/** What the search loop has measured so far; part of the checkpointed search state. */
export interface HealthProgress {
  readonly supernetAccuracy: readonly { readonly epoch: number; readonly mean: number; readonly std: number }[];
  /** Mean sample entropy of the first policy batch the strategy was updated on; null until then. */
  readonly initialEntropy: number | null;
}

export const NO_HEALTH: HealthProgress = { supernetAccuracy: [], initialEntropy: null };

/** What derive measured of the final policy. */
export interface FinalPolicyHealth {
  /** Scores of the final policy's candidates (one per sample, duplicates included) on the derive images. */
  readonly policyScores: readonly number[];
  /** Scores of as many uniform samples on the same images with the same weights. */
  readonly uniformScores: readonly number[];
  readonly images: number;
  /** Sample entropies and op shares of the policy's candidates. */
  readonly policyEntropies: readonly number[];
  readonly parameterFreeShare: number;
}

/** The fixed uniformly sampled probe children of a run, as tokens. */
export function probeChildren(space: SearchSpace<unknown>, seed: number, count: number): number[][] {
  return Array.from({ length: count }, (_, i) => space.encode(space.sampleUniform(createStreamPrng(seed, SEARCH_STREAMS.probe, i))));
}

/** Uniform sample `index` of a named stream: the warm-up child of a step, or a member of the uniform group. */
export function uniformTokens(space: SearchSpace<unknown>, seed: number, stream: number, index: number): number[] {
  return space.encode(space.sampleUniform(createStreamPrng(seed, stream, index)));
}

export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, std };
}

/** Mean and spread of the probe children's validation accuracy with the current shared weights. */
export async function measureSupernetAccuracy(
  task: SearchTask,
  probes: readonly (readonly number[])[],
  images: number,
): Promise<{ mean: number; std: number }> {
  const scores: number[] = [];
  for (const tokens of probes) scores.push((await task.score(tokens, images)).validScore);
  return meanStd(scores);
}

/** Share of op decisions without weights over a set of arcs, duplicates counted. */
export function parameterFreeShare(space: SearchSpace<unknown>, arcs: readonly (readonly number[])[]): number {
  let ops = 0;
  let free = 0;
  for (const tokens of arcs) {
    const counts = space.parameterFreeOps(tokens);
    ops += counts.ops;
    free += counts.parameterFree;
  }
  return ops === 0 ? 0 : free / ops;
}

export interface HealthSummaryArgs {
  readonly progress: HealthProgress;
  readonly children: number;
  readonly images: number;
  /** Whether the strategy learns a policy (enas) or samples uniformly (random-ws). */
  readonly learnsPolicy: boolean;
  readonly final: FinalPolicyHealth | null;
  readonly seed: number;
}

/** The stored health of a run from what was measured so far. */
export function summarizeHealth(args: HealthSummaryArgs): SearchHealth {
  const { progress, final } = args;
  const points = progress.supernetAccuracy;
  const health: SearchHealth = {
    supernetAccuracy: {
      children: Math.max(1, args.children),
      images: Math.max(1, args.images),
      perEpoch: points.map((p) => ({ epoch: p.epoch, mean: p.mean, std: p.std })),
      last: points.at(-1)?.mean ?? null,
    },
    controllerVsUniform: null,
    entropyDrop: null,
    collapse: null,
  };
  if (final === null || !args.learnsPolicy) return health;
  const policy = final.policyScores;
  const uniform = final.uniformScores;
  if (policy.length > 0 && uniform.length > 0) {
    const test = permutationTest(policy, uniform, { seed: args.seed * 31 + SEARCH_STREAMS.permutation });
    health.controllerVsUniform = {
      meanDiff: test.meanDiff,
      pValue: test.pValue,
      n: Math.min(policy.length, uniform.length),
      policyMean: meanStd(policy).mean,
      uniformMean: meanStd(uniform).mean,
      images: final.images,
      test: 'two-sample permutation, two-sided',
    };
  }
  if (progress.initialEntropy !== null && progress.initialEntropy > 0 && final.policyEntropies.length > 0) {
    health.entropyDrop = 1 - meanStd(final.policyEntropies).mean / progress.initialEntropy;
  }
  health.collapse = { share: final.parameterFreeShare, warning: final.parameterFreeShare > COLLAPSE_WARNING_SHARE };
  return health;
}
