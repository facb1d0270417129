/**
 * Hyperparameters of the child networks: the weight-shared supernet trained during a search and the fixed
 * network retrained from scratch afterwards. Names follow the official `child_*` flags in camelCase
 * (`child_out_filters` → `outFilters`, `child_lr_T_0` → `lrT0`). Each field says its meaning, unit and
 * where its default comes from: "micro script" is melodyguan/enas scripts/cifar10_micro_search.sh, "macro
 * script" scripts/cifar10_macro_search.sh, "micro final" scripts/cifar10_micro_final.sh, `main.py`
 * src/cifar10/main.py. Defaults describe a search; a retrain preset overrides the size fields. The
 * discriminator `space` matches the search-space config.
 */
import { z } from 'zod';

/** SGD with momentum and a cosine schedule with warm restarts (Loshchilov & Hutter, 2017). */
const optimizerFields = {
  /** Peak learning rate of each cosine cycle (official `child_lr_max`). Default 0.05 (both CIFAR-10 scripts). */
  lrMax: z.number().positive().default(0.05),
  /** Learning rate at the end of each cycle (official `child_lr_min`), ≤ lrMax. Default 0.0005 (both scripts). */
  lrMin: z.number().min(0).default(0.0005),
  /** Length of the first cycle in epochs (official `child_lr_T_0`). Default 10 (both scripts). */
  lrT0: z.number().int().min(1).default(10),
  /** Each cycle is this many times longer than the previous (official `child_lr_T_mul`). Default 2. */
  lrTMul: z.number().int().min(1).default(2),
  /** Momentum coefficient; 0 gives plain SGD. Default 0.9 (official `get_train_ops`, optim_algo "momentum"). */
  momentum: z.number().min(0).lt(1).default(0.9),
  /** Nesterov momentum, as the official MomentumOptimizer(use_nesterov=True). Default true. */
  useNesterov: z.boolean().default(true),
  /** Clip the gradients to this global L2 norm; null disables. Default 5 (`main.py` `child_grad_bound`). */
  gradBound: z.number().positive().nullable().default(5),
};

/** Fields shared by the two image spaces. */
const imageFields = {
  ...optimizerFields,
  /** Probability of keeping a unit in the dropout before the classifier. Default 0.9 (both scripts). */
  keepProb: z.number().gt(0).max(1).default(0.9),
  /**
   * Side in pixels of the square zeroed by cutout (DeVries & Taylor, 2017); null disables. Default null
   * (search scripts; micro final uses 16).
   */
  cutoutSize: z.number().int().min(1).nullable().default(null),
};

export const microChildSchema = z.object({
  space: z.literal('micro'),
  ...imageFields,
  /**
   * Normal cells of the network (official `child_num_layers`); two reduction cells come on top, so there
   * are numLayers + 2 cells in all. Default 6 (micro script; micro final 15).
   */
  numLayers: z.number().int().min(1).max(64).default(6),
  /** Channels of the first cells; doubled at each reduction cell. Even. Default 20 (micro script; final 36). */
  outFilters: z.number().int().min(2).max(1024).multipleOf(2).default(20),
  /**
   * Which of the numLayers + 2 cells (0-based) are reduction cells, ascending. null places them as the
   * official code does: at ⌊numLayers/3⌋ and 2⌊numLayers/3⌋ + 1. Default null.
   */
  reductionLayers: z.array(z.number().int().min(0)).nullable().default(null),
  /**
   * Drop-path keep probability at the last cell and the end of training; earlier cells and steps keep more
   * (micro_child.py `_apply_drop_path`). 1 disables. Default 1: the micro script passes 0.6, but the official
   * search graph (`_enas_layer`) never applies drop-path, only the fixed one does (micro final: 0.6).
   */
  dropPathKeepProb: z.number().gt(0).max(1).default(1),
  /** Weight of the L2 penalty on the weights a child uses. Default 1e-4 (micro script; final 2e-4). */
  l2Reg: z.number().min(0).default(1e-4),
});

export const macroChildSchema = z.object({
  space: z.literal('macro'),
  ...imageFields,
  /** Channels of every layer during the search; a fixed network doubles them at each pooling. Default 36. */
  outFilters: z.number().int().min(2).max(1024).multipleOf(2).default(36),
  /**
   * Layers (0-based) after which every feature map is halved by a factorized reduction, ascending. null
   * places them as the official code does: at ⌊L/3⌋ − 1 and 2⌊L/3⌋ − 1 for L layers. Default null.
   */
  poolLayers: z.array(z.number().int().min(0)).nullable().default(null),
  /**
   * How the weight-shared supernet builds a layer; a fixed (retrain) network always uses `_fixed_layer`, so
   * the field is unused there. `enas-layer`: the official search graph (general_child.py `_enas_layer`,
   * `whole_channels`): every op starts with 1×1 conv → BN → ReLU, then k×k conv or depthwise-separable conv
   * → BN → ReLU, or a 3×3 pool; the op output and the chosen skip inputs are summed, then batch-normalised.
   * `fixed-layer`: the fixed network's form (`_fixed_layer`): ReLU → op → BN, then the op output and the
   * skip inputs concatenated and projected back by ReLU → 1×1 conv → BN, one C×C block per source (this
   * code's supernet before issue 11). Default `fixed-layer`, so a stored run from before issue 11 (whose
   * config has no such field) resumes in the form its checkpoints hold; the official-scripts and paper presets
   * set `enas-layer`, and quick keeps `fixed-layer`, measured to learn faster at its budget (docs/presets.md).
   */
  searchLayer: z.enum(['enas-layer', 'fixed-layer']).default('fixed-layer'),
  /**
   * Batch norm of the supernet (unused by a fixed network, which always keeps moving averages). `moving`:
   * the official search graph: a training step normalises with the batch's statistics and updates moving
   * averages (decay 0.9) of the batch norms the child ran; rewards, derive scores and health probes read
   * the averages (general_child.py `_build_valid_rl` builds the model with is_training=False). `batch`:
   * batch statistics in training and evaluation alike, no moving averages, as the official micro search
   * does; a child's score then does not depend on statistics gathered while other children trained.
   * Default `batch` (what runs before issue 11 used; the reproductions set `moving`).
   */
  searchBatchNorm: z.enum(['moving', 'batch']).default('batch'),
  /** Weight of the L2 penalty on the weights a child uses. Default 2.5e-4 (macro script). */
  l2Reg: z.number().min(0).default(2.5e-4),
});

