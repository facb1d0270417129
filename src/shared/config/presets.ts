/**
 * Presets: every hyperparameter of a run in one named bundle, with where each value comes from
 * (docs/presets.md lists them all). `official-scripts` follows melodyguan/enas scripts/*_search.sh and
 * *_final.sh; `paper` follows Pham et al. (2018) where the paper states a value and the scripts elsewhere;
 * `quick` is a CPU demo sized to show real learning on the embedded data in minutes.
 */
import type { ChildConfig } from './child';
import { childConfigSchema } from './child';
import { controllerConfigSchema } from './controller';
import type { PresetName, RunConfig, SearchSchedule } from './run';
import { runConfigSchema } from './run';
import type { SpaceName } from './space';
import { spaceConfigSchema } from './space';
import type { StrategyName } from './strategy';
import { strategyConfigSchema } from './strategy';

/** What the UI shows next to a preset. */
export const PRESET_SOURCES: Record<PresetName, string> = {
  quick: 'A CPU demo: small networks and few epochs, tuned to learn on the embedded data in minutes.',
  paper: 'Pham et al., "Efficient Neural Architecture Search via Parameter Sharing", ICML 2018, §3.',
  'official-scripts': 'melodyguan/enas scripts/cifar10_{micro,macro}_{search,final}.sh and ptb_{search,final}.sh.',
};

/** The built-in dataset each space searches by default. */
export const DEFAULT_DATASET: Record<SpaceName, string> = {
  micro: 'fashion-mnist-small',
  macro: 'fashion-mnist-small',
  rnn: 'austen-ptb',
};

interface PresetParts {
  space: Record<string, unknown>;
  controller: Record<string, unknown>;
  child: Record<string, unknown>;
  search: Omit<SearchSchedule, 'randomScoresPerEpoch'>;
  retrain: { epochs: number; batchSize: number; child: Record<string, unknown> };
}

const searchDefaults = { childStepsPerEpoch: null, deriveTopK: 5, rewardC: 80 } as const;

