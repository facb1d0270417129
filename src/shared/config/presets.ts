/**
 * Presets: every hyperparameter of a run in one named bundle. docs/presets.md lists each value with where it
 * comes from, and presets.test.ts fails when the two disagree.
 *
 * - `official-scripts` reproduces what melodyguan/enas scripts/cifar10_{micro,macro}_{search,final}.sh and
 *   ptb_{search,final}.sh actually do, translated to this code's conventions where they differ.
 * - `paper` takes Pham et al. (2018) literally where the paper states a value, and the official scripts where
 *   it is silent.
 * Both set every field that has an effect in their space, so a change of a schema default cannot silently
 * change a reproduction. `quick` is a CPU demo sized to show real learning on the embedded data in minutes.
 */
import type { z } from 'zod';
import { EnasError } from '../errors';
import { childConfigSchema } from './child';
import { controllerConfigSchema } from './controller';
import type { ControllerConfig } from './controller';
import type { PresetName, RunConfig , searchScheduleSchema } from './run';
import { runConfigSchema } from './run';
import type { SpaceName } from './space';
import { spaceConfigSchema } from './space';
import type { StrategyConfig, StrategyName } from './strategy';
import { strategyConfigSchema } from './strategy';

/** What the UI shows next to a preset. */
export const PRESET_SOURCES: Record<PresetName, string> = {
  quick: 'A CPU demo: small networks and few epochs, tuned to learn on the embedded data in minutes.',
  paper:
    'Pham et al., "Efficient Neural Architecture Search via Parameter Sharing", ICML 2018, §2.2 and §3; ' +
    'the official scripts where the paper is silent. Not yet checked against the paper\'s text (docs/presets.md).',
  'official-scripts':
    'melodyguan/enas scripts/cifar10_{micro,macro}_{search,final}.sh and ptb_{search,final}.sh, as they run.',
};

/** The built-in dataset each space searches by default. */
export const DEFAULT_DATASET: Record<SpaceName, string> = {
  micro: 'fashion-mnist-small',
  macro: 'fashion-mnist-small',
  rnn: 'austen-ptb',
  nb201: 'fashion-mnist-small',
};

type Fields<T> = Omit<T, 'space'>;
type SpaceFields<S extends SpaceName> = Fields<Extract<z.input<typeof spaceConfigSchema>, { space: S }>>;
type ChildFields<S extends SpaceName> = Fields<Extract<z.input<typeof childConfigSchema>, { space: S }>>;

interface PresetParts<S extends SpaceName> {
  space: SpaceFields<S>;
  /** The enas controller; random-ws ignores it but scores as many samples per epoch. */
  controller: z.input<typeof controllerConfigSchema>;
  child: ChildFields<S>;
  search: Omit<z.input<typeof searchScheduleSchema>, 'randomScoresPerEpoch'>;
  retrain: { epochs: number; batchSize: number; child: ChildFields<S> };
}

type PresetTable = { [S in SpaceName]: PresetParts<S> };
/** A preset with no values for some spaces: resolving one of those is refused with the reason given. */
type PartialPresetTable = { [S in SpaceName]: PresetParts<S> | { readonly refused: string } };

const searchDefaults = { childStepsPerEpoch: null, deriveTopK: 5, rewardC: 80, objective: { kind: 'accuracy' } } as const;
/**
 * The reproductions have no warm-up and derive in one stage, as the paper and the official code do; the
 * health probes only observe (10 children on 250 validation examples per epoch) and change no search.
 */
const REPRODUCTION_EXTRAS = {
  warmupEpochs: 0, uniformChildShare: 0, augment: true, healthChildren: 10, healthBatchSize: 250, deriveRescoreTopN: 0, deriveRescoreBatchSize: null,
} as const;
/** The macro supernet as the official search graph builds it: general_child.py `_enas_layer`, evaluated on moving averages. */
const OFFICIAL_MACRO_SEARCH_GRAPH = { searchLayer: 'enas-layer', searchBatchNorm: 'moving' } as const;

