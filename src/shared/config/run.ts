/**
 * The fully resolved configuration of one run: what is searched (space), how (strategy and controller), the
 * child networks, the schedule of the search and of the retrain, the data, the seed and the backend. A run
 * stores this object as it ran, so it can be replayed; presets (presets.ts) produce it.
 */
import { z } from 'zod';
import { objectiveSchema } from './objective';
import { childConfigSchema } from './child';
import { spaceConfigSchema } from './space';
import { strategyConfigSchema } from './strategy';

export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export const backendRequestSchema = z.enum(['auto', ...BACKEND_NAMES]);
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendRequest = z.infer<typeof backendRequestSchema>;

export const PRESET_NAMES = ['quick', 'paper', 'official-scripts'] as const;
export const presetNameSchema = z.enum(PRESET_NAMES);
export type PresetName = z.infer<typeof presetNameSchema>;

/** The search schedule: ENAS alternates phase 1 (shared weights) and phase 2 (controller) each epoch. */
export const searchScheduleSchema = z.object({
  /** Search epochs; each is one phase 1 then one phase 2. */
  epochs: z.number().int().min(1).max(10_000),
  /** Training images (or sequences) per shared-weight step; a fresh architecture is sampled per batch. */
  batchSize: z.number().int().min(1).max(4096),
  /**
   * Shared-weight steps per epoch; null means one pass over the training split (official behaviour).
   */
  childStepsPerEpoch: z.number().int().min(1).nullable(),
  /** Validation examples used to score one sampled architecture (its reward). */
  rewardBatchSize: z.number().int().min(1).max(100_000),
  /** Architectures sampled and scored when deriving the final one after the search. */
  deriveSamples: z.number().int().min(1).max(100_000),
  /** How many of the best derived architectures are kept. */
  deriveTopK: z.number().int().min(1).max(1000),
  /** Validation examples each derived architecture is scored on (more than a reward batch: less noise). */
  deriveBatchSize: z.number().int().min(1).max(100_000),
  /**
   * random-ws only: architectures scored per epoch. It learns nothing from them; it scores as many as the
   * enas controller would (trainSteps × numAggregate) so both reward curves have the same density and cost.
   */
  randomScoresPerEpoch: z.number().int().min(0).max(1_000_000),
  /** Rnn only: reward = rewardC / validation perplexity (official `controller_reward_c`, 80). */
  rewardC: z.number().positive(),
  /**
   * Epochs at the start of the search whose phase 1 trains the shared weights on uniformly sampled children
   * and which have no phase 2 (ours, not the official code's: the controller then starts learning from
   * rewards that already rank children; uniform warm-up of the one-shot model as in Bender et al. 2018 and
   * the NAS-Bench-201 weight-sharing baselines). Counted within `epochs`. Default 0 (official).
   */
  warmupEpochs: z.number().int().min(0).max(10_000).default(0),
  /**
   * After the warm-up, the share of phase-1 steps that train a uniformly sampled child instead of the
   * strategy's sample (ours). ENAS trains only the policy's children (0, the official behaviour); a policy
   * that has settled on weightless ops (pooling, identity: what weight sharing rewards early) then stops
   * training every convolution, the shared weights stop ranking the rest of the space, and the collapse feeds
   * itself (measured here: 100% weightless ops and uniform children stuck at 0.36 accuracy with 0).
   */
  uniformChildShare: z.number().min(0).max(1).default(0),
  /**
   * Image spaces: whether phase 1 augments its training batches (pad, random crop, flip), as the official
   * search does. Default true (official); the retrain always augments.
   */
  augment: z.boolean().default(true),
  /**
   * Search health: uniformly sampled probe children scored after each epoch's phase 1 (the supernet
   * accuracy curve), on the first `healthBatchSize` validation images. 0 turns the per-epoch measurement off.
   */
  healthChildren: z.number().int().min(0).max(10_000).default(10),
  healthBatchSize: z.number().int().min(1).max(100_000).default(250),
  /**
   * Controller analysis (src/shared/controller-analysis.ts): the controller's hidden states of the first
   * `traceSamplesPerEpoch` architectures scored in each epoch's phase 2 are stored, and the analysis
   * correlates their pairwise distances. Default 30 (435 pairs per epoch; a micro arc of 5 nodes at lstmSize
   * 64 is 10 kB, 300 kB per epoch). 0 stores none. Strategies without a controller have nothing to trace.
   */
  traceSamplesPerEpoch: z.number().int().min(0).max(10_000).default(30),
  /**
   * Two-stage derive (Li & Talwalkar 2019, §4: screen many candidates cheaply, then re-score the best on
   * the whole validation set): the best `deriveRescoreTopN` of the `deriveSamples` candidates, ranked on
   * `deriveBatchSize` examples, are scored again on `deriveRescoreBatchSize` examples (null: the whole
   * validation split) and ranked by that. 0 keeps the one-stage derive of the paper (§2.2).
   */
  deriveRescoreTopN: z.number().int().min(0).max(100_000).default(0),
  deriveRescoreBatchSize: z.number().int().min(1).max(1_000_000).nullable().default(null),
  /**
   * What the strategy's reward maximises: accuracy alone (the paper), or accuracy against the sampled
   * architecture's cost, weighted or under a budget (objective.ts). Default accuracy.
   */
  objective: objectiveSchema.default({ kind: 'accuracy' }),
  /**
   * Inference latency of every scored architecture (controller and derive samples): the median of this many
   * timed forward passes at batch 1 of its fixed network, after one warm-up, on the run's backend
   * (core/search/image-latency.ts); stored with the sample and drawn on the Pareto front. 0 (default): not
   * measured. An objective on latency needs it ≥ 1. Image spaces only. Ours: no reference measures it.
   */
  latencyRepeats: z.number().int().min(0).max(1000).default(0),
});
export type SearchSchedule = z.infer<typeof searchScheduleSchema>;

