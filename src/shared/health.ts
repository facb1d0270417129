/**
 * Search health: whether a run's weight-shared search actually searched. A researcher comparing ENAS with
 * random search needs to know, per run, whether (a) the shared weights learned enough for rewards to rank
 * children (supernet accuracy of uniformly sampled children, per epoch) and (b) the controller's final
 * policy samples better children than uniform sampling, on the same images with the same weights (a
 * two-sample permutation test). Measured by the trainer (src/core/search/search-health.ts), stored with the
 * run, returned by `enas runs show N --json` under `health`, printed by `enas search` and shown in the run
 * view. `describeHealth` gives the plain-words verdicts every surface prints, so none can hide a failure.
 */
import { z } from 'zod';

const fraction = z.number().min(0).max(1);

export const supernetAccuracyPointSchema = z.object({
  /** The search epoch after which it was measured (0-based). */
  epoch: z.number().int().min(0),
  /** Mean validation accuracy of the probe children. */
  mean: fraction,
  /** Standard deviation over the probe children. */
  std: z.number().min(0),
});

export const searchHealthSchema = z.object({
  supernetAccuracy: z.object({
    /** Uniformly sampled probe children (the same ones every epoch) and the fixed validation images. */
    children: z.number().int().min(1),
    images: z.number().int().min(1),
    /** Empty where the score is not an accuracy (text: perplexity). */
    perEpoch: z.array(supernetAccuracyPointSchema),
    /** The last per-epoch value; null before the first epoch ended. */
    last: fraction.nullable(),
  }),
  /**
   * The final policy's samples against uniform samples, all scored on the same validation data with the
   * final shared weights: mean reward difference (policy − uniform), two-sided permutation p-value, samples
   * per group. Null for strategies without a learned policy (random-ws) and before the search ended.
   */
  controllerVsUniform: z
    .object({
      meanDiff: z.number(),
      pValue: fraction,
      n: z.number().int().min(1),
      /** Mean reward of each group: accuracy for images, rewardC / perplexity for text. */
      policyMean: z.number(),
      uniformMean: z.number(),
      images: z.number().int().min(1),
      test: z.literal('two-sample permutation, two-sided'),
    })
    .nullable(),
  /**
   * 1 − (mean sample entropy of the final policy) / (mean sample entropy of the first policy), in nats;
   * 0 means the policy is as spread as it started. Null without a learned policy.
   */
  entropyDrop: z.number().nullable(),
  /**
   * Share of op decisions in the final policy's samples that chose an op without weights (pooling,
   * identity); `warning` above 0.6. Null before the search ended.
   */
  collapse: z.object({ share: fraction, warning: z.boolean() }).nullable(),
});
export type SearchHealth = z.infer<typeof searchHealthSchema>;

/** Supernet accuracy the quick presets aim for: below it rewards mostly rank noise. */
export const SUPERNET_ACCURACY_TARGET = 0.45;
export const COLLAPSE_WARNING_SHARE = 0.6;
/**
 * An entropy drop (a fraction of the first policy's) smaller than this in either direction is reported as
 * "barely moved", not as a fall: the official settings' 30 updates moved a micro policy 57.189 → 57.185 (issue 11).
 */
export const ENTROPY_MOVED = 0.01;
/** The significance level of the controller-vs-uniform verdict. */
export const HEALTH_ALPHA = 0.05;

export interface HealthLine {
  readonly level: 'ok' | 'warn';
  readonly text: string;
}

/** The verdicts in plain words, one line each, for the CLI, the run view and exports. */
export function describeHealth(health: SearchHealth, numClasses: number | null = null): HealthLine[] {
  const lines: HealthLine[] = [];
  const { supernetAccuracy: sa, controllerVsUniform: cvu } = health;
  if (sa.last !== null) {
    const chance = numClasses === null ? '' : ` (chance ${(1 / numClasses).toFixed(2)})`;
    const ok = sa.last >= SUPERNET_ACCURACY_TARGET;
    lines.push({
      level: ok ? 'ok' : 'warn',
      text: ok
        ? `Shared weights learned: uniformly sampled children reach ${sa.last.toFixed(3)} validation accuracy${chance}.`
        : `Shared weights are weak: uniformly sampled children reach only ${sa.last.toFixed(3)} validation accuracy${chance}; ` +
          `rewards this low rank children mostly by noise. Search longer or check the data.`,
    });
  }
  if (cvu !== null) {
    const diff = `${cvu.meanDiff >= 0 ? '+' : ''}${cvu.meanDiff.toFixed(3)}`;
    const p = cvu.pValue < 0.001 ? 'p < 0.001' : `p = ${cvu.pValue.toFixed(3)}`;
    if (cvu.pValue < HEALTH_ALPHA && cvu.meanDiff > 0) {
      lines.push({ level: 'ok', text: `The controller beats uniform sampling: ${diff} reward on the same data (${p}, n = ${cvu.n} each).` });
    } else if (cvu.pValue < HEALTH_ALPHA) {
      lines.push({ level: 'warn', text: `The controller is worse than uniform sampling: ${diff} reward (${p}, n = ${cvu.n} each).` });
    } else {
      lines.push({
        level: 'warn',
        text: `The controller is indistinguishable from uniform sampling: ${diff} reward (${p}, n = ${cvu.n} each). ` +
          `This run cannot say that the controller learned anything.`,
      });
    }
  }
  if (health.entropyDrop !== null) {
    const percent = (100 * Math.abs(health.entropyDrop)).toFixed(1);
    lines.push(
      health.entropyDrop >= ENTROPY_MOVED
        ? { level: 'ok', text: `Policy entropy fell by ${percent}% from the first policy.` }
        : health.entropyDrop <= -ENTROPY_MOVED
          ? { level: 'warn', text: `Policy entropy rose by ${percent}% from the first policy: the controller grew less decided.` }
          : { level: 'warn', text: `Policy entropy barely moved (${percent}% from the first policy): the policy is still close to its start.` },
    );
  }
  if (health.collapse?.warning) {
    lines.push({
      level: 'warn',
      text: `Collapse: ${(100 * health.collapse.share).toFixed(0)}% of the final policy's ops have no weights (pooling, identity).`,
    });
  }
  return lines;
}