/** Light variational dropout for the quick rnn's small, short-trained model (see QUICK.rnn). */
const QUICK_RNN_DROPOUT = { embeddingKeepProb: 0.9, inputKeepProb: 0.8, stateKeepProb: 0.9, outputKeepProb: 0.8 } as const;

/**
 * The controller knobs that make the quick controllers learn within a few dozen updates (ours; issue 11 of
 * this project measured the official ones leaving a micro policy's entropy at 57.189 → 57.185 after 30
 * updates): Kingma & Ba's Adam (β1 0.9, ε 1e-8) at 0.005, a baseline started at the first batch's mean, and
 * advantages normalised per batch. src/core/strategy/quick-learning.test.ts checks the effect: with a
 * synthetic reward, 50 updates of 8 (the quick micro budget) take a hidden op from 0.20 to 0.97 of the choices.
 */
const QUICK_LEARNING = {
  learningRate: 0.005, adamBeta1: 0.9, adamEpsilon: 1e-8, adamCorrection: 'kingma-ba', baselineInit: 'first-batch', advantageNormalize: true,
} as const;
/** Quick macro and rnn keep the one-stage derive and no warm-up: not re-tuned yet. */
const QUICK_UNCHANGED = { warmupEpochs: 0, uniformChildShare: 0, augment: true, healthChildren: 10, healthBatchSize: 250, deriveRescoreTopN: 0, deriveRescoreBatchSize: null } as const;