/** Retraining the derived architecture from scratch: a bigger fixed network, its own schedule. */
export const retrainScheduleSchema = z.object({
  epochs: z.number().int().min(1).max(10_000),
  batchSize: z.number().int().min(1).max(4096),
  /** The fixed network's hyperparameters (usually more layers and channels than during the search). */
  child: childConfigSchema,
});
export type RetrainSchedule = z.infer<typeof retrainScheduleSchema>;

export const runConfigSchema = z
  .object({
    preset: z.union([presetNameSchema, z.literal('custom')]),
    space: spaceConfigSchema,
    strategy: strategyConfigSchema,
    child: childConfigSchema,
    search: searchScheduleSchema,
    retrain: retrainScheduleSchema,
    /** A built-in dataset name (`fashion-mnist-small`, `tiny-corpus`) or the id of an imported dataset. */
    dataset: z.string().min(1).max(200),
    /** Seed of every random choice of the run: controller init and samples, data order, weight init. */
    seed: z.number().int().min(0).max(0xffffffff),
    backend: backendRequestSchema,
  })
  .superRefine((config, ctx) => {
    for (const [path, child] of [
      ['child', config.child],
      ['retrain.child', config.retrain.child],
    ] as const) {
      if (child.space !== config.space.space) {
        ctx.addIssue({
          code: 'custom',
          path: path.split('.'),
          message: `${path}.space is "${child.space}" but the search space is "${config.space.space}"`,
        });
      }
    }
    const { objective, latencyRepeats } = config.search;
    if (latencyRepeats > 0 && config.space.space === 'rnn') {
      ctx.addIssue({ code: 'custom', path: ['search', 'latencyRepeats'], message: 'latency is measured for image spaces only (micro, macro, nb201), not rnn' });
    }
    if (objective.kind !== 'accuracy' && objective.cost === 'latency' && latencyRepeats === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['search', 'latencyRepeats'],
        message: `a ${objective.kind} objective on latency needs search.latencyRepeats ≥ 1 (timed runs per architecture), got 0`,
      });
    }
  });
export type RunConfig = z.infer<typeof runConfigSchema>;
