/**
 * Which search strategy samples child architectures (docs/architecture.md §3): `enas`, the REINFORCE-trained LSTM
 * controller of Pham et al. (2018), or `random-ws`, uniform sampling over the same weight-shared supernet
 * (Li & Talwalkar, 2019). Parsed with zod at every boundary; the discriminator is `strategy`.
 */
import { z } from 'zod';
import { controllerConfigSchema } from './controller';

const enasStrategySchema = z.object({
  strategy: z.literal('enas'),
  /** Controller hyperparameters; every field has a documented default. */
  controller: controllerConfigSchema.prefault({}),
});

const randomWsStrategySchema = z.object({
  strategy: z.literal('random-ws'),
});

export const strategyConfigSchema = z.discriminatedUnion('strategy', [enasStrategySchema, randomWsStrategySchema]);

export type StrategyConfig = z.infer<typeof strategyConfigSchema>;
export type StrategyName = StrategyConfig['strategy'];