const QUICK: PresetTable = {
  micro: {
    space: { numNodes: 5 },
    // weightlessWeight 1 toward a share of 0.4 (ours, the analogue of the macro skip penalty): without it every
    // quick search collapsed to cells of pooling and identity only (99–100% of ops), which retrained to 82–85%;
    // with it seed 1's policy kept 46% weightless ops and its cell retrained to 89.1% (docs/presets.md "quick").
    controller: {
      ...QUICK_LEARNING, trainSteps: 10, numAggregate: 8, opBiasInit: 0, normalCellOpOffset: 0, tanhConstant: 2.5, opTanhReduce: 1,
      weightlessWeight: 1, weightlessTarget: 0.4,
    },
    // Batch 32 at lr 0.1 (ours, measured: docs/presets.md "quick"): the same images per epoch in twice the
    // updates; uniform children reached 0.465 (lr 0.05) and 0.515 (lr 0.1) after 3 epochs against 0.383 at 64.
    child: { numLayers: 1, outFilters: 16, lrMax: 0.1, lrT0: 7, lrTMul: 1, keepProb: 1 },
    search: {
      ...searchDefaults, epochs: 7, warmupEpochs: 2, uniformChildShare: 0.5, augment: false, batchSize: 32, rewardBatchSize: 100, healthChildren: 10, healthBatchSize: 250,
      deriveSamples: 40, deriveBatchSize: 200, deriveRescoreTopN: 5, deriveRescoreBatchSize: null,
    },
    // The retrain too at batch 32 and lr 0.1: a collapsed cell of seed 1 (99% pooling and identity) retrained
    // to 83.8% test accuracy at batch 64 and lr 0.05, 85.1% at batch 32, 87.9% at batch 32 and lr 0.1. 7 epochs,
    // not 9: cells with convolutions retrain slower, and 9 took 8–9 min of a 15-min budget (2 runs side by side).
    retrain: { epochs: 7, batchSize: 32, child: { numLayers: 1, outFilters: 16, lrMax: 0.1, lrT0: 7, lrTMul: 1, keepProb: 0.9 } },
  },
  macro: {
    space: { numLayers: 6 },
    controller: { trainSteps: 10, numAggregate: 5, learningRate: 0.001, tanhConstant: 1.5 },
    // The older supernet form learned faster at this budget (docs/presets.md, quick): 0.392 against 0.270
    // accuracy of uniform children after 168 steps, at half the time per step.
    child: { outFilters: 16, lrT0: 3, lrTMul: 1, searchLayer: 'fixed-layer', searchBatchNorm: 'batch' },
    search: { ...searchDefaults, ...QUICK_UNCHANGED, epochs: 3, batchSize: 64, rewardBatchSize: 250, deriveSamples: 20, deriveBatchSize: 1000 },
    retrain: { epochs: 8, batchSize: 64, child: { outFilters: 24, lrT0: 8, lrTMul: 1, keepProb: 0.8 } },
  },
  // Measured here on the embedded Austen corpus (7,600 words, unigram validation perplexity 505): the
  // weight-shared cell blew up at the paper's lr 20 (loss 1,226 by step 40: random cells chain identity and
  // ReLU nodes), so the search uses 10; the paper's dropout (keep 0.25 on inputs and outputs) is for 720 units
  // over 150 epochs and stalls a 128-unit model for minutes, so quick keeps 0.8–0.9. A fixed cell retrained
  // from scratch at lr 20 beat the unigram perplexity within one epoch (365 after 147 steps).
  rnn: {
    space: { numNodes: 8 },
    controller: { trainSteps: 10, numAggregate: 5, tanhConstant: 2.5, temperature: 5, entropyWeight: 1e-3, learningRate: 0.001 },
    child: { hiddenSize: 128, bpttSteps: 35, lrMax: 10, lrMin: 1, lrT0: 2, lrTMul: 1, ...QUICK_RNN_DROPOUT },
    search: { ...searchDefaults, ...QUICK_UNCHANGED, healthChildren: 0, epochs: 2, batchSize: 32, rewardBatchSize: 1, deriveSamples: 20, deriveBatchSize: 4 },
    retrain: { epochs: 3, batchSize: 32, child: { hiddenSize: 128, lrMax: 20, lrMin: 1, lrT0: 3, lrTMul: 1, ...QUICK_RNN_DROPOUT } },
  },
  // The nb201 network on real images (the benchmark's cell, C = 16 and one cell per stage instead of five),
  // searched as quick micro is: a uniform warm-up epoch, then half the steps on uniform children, the quick
  // controller's learning knobs, and a two-stage derive. Sized so that `enas search --space nb201` (search,
  // derive, retrain) takes a few minutes on a 2-core CPU (docs/nas-bench-201.md has a measured run).
  nb201: {
    space: {},
    controller: { ...QUICK_LEARNING, trainSteps: 10, numAggregate: 8, tanhConstant: 2.5 },
    child: { outFilters: 16, cellsPerStage: 1, lrMax: 0.05, lrMin: 5e-4, lrT0: 4, lrTMul: 1, gradBound: 5, keepProb: 1 },
    search: {
      ...searchDefaults, epochs: 4, warmupEpochs: 1, uniformChildShare: 0.5, augment: false, batchSize: 64, rewardBatchSize: 100, healthChildren: 10, healthBatchSize: 250,
      deriveSamples: 40, deriveBatchSize: 200, deriveRescoreTopN: 5, deriveRescoreBatchSize: null,
    },
    retrain: { epochs: 4, batchSize: 64, child: { outFilters: 16, cellsPerStage: 1, lrMax: 0.05, lrMin: 5e-4, lrT0: 4, lrTMul: 1, gradBound: 5, keepProb: 1 } },
  },
};

/**
 * The official CIFAR-10 child: Nesterov momentum 0.9 (src/utils.py `get_train_ops`), no effective clipping.
 * main.py passes clip_mode="norm" and grad_bound=5, but that branch of get_train_ops appends the unclipped
 * gradient (`clipped.append(g)`), so the official runs never clip; null reproduces them.
 */