const PRESETS: Record<PresetName, Record<SpaceName, PresetParts>> = {
  quick: {
    micro: {
      space: { numNodes: 5 },
      controller: { trainSteps: 10, numAggregate: 5 },
      child: { numLayers: 1, outFilters: 16, lrT0: 3, lrTMul: 1 },
      search: { ...searchDefaults, epochs: 3, batchSize: 64, rewardBatchSize: 250, deriveSamples: 20, deriveBatchSize: 1000 },
      retrain: { epochs: 8, batchSize: 64, child: { numLayers: 2, outFilters: 24, lrT0: 8, lrTMul: 1, keepProb: 0.8 } },
    },
    macro: {
      space: { numLayers: 6 },
      controller: { trainSteps: 10, numAggregate: 5, learningRate: 0.001, tanhConstant: 1.5 },
      child: { outFilters: 16, lrT0: 3, lrTMul: 1 },
      search: { ...searchDefaults, epochs: 3, batchSize: 64, rewardBatchSize: 250, deriveSamples: 20, deriveBatchSize: 1000 },
      retrain: { epochs: 8, batchSize: 64, child: { outFilters: 24, lrT0: 8, lrTMul: 1, keepProb: 0.8 } },
    },
    rnn: {
      space: { numNodes: 8 },
      controller: { trainSteps: 10, numAggregate: 5, tanhConstant: 2.5, temperature: 5, entropyWeight: 1e-3, learningRate: 0.001 },
      child: { hiddenSize: 128, bpttSteps: 35, lrMax: 20, lrMin: 1, lrT0: 4, lrTMul: 1 },
      search: { ...searchDefaults, epochs: 4, batchSize: 32, rewardBatchSize: 1, deriveSamples: 20, deriveBatchSize: 1 },
      retrain: { epochs: 6, batchSize: 32, child: { hiddenSize: 256, lrMax: 20, lrMin: 1, lrT0: 6, lrTMul: 1 } },
    },
  },
  'official-scripts': {
    micro: {
      space: { numNodes: 5, numBranches: 5 },
      controller: { trainSteps: 30, numAggregate: 10, tanhConstant: 1.1, opTanhReduce: 2.5, learningRate: 0.0035 },
      child: { numLayers: 6, outFilters: 20, lrMax: 0.05, lrMin: 0.0005, lrT0: 10, lrTMul: 2, keepProb: 0.9, l2Reg: 1e-4 },
      search: { ...searchDefaults, epochs: 150, batchSize: 160, rewardBatchSize: 100, deriveSamples: 10, deriveBatchSize: 5000 },
      retrain: {
        epochs: 630,
        batchSize: 144,
        child: { numLayers: 15, outFilters: 36, lrMax: 0.05, lrMin: 0.0001, lrT0: 10, lrTMul: 2, keepProb: 0.8, l2Reg: 2e-4, cutoutSize: 16, dropPathKeepProb: 0.6 },
      },
    },
    macro: {
      space: { numLayers: 12, numBranches: 6 },
      controller: { trainSteps: 50, numAggregate: 20, tanhConstant: 1.5, learningRate: 0.001, skipTarget: 0.4, skipWeight: 0.8, entropyWeight: 1e-4 },
      child: { outFilters: 36, lrMax: 0.05, lrMin: 0.001, lrT0: 10, lrTMul: 2, keepProb: 0.9, l2Reg: 2.5e-4 },
      search: { ...searchDefaults, epochs: 310, batchSize: 128, rewardBatchSize: 128, deriveSamples: 10, deriveBatchSize: 5000 },
      retrain: { epochs: 310, batchSize: 100, child: { outFilters: 96, lrMax: 0.05, lrMin: 0.001, lrT0: 10, lrTMul: 2, keepProb: 0.5, l2Reg: 2e-4 } },
    },
    rnn: {
      space: { numNodes: 12 },
      controller: { trainSteps: 100, numAggregate: 10, tanhConstant: 2.5, temperature: 5, entropyWeight: 1e-3, learningRate: 0.001 },
      child: { hiddenSize: 720, bpttSteps: 35 },
      search: { ...searchDefaults, epochs: 150, batchSize: 64, rewardBatchSize: 1, deriveSamples: 10, deriveBatchSize: 64 },
      retrain: { epochs: 2000, batchSize: 64, child: { hiddenSize: 748, bpttSteps: 35 } },
    },
  },
  paper: {
    micro: {
      space: { numNodes: 5, numBranches: 5 },
      controller: { lstmSize: 100, trainSteps: 30, numAggregate: 10, tanhConstant: 2.5, temperature: 5, learningRate: 0.00035, entropyWeight: 1e-4 },
      child: { numLayers: 6, outFilters: 20, lrMax: 0.05, lrMin: 0.001, lrT0: 10, lrTMul: 2, l2Reg: 1e-4 },
      search: { ...searchDefaults, epochs: 150, batchSize: 128, rewardBatchSize: 128, deriveSamples: 10, deriveBatchSize: 5000 },
      retrain: { epochs: 310, batchSize: 128, child: { numLayers: 15, outFilters: 36, l2Reg: 1e-4, cutoutSize: 16 } },
    },
    macro: {
      space: { numLayers: 12, numBranches: 6 },
      controller: { lstmSize: 100, trainSteps: 50, numAggregate: 10, tanhConstant: 2.5, temperature: 5, learningRate: 0.00035, skipTarget: 0.4, skipWeight: 0.8 },
      child: { outFilters: 36, lrMax: 0.05, lrMin: 0.001, lrT0: 10, lrTMul: 2, l2Reg: 1e-4 },
      search: { ...searchDefaults, epochs: 310, batchSize: 128, rewardBatchSize: 128, deriveSamples: 10, deriveBatchSize: 5000 },
      retrain: { epochs: 310, batchSize: 128, child: { outFilters: 96, l2Reg: 1e-4 } },
    },
    rnn: {
      space: { numNodes: 12 },
      controller: { lstmSize: 100, trainSteps: 100, numAggregate: 10, tanhConstant: 2.5, temperature: 5, learningRate: 0.00035 },
      child: { hiddenSize: 1000, bpttSteps: 35, lrMax: 20, gradBound: 0.25, l2Reg: 1e-7 },
      search: { ...searchDefaults, epochs: 150, batchSize: 64, rewardBatchSize: 1, deriveSamples: 10, deriveBatchSize: 64 },
      retrain: { epochs: 150, batchSize: 64, child: { hiddenSize: 1000, bpttSteps: 35 } },
    },
  },
};

export interface PresetRequest {
  preset: PresetName;
  space: SpaceName;
  strategy: StrategyName;
  dataset?: string;
  seed?: number;
  backend?: RunConfig['backend'];
  /** Search epochs instead of the preset's. */
  epochs?: number;
}

/** The fully resolved run configuration of a preset; validated, so it can be started as is. */
export function resolvePreset(request: PresetRequest): RunConfig {
  const parts = PRESETS[request.preset][request.space];
  const child: ChildConfig = childConfigSchema.parse({ space: request.space, ...parts.child });
  const controller = controllerConfigSchema.parse(parts.controller);
  return runConfigSchema.parse({
    preset: request.preset,
    space: spaceConfigSchema.parse({ space: request.space, ...parts.space }),
    strategy: strategyConfigSchema.parse(
      request.strategy === 'enas' ? { strategy: 'enas', controller } : { strategy: 'random-ws' },
    ),
    child,
    search: {
      ...parts.search,
      epochs: request.epochs ?? parts.search.epochs,
      randomScoresPerEpoch: controller.trainSteps * controller.numAggregate,
    },
    retrain: {
      epochs: parts.retrain.epochs,
      batchSize: parts.retrain.batchSize,
      child: childConfigSchema.parse({ space: request.space, ...parts.retrain.child }),
    },
    dataset: request.dataset ?? DEFAULT_DATASET[request.space],
    seed: request.seed ?? 1,
    backend: request.backend ?? 'auto',
  });
}
