/**
 * The strategies of a tabular search and their configuration on nb201. `random` is uniform sampling over
 * the six edges (the random-ws sampler; no supernet is involved); `parsec` uses its schema defaults;
 * `enas` uses the controller below through its config schema, so every other knob keeps its documented
 * default (controller.ts).
 *
 * The enas controller on nb201 (see docs/nas-bench-201.md): the CIFAR-10 micro script's controller except
 * - `numAggregate` 5: with a budget of a few hundred queries the default 10 samples per update leave only
 *   10–30 updates;
 * - `tanhConstant` 2.5 (the PTB script's bound; the nb201 policy bounds op logits by it as the macro
 *   controller does): under 1.1 the most confident of 5 ops has at most e^1.1/(e^1.1 + 4e^−1.1) ≈ 0.6;
 * - `baselineDecay` 0.9: the baseline starts at 0 while rewards are ~0.8, and at 0.99 it needs hundreds of
 *   samples to catch up, all of which reinforce whatever was sampled;
 * - `learningRate` 0.05: the official optimizer (Adam with β1 = 0, ε = 1e-3 on the uncorrected second
 *   moment, adam.ts) moves the weights so little in 60 updates that, at the default 0.0035, the samples
 *   of 300 queries were the same as with no learning at all (measured: identical regret curves for
 *   baselineDecay 0.99 and 0.9 on CIFAR-10 seeds 100–102, regret 0.465 after 300 queries); at 0.05 the same
 *   seeds reach 0.053. These two probes on seeds 100–102 are all the tuning done; the reported comparison
 *   (docs/nas-bench-201.md) uses seeds 0–29.
 */
import { controllerConfigSchema } from '../../shared/config/controller';
import type { ControllerConfig } from '../../shared/config/controller';
import { memoryConfigSchema, strategyConfigSchema } from '../../shared/config/strategy';
import type { StrategyConfig } from '../../shared/config/strategy';

export const NB201_ENAS_CONTROLLER: ControllerConfig = controllerConfigSchema.parse({
  numAggregate: 5,
  tanhConstant: 2.5,
  baselineDecay: 0.9,
  learningRate: 0.05,
});

/**
 * enas-memory on nb201: the controller above, and a memory replaying as many architectures per update as
 * the fresh batch holds (5); memory size, weight and draw keep their defaults (strategy.ts).
 */
export const NB201_MEMORY = memoryConfigSchema.parse({ replaySize: NB201_ENAS_CONTROLLER.numAggregate });

export type TabularStrategy = 'random' | 'enas' | 'enas-memory' | 'parsec';

export function tabularStrategyConfig(name: TabularStrategy): StrategyConfig {
  switch (name) {
    case 'random':
      return strategyConfigSchema.parse({ strategy: 'random-ws' });
    case 'enas':
      return strategyConfigSchema.parse({ strategy: 'enas', controller: NB201_ENAS_CONTROLLER });
    case 'enas-memory':
      return strategyConfigSchema.parse({ strategy: 'enas-memory', controller: NB201_ENAS_CONTROLLER, memory: NB201_MEMORY });
    case 'parsec':
      return strategyConfigSchema.parse({ strategy: 'parsec' });
  }
}