const CIFAR_SGD = { momentum: 0.9, useNesterov: true, gradBound: null } as const;
/** The official cosine schedule of both CIFAR-10 search scripts (`--child_lr_*`). */
const CIFAR_COSINE = { lrMax: 0.05, lrMin: 0.0005, lrT0: 10, lrTMul: 2 } as const;
/** The paper's cosine schedule (§3.2), used for the search and "the same settings" for the retrain. */
const PAPER_COSINE = { lrMax: 0.05, lrMin: 0.001, lrT0: 10, lrTMul: 2 } as const;
/** The official PTB child is plain SGD (`--child_optim_algo="sgd"`). */
const PTB_SGD = { momentum: 0, useNesterov: false } as const;
/**
 * The official PTB child minimises cross-entropy summed over the 35 BPTT steps (mean over the batch,
 * ptb_enas_child.py `_build_train`); ours is the mean per token, 35 times smaller. The same SGD updates need
 * lr × 35, gradient bound ÷ 35 and L2 weight ÷ 35 (the L2 term is added to the summed loss).
 */
const PTB_LOSS_SCALE = 35;
/** The PTB scripts' variational dropout keep probabilities (`--child_lstm_{e,x,h,o}_keep`). */
const PTB_SEARCH_DROPOUT = { embeddingKeepProb: 0.75, inputKeepProb: 0.25, stateKeepProb: 0.75, outputKeepProb: 0.25 } as const;
const PTB_FINAL_DROPOUT = { embeddingKeepProb: 0.79, inputKeepProb: 0.25, stateKeepProb: 0.75, outputKeepProb: 0.24 } as const;

