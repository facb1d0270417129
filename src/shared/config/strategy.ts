/**
 * Which search strategy samples child architectures (docs/architecture.md §3): `enas`, the REINFORCE-trained LSTM
 * controller of Pham et al. (2018), or `random-ws`, uniform sampling over the same weight-shared supernet
 * (Li & Talwalkar, 2019), or `parsec`, a factorised categorical distribution over the space's decisions
 * learned from importance-weighted samples (Casale, Gordon & Fusi, 2019), or `enas-memory`, the ENAS controller
 * also trained on a replay memory of its earlier samples (Adam & Lorraine, 2019). Parsed with zod at every
 * boundary; the discriminator is `strategy`.
 */
import { z } from 'zod';
import { controllerConfigSchema } from './controller';

const enasStrategySchema = z.object({
  strategy: z.literal('enas'),
  /** Controller hyperparameters; every field has a documented default. */
  controller: controllerConfigSchema.prefault({}),
});

/**
 * The replay memory of `enas-memory` (Adam & Lorraine, "Understanding Neural Architecture Search Techniques",
 * 2019, §5: the controller trained "with a memory buffer of previously sampled architectures"). The paper
 * does not say how the buffer enters the update; the choices made here (docs/presets.md, "enas-memory") are:
 * the memory keeps the last `memorySize` scored architectures with their rewards (first in, first out);
 * every update draws `replaySize` of them and adds `memoryWeight` × their mean REINFORCE term to the loss.
 */
export const memoryConfigSchema = z.object({
  /** Architectures the memory holds; the oldest is dropped first. Default 100: ten updates of 10 samples. */
  memorySize: z.number().int().min(1).max(100_000).default(100),
  /** Architectures replayed per update. Default 10, as many as the fresh batch (numAggregate). */
  replaySize: z.number().int().min(1).max(10_000).default(10),
  /** Factor of the memory term in the loss; 0 turns enas-memory into enas. Default 1: fresh and replayed weigh alike. */
  memoryWeight: z.number().min(0).max(1000).default(1),
  /**
   * Which memories are replayed: `uniform`, drawn uniformly with replacement (experience replay), or `best`,
   * the `replaySize` highest-rewarded ones (a priority memory). Default `uniform`.
   */
  replayDraw: z.enum(['uniform', 'best']).default('uniform'),
});

const enasMemoryStrategySchema = z.object({
  strategy: z.literal('enas-memory'),
  controller: controllerConfigSchema.prefault({}),
  memory: memoryConfigSchema.prefault({}),
});

const randomWsStrategySchema = z.object({
  strategy: z.literal('random-ws'),
});

/**
 * PARSEC (Casale, Gordon & Fusi, "Probabilistic Neural Architecture Search", 2019): one categorical per
 * decision of the arc, all independent, with logits π. Each update samples K = numAggregate architectures
 * and ascends the Monte-Carlo estimate of ∇π log E[likelihood] = Σ_k w_k ∇π log p(α_k | π), with
 * self-normalised importance weights w_k ∝ exp(reward_k / rewardTemperature) standing in for the paper's
 * validation likelihood; the step is Adam's.
 */
export const parsecConfigSchema = z.object({
  /** Adam step size on the logits. Default 0.1: a decision can move from uniform to ~90 % in ~30 updates. */
  learningRate: z.number().positive().default(0.1),
  /** Architectures per update (the paper's K samples). Default 10, as enas's numAggregate. */
  numAggregate: z.number().int().min(1).max(10_000).default(10),
  /** Updates per controller phase of a supernet search. Default 30, as enas's trainSteps. */
  trainSteps: z.number().int().min(1).default(30),
  /**
   * Temperature τ of the importance weights softmax(reward / τ), in reward units (accuracy as a fraction).
   * Default 0.01: one percentage point of accuracy multiplies an architecture's weight by e.
   */
  rewardTemperature: z.number().positive().default(0.01),
});

const parsecStrategySchema = z.object({
  strategy: z.literal('parsec'),
  parsec: parsecConfigSchema.prefault({}),
});

export const strategyConfigSchema = z.discriminatedUnion('strategy', [
  enasStrategySchema,
  randomWsStrategySchema,
  parsecStrategySchema,
  enasMemoryStrategySchema,
]);

export type MemoryConfig = z.infer<typeof memoryConfigSchema>;

export type ParsecConfig = z.infer<typeof parsecConfigSchema>;

export type StrategyConfig = z.infer<typeof strategyConfigSchema>;
export type StrategyName = StrategyConfig['strategy'];