export const rnnChildSchema = z.object({
  space: z.literal('rnn'),
  ...optimizerFields,
  /**
   * Peak learning rate. The loss is the mean cross-entropy per token, so the paper's value applies.
   * Default 20 (paper §3.2; the official PTB script instead uses 0.25 on a loss summed over 35 steps).
   */
  lrMax: z.number().positive().default(20),
  /** Learning rate at the end of the cycle. Default 0.1, about where the paper's 0.96/epoch decay ends. */
  lrMin: z.number().min(0).default(0.1),
  /** Length of the first cycle in epochs. Default 150: one cycle over the paper's 150 epochs. */
  lrT0: z.number().int().min(1).default(150),
  /** Momentum; the official PTB child uses plain SGD. Default 0. */
  momentum: z.number().min(0).lt(1).default(0),
  /** Global gradient-norm bound. Default 0.25 (paper §3.2). */
  gradBound: z.number().positive().nullable().default(0.25),
  /** Weight of the L2 penalty. Default 1e-7 (paper §3.2 and the PTB script). */
  l2Reg: z.number().min(0).default(1e-7),
  /** Width of the embedding, of every cell node and of the tied softmax. Default 720 (PTB script). */
  hiddenSize: z.number().int().min(1).max(4096).default(720),
  /** Steps of truncated back-propagation through time per update. Default 35 (PTB script `child_bptt_steps`). */
  bpttSteps: z.number().int().min(1).max(1000).default(35),
  /** Embedding dropout: keep probability of a word type in a sequence. Default 0.75 (`lstm_e_keep`). */
  embeddingKeepProb: z.number().gt(0).max(1).default(0.75),
  /** Variational dropout on the cell input x_t: keep probability. Default 0.25 (`lstm_x_keep`). */
  inputKeepProb: z.number().gt(0).max(1).default(0.25),
  /** Variational dropout on the recurrent state read by each node. Default 0.75 (`lstm_h_keep`). */
  stateKeepProb: z.number().gt(0).max(1).default(0.75),
  /** Variational dropout on the cell output before the softmax. Default 0.25 (`lstm_o_keep`). */
  outputKeepProb: z.number().gt(0).max(1).default(0.25),
});

/**
 * The NAS-Bench-201 network (Dong & Yang, ICLR 2020, §2.1; official `TinyNetwork`): a 3×3 stem, three stages of
 * `cellsPerStage` cells with outFilters, 2·outFilters and 4·outFilters channels, a residual reduction block
 * between stages. The optimizer defaults are the benchmark's own training (configs/nas-benchmark/hyper-opts/
 * 200E.config of D-X-Y/AutoDL-Projects: SGD, Nesterov momentum 0.9, lr 0.1 cosine to 0 over 200 epochs, weight
 * decay 5e-4, no clipping); the size defaults are small, for a CPU (the benchmark: 16 and 5).
 */
export const nb201ChildSchema = z.object({
  space: z.literal('nb201'),
  ...imageFields,
  /** Peak learning rate. Default 0.1 (the benchmark's `LR`). */
  lrMax: z.number().positive().default(0.1),
  /** Learning rate at the end of the cycle. Default 0 (the benchmark's `eta_min`). */
  lrMin: z.number().min(0).default(0),
  /** Length of the cosine cycle in epochs. Default 200: one cycle over the benchmark's 200 epochs. */
  lrT0: z.number().int().min(1).default(200),
  /** Default 1: one cycle, no restarts, as the benchmark's cosine schedule. */
  lrTMul: z.number().int().min(1).default(1),
  /** Default null: the benchmark does not clip gradients. */
  gradBound: z.number().positive().nullable().default(null),
  /** Keep probability of a dropout before the classifier. Default 1: the benchmark's network has none. */
  keepProb: z.number().gt(0).max(1).default(1),
  /** Channels C of the first stage; the second and third have 2C and 4C. Even. Default 16 (the benchmark's C). */
  outFilters: z.number().int().min(2).max(1024).multipleOf(2).default(16),
  /** Cells N per stage. Default 1 (small, for a CPU; the benchmark's N is 5). */
  cellsPerStage: z.number().int().min(1).max(64).default(1),
  /**
   * Weight of the L2 penalty l2Reg · Σ w² on the weights a child uses. PyTorch's SGD weight decay d adds d · w
   * to the gradient, the gradient of (d/2) · Σ w², so the benchmark's decay 5e-4 is l2Reg 2.5e-4. Default 2.5e-4.
   */
  l2Reg: z.number().min(0).default(2.5e-4),
});

export const childConfigSchema = z.discriminatedUnion('space', [
  microChildSchema,
  macroChildSchema,
  rnnChildSchema,
  nb201ChildSchema,
]);

export type MicroChildConfig = z.infer<typeof microChildSchema>;
export type MacroChildConfig = z.infer<typeof macroChildSchema>;
export type RnnChildConfig = z.infer<typeof rnnChildSchema>;
export type Nb201ChildConfig = z.infer<typeof nb201ChildSchema>;
export type ChildConfig = z.infer<typeof childConfigSchema>;