// Deriving (§2.2): sample a few architectures, score each on one validation minibatch. The official runs
// print 10 sampled architectures with their minibatch reward after each controller phase.
const OFFICIAL: PresetTable = {
  micro: {
    space: { numNodes: 5, numBranches: 5 },
    controller: {
      lstmSize: 64, lstmNumLayers: 1, tanhConstant: 1.1, opTanhReduce: 2.5, temperature: null, entropyWeight: 1e-4,
      baselineDecay: 0.99, learningRate: 0.0035, numAggregate: 10, trainSteps: 30, gradBound: null, opBiasInit: 10,
    },
    // Drop-path 1: the script passes 0.6, but the official search graph (`_enas_layer`) never applies it.
    child: {
      ...CIFAR_SGD, ...CIFAR_COSINE, keepProb: 0.9, cutoutSize: null,
      numLayers: 6, outFilters: 20, reductionLayers: null, dropPathKeepProb: 1, l2Reg: 1e-4,
    },
    search: {
      epochs: 150, batchSize: 160, childStepsPerEpoch: null, rewardBatchSize: 160,
      deriveSamples: 10, deriveTopK: 10, deriveBatchSize: 160, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    retrain: {
      epochs: 630,
      batchSize: 144,
      child: {
        ...CIFAR_SGD, ...CIFAR_COSINE, lrMin: 0.0001, keepProb: 0.8, cutoutSize: 16,
        numLayers: 15, outFilters: 36, reductionLayers: null, dropPathKeepProb: 0.6, l2Reg: 2e-4,
      },
    },
  },
  macro: {
    space: { numLayers: 12, numBranches: 6 },
    controller: {
      lstmSize: 64, lstmNumLayers: 1, tanhConstant: 1.5, temperature: null, entropyWeight: 1e-4, baselineDecay: 0.99,
      skipTarget: 0.4, skipWeight: 0.8, learningRate: 0.001, numAggregate: 20, trainSteps: 50, gradBound: null,
    },
    child: {
      ...CIFAR_SGD, ...CIFAR_COSINE, keepProb: 0.9, cutoutSize: null, outFilters: 36, poolLayers: null, l2Reg: 2.5e-4,
      ...OFFICIAL_MACRO_SEARCH_GRAPH,
    },
    search: {
      epochs: 310, batchSize: 128, childStepsPerEpoch: null, rewardBatchSize: 128,
      deriveSamples: 10, deriveTopK: 10, deriveBatchSize: 128, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    retrain: {
      epochs: 310,
      batchSize: 100,
      child: {
        ...CIFAR_SGD, ...CIFAR_COSINE, lrMin: 0.001, keepProb: 0.5, cutoutSize: null,
        outFilters: 96, poolLayers: null, l2Reg: 2e-4,
      },
    },
  },
  rnn: {
    space: { numNodes: 12, numActivations: 4 },
    controller: {
      lstmSize: 100, lstmNumLayers: 1, tanhConstant: 2.5, temperature: 5, entropyWeight: 1e-3, baselineDecay: 0.99,
      learningRate: 0.001, numAggregate: 10, trainSteps: 100, gradBound: null, rnnDistancePrior: 1 / 6,
    },
    // The official step decay (×0.95 per epoch from epoch 12) becomes one cosine cycle ending where it ends:
    // 0.25 · 0.95^88 · 35 ≈ 0.096.
    child: {
      ...PTB_SGD, lrMax: 0.25 * PTB_LOSS_SCALE, lrMin: 0.096, lrT0: 100, lrTMul: 1, gradBound: 10 / PTB_LOSS_SCALE,
      l2Reg: 1e-7 / PTB_LOSS_SCALE, hiddenSize: 720, bpttSteps: 35, ...PTB_SEARCH_DROPOUT,
    },
    search: {
      epochs: 100, batchSize: 20, childStepsPerEpoch: null, rewardBatchSize: 1,
      deriveSamples: 10, deriveTopK: 10, deriveBatchSize: 1, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    // ptb_final.sh decays ×0.9991 per epoch from epoch 14: 20 · 0.9991^1986 · 35 ≈ 117 at the end.
    retrain: {
      epochs: 2000,
      batchSize: 64,
      child: {
        ...PTB_SGD, lrMax: 20 * PTB_LOSS_SCALE, lrMin: 117, lrT0: 2000, lrTMul: 1, gradBound: 0.25 / PTB_LOSS_SCALE,
        l2Reg: 5e-7 / PTB_LOSS_SCALE, hiddenSize: 748, bpttSteps: 35, ...PTB_FINAL_DROPOUT,
      },
    },
  },
  // NAS-Bench-201 has no ENAS script of melodyguan/enas; its own ENAS baseline stands in (D-X-Y/AutoDL-Projects
  // scripts-search/NAS-Bench-201-algos/ENAS.sh, configs/nas-benchmark/algos/ENAS.config, exps/NAS-Bench-201-algos/
  // ENAS.py, search_model_enas_utils.py), and the retrain is the benchmark's own training of every cell
  // (configs/nas-benchmark/hyper-opts/200E.config). docs/presets.md says where this is not literal.
  nb201: {
    space: {},
    // Controller(lstm_size=32, lstm_num_layers=2, tanh_constant=2.5, temperature=5); PyTorch's Adam (bias-corrected)
    // with betas (0, 0.999), eps 1e-3, lr 0.001; the controller's gradient clipped to norm 5.
    controller: {
      lstmSize: 32, lstmNumLayers: 2, tanhConstant: 2.5, temperature: 5, entropyWeight: 1e-4, entropyReduction: 'sum',
      baselineDecay: 0.99, learningRate: 0.001, numAggregate: 20, trainSteps: 50, gradBound: 5,
      adamBeta1: 0, adamEpsilon: 1e-3, adamCorrection: 'kingma-ba', baselineInit: 'first-batch', advantageNormalize: false,
    },
    // ENAS.config: SGD lr 0.05, Nesterov momentum 0.9, weight decay 2.5e-4 (l2Reg 1.25e-4, see nb201ChildSchema),
    // cosine with T_max 10 epochs to 5e-4; the shared CNN's gradient clipped to norm 5.
    child: {
      momentum: 0.9, useNesterov: true, lrMax: 0.05, lrMin: 5e-4, lrT0: 10, lrTMul: 1, gradBound: 5, l2Reg: 1.25e-4,
      keepProb: 1, cutoutSize: null, outFilters: 16, cellsPerStage: 5,
    },
    search: {
      epochs: 250, batchSize: 128, childStepsPerEpoch: null, rewardBatchSize: 128,
      deriveSamples: 100, deriveTopK: 1, deriveBatchSize: 128, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    retrain: {
      epochs: 200,
      batchSize: 256,
      child: {
        momentum: 0.9, useNesterov: true, lrMax: 0.1, lrMin: 0, lrT0: 200, lrTMul: 1, gradBound: null, l2Reg: 2.5e-4,
        keepProb: 1, cutoutSize: null, outFilters: 16, cellsPerStage: 5,
      },
    },
  },
};

// The paper's controller (§2.2, §3.1, §3.2): an LSTM of 100 units, Adam at 0.00035, tanh constant 2.5 and
// temperature 5, trained for 2000 steps per epoch; it names no aggregation, so one sample per step. None of
// this was read in the paper's own text (docs/presets.md, "How the paper preset was checked").
// The entropy weight (0.1 for CIFAR-10, 1e-4 for PTB) is read as a weight on the mean entropy per decision:
// no source for the paper's value says which entropy, and on the official summed entropy (≈ 55 nats for the
// micro space, 67 for macro, bench/entropy-bonus.ts) 0.1 would add ≈ 5.5–6.7 to an accuracy reward ≤ 1.
const PAPER_CONTROLLER = {
  lstmSize: 100, lstmNumLayers: 1, tanhConstant: 2.5, temperature: 5, baselineDecay: 0.99,
  learningRate: 0.00035, numAggregate: 1, trainSteps: 2000, gradBound: null, entropyReduction: 'mean',
} as const;

const PAPER: PartialPresetTable = {
  micro: {
    space: { numNodes: 5, numBranches: 5 },
    controller: { ...PAPER_CONTROLLER, entropyWeight: 0.1, opTanhReduce: 2.5, opBiasInit: 10 },
    child: {
      ...CIFAR_SGD, ...PAPER_COSINE, keepProb: 0.9, cutoutSize: null,
      numLayers: 6, outFilters: 20, reductionLayers: null, dropPathKeepProb: 1, l2Reg: 1e-4,
    },
    search: {
      epochs: 310, batchSize: 128, childStepsPerEpoch: null, rewardBatchSize: 128,
      deriveSamples: 10, deriveTopK: 1, deriveBatchSize: 128, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    retrain: {
      epochs: 310,
      batchSize: 128,
      child: {
        ...CIFAR_SGD, ...PAPER_COSINE, keepProb: 0.8, cutoutSize: 16,
        numLayers: 15, outFilters: 36, reductionLayers: null, dropPathKeepProb: 0.6, l2Reg: 1e-4,
      },
    },
  },
  macro: {
    space: { numLayers: 12, numBranches: 6 },
    controller: { ...PAPER_CONTROLLER, entropyWeight: 0.1, skipTarget: 0.4, skipWeight: 0.8 },
    child: {
      ...CIFAR_SGD, ...PAPER_COSINE, keepProb: 0.9, cutoutSize: null, outFilters: 36, poolLayers: null, l2Reg: 1e-4,
      ...OFFICIAL_MACRO_SEARCH_GRAPH,
    },
    search: {
      epochs: 310, batchSize: 128, childStepsPerEpoch: null, rewardBatchSize: 128,
      deriveSamples: 10, deriveTopK: 1, deriveBatchSize: 128, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    retrain: {
      epochs: 310,
      batchSize: 128,
      child: { ...CIFAR_SGD, ...PAPER_COSINE, keepProb: 0.5, cutoutSize: null, outFilters: 96, poolLayers: null, l2Reg: 1e-4 },
    },
  },
  rnn: {
    space: { numNodes: 12, numActivations: 4 },
    controller: { ...PAPER_CONTROLLER, entropyWeight: 1e-4, rnnDistancePrior: 1 / 6 },
    // §3.1: lr 20 decayed ×0.96 per epoch from epoch 15 over 150 epochs, as one cosine cycle to 20 · 0.96^135.
    child: {
      ...PTB_SGD, lrMax: 20, lrMin: 0.081, lrT0: 150, lrTMul: 1, gradBound: 0.25, l2Reg: 1e-7,
      hiddenSize: 720, bpttSteps: 35, ...PTB_SEARCH_DROPOUT,
    },
    search: {
      epochs: 150, batchSize: 64, childStepsPerEpoch: null, rewardBatchSize: 1,
      deriveSamples: 10, deriveTopK: 1, deriveBatchSize: 1, rewardC: 80, ...REPRODUCTION_EXTRAS,
    },
    retrain: {
      epochs: 2000,
      batchSize: 64,
      child: {
        ...PTB_SGD, lrMax: 20, lrMin: 3.3, lrT0: 2000, lrTMul: 1, gradBound: 0.25, l2Reg: 5e-7,
        hiddenSize: 748, bpttSteps: 35, ...PTB_FINAL_DROPOUT,
      },
    },
  },
  nb201: {
    refused:
      'the ENAS paper (Pham et al., 2018) has no NAS-Bench-201 setting; use --preset official-scripts (the ' +
      "benchmark's own ENAS baseline and training) or --preset quick",
  },
};

const PRESETS: Record<PresetName, PartialPresetTable> = { quick: QUICK, paper: PAPER, 'official-scripts': OFFICIAL };

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

/** The strategy of a preset: the controller strategies get the preset's controller, the others their defaults. */
function presetStrategy(name: StrategyName, controller: ControllerConfig): unknown {
  switch (name) {
    case 'enas':
      return { strategy: 'enas', controller };
    case 'enas-memory':
      // The memory replays as many architectures per update as the fresh batch holds.
      return { strategy: 'enas-memory', controller, memory: { replaySize: controller.numAggregate } };
    case 'parsec':
      // As many samples per update and updates per epoch as the preset's controller: the curves compare.
      return { strategy: 'parsec', parsec: { numAggregate: controller.numAggregate, trainSteps: controller.trainSteps } };
    case 'random-ws':
      return { strategy: 'random-ws' };
  }
}

/**
 * Search strategy `name` under the budget of `controller`, as a preset resolves it: the controller strategies
 * get that controller, parsec as many samples per update and updates per epoch, random-ws its defaults.
 * Studies give each of their strategies the budget of the study's base this way (host/studies/study-plan.ts).
 */
export function strategyWithController(name: StrategyName, controller: ControllerConfig): StrategyConfig {
  return strategyConfigSchema.parse(presetStrategy(name, controller));
}

/** The fully resolved run configuration of a preset; validated, so it can be started as is. */
export function resolvePreset(request: PresetRequest): RunConfig {
  const entry = PRESETS[request.preset][request.space];
  if ('refused' in entry) {
    throw new EnasError('CONFIG_INVALID', `preset ${request.preset} has no values for the ${request.space} space: ${entry.refused}`);
  }
  const parts: PresetParts<SpaceName> = entry;
  const controller = controllerConfigSchema.parse(parts.controller);
  return runConfigSchema.parse({
    preset: request.preset,
    space: spaceConfigSchema.parse({ space: request.space, ...parts.space }),
    strategy: strategyWithController(request.strategy, controller),
    child: childConfigSchema.parse({ space: request.space, ...parts.child }),
    search: {
      ...parts.search,
      epochs: request.epochs ?? parts.search.epochs,
      // A search shorter than the preset's warm-up still trains its controller in its last epoch.
      warmupEpochs: Math.min(parts.search.warmupEpochs ?? 0, Math.max(0, (request.epochs ?? parts.search.epochs) - 1)),
      // random-ws learns nothing from these scores; it draws as many as enas would so the curves compare.
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
