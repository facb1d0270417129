/**
 * Hyperparameters of the ENAS controller (the LSTM policy and its REINFORCE update), named as the official
 * `controller_*` flags in camelCase. Each field says what it means, its unit and where its default comes from:
 * `main.py` means melodyguan/enas src/cifar10/main.py, "micro script" scripts/cifar10_micro_search.sh,
 * "macro script" scripts/cifar10_macro_search.sh, "PTB script" scripts/ptb_search.sh. Where the official
 * scripts disagree, the default is the CIFAR-10 micro search script's value and the others are quoted;
 * per-space presets are chosen elsewhere.
 */
import { z } from 'zod';

export const controllerConfigSchema = z.object({
  /**
   * Hidden units of the controller LSTM. Default 64, as main.py hard-codes for both CIFAR-10 searches;
   * the paper (§3) says 100.
   */
  lstmSize: z.number().int().min(1).max(1024).default(64),
  /** Stacked LSTM layers. Default 1, as main.py hard-codes (the controller classes' own default is 2). */
  lstmNumLayers: z.number().int().min(1).max(8).default(1),
  /**
   * C in `C · tanh(logits)`, which bounds every logit to [−C, C] so the policy cannot collapse early
   * (paper §3.1 footnote). null disables it. Default 1.1 (micro script; macro script 1.5, PTB script 2.5).
   */
  tanhConstant: z.number().positive().nullable().default(1.1),
  /**
   * Micro space only: op logits use `tanhConstant / opTanhReduce`, a tighter bound than for input indices
   * (micro_controller.py `op_tanh_reduce`). Dimensionless ≥ 1 in practice. Default 2.5 (micro script). The
   * macro and rnn controllers of the official code ignore it.
   */
  opTanhReduce: z.number().positive().default(2.5),
  /**
   * Logits are divided by this before the tanh bound. null disables it. Default null (CIFAR-10 scripts;
   * PTB script 5.0).
   */
  temperature: z.number().positive().nullable().default(null),
  /**
   * Weight of the sampled architecture's policy entropy (nats) added to its reward, as the official code
   * does (`reward += entropy_weight * sample_entropy`). Default 1e-4 (CIFAR-10 scripts; PTB script 1e-3).
   */
  entropyWeight: z.number().min(0).default(1e-4),
  /**
   * Which entropy `entropyWeight` multiplies. `sum` (official): the entropies of all of the sample's decisions
   * added up, as every official controller does (`sample_entropy = tf.reduce_sum(...)`); for the paper's
   * micro space (40 decisions) that is up to ≈ 58 nats, so a weight of 0.1 adds up to ≈ 5.8 to an accuracy
   * reward ≤ 1. `mean` (ours): that sum divided by the number of decisions (one per token of the arc), so
   * the bonus is at most entropyWeight · ln(largest choice count), whatever the size of the space. The
   * paper's weight (0.1 for CIFAR-10) is known here only from secondary sources, none of which says which
   * entropy; docs/presets.md says which preset reads it how. Default `sum`.
   */
  entropyReduction: z.enum(['sum', 'mean']).default('sum'),
  /**
   * Decay of the moving-average reward baseline: b ← b − (1 − baselineDecay)(b − r). Default 0.99
   * (main.py `controller_bl_dec`, not overridden by any script).
   */
  baselineDecay: z.number().min(0).max(1).default(0.99),
  /**
   * Macro space only: target probability of a skip connection for the KL penalty. Open interval (0, 1).
   * Default 0.4 (macro script; main.py 0.8).
   */
  skipTarget: z.number().gt(0).lt(1).default(0.4),
  /**
   * Macro space only: weight of the skip-rate KL penalty in the controller loss. Default 0.8 (macro
   * script; main.py 0.0).
   */
  skipWeight: z.number().min(0).default(0.8),
  /**
   * Target share of ops without weights (pooling, identity; the identity activation in rnn) for a KL penalty
   * on the policy, the micro/rnn/nb201 analogue of the macro skip penalty (general_controller.py adds
   * skipWeight · KL(skip rate ‖ skipTarget) to the controller loss). Ours: weight sharing rewards weightless
   * ops early, because their children score well before any convolution has trained, and a controller
   * trained on those rewards collapses onto them (measured: 99–100% of the quick micro policy's ops). Open
   * interval (0, 1). Default 0.6, the share a uniform sampler draws in the micro space (3 of 5 ops).
   */
  weightlessTarget: z.number().gt(0).lt(1).default(0.6),
  /**
   * Weight of that penalty in the controller loss: the sum over the sample's op decisions (like log p) of
   * KL(Bernoulli(p_weightless) ‖ Bernoulli(weightlessTarget)), where p_weightless is the policy's total
   * probability of the weightless options at that decision. Default 0 (off, as the official code).
   */
  weightlessWeight: z.number().min(0).default(0),
  /**
   * Adam step size. Default 0.0035 (micro script; macro and PTB scripts 0.001). The official controller
   * never decays it (main.py `lr_dec_every=1000000`).
   */
  learningRate: z.number().positive().default(0.0035),
  /**
   * Sampled architectures whose gradients are averaged into one Adam step (official SyncReplicasOptimizer
   * `num_aggregate`). Default 10 (micro and PTB scripts; macro script 20).
   */
  numAggregate: z.number().int().min(1).max(10_000).default(10),
  /**
   * Controller updates per controller phase (each uses `numAggregate` samples). Default 30 (micro script;
   * macro script 50, PTB script 100).
   */
  trainSteps: z.number().int().min(1).default(30),
  /**
   * Clip the gradients to this global L2 norm before the Adam step. null disables it. Default null: the
   * official controller is built with `clip_mode=None`.
   */
  gradBound: z.number().positive().nullable().default(null),
  /**
   * Micro space only: initial value of the learned op bias `b_soft` for the first two ops (sep3x3, sep5x5);
   * the others start at 0. micro_controller.py hard-codes 10, a strong prior for separable convolutions
   * that, under the tanh bound, the controller can hardly unlearn. Default 10 (official); 0 starts unbiased.
   */
  opBiasInit: z.number().default(10),
  /**
   * Micro space only: the fixed op-logit offset of the normal cell, +x for the two separable convolutions and
   * −x for the rest (micro_controller.py `b_soft_no_learn`, 0.25, never trained). Default 0.25 (official);
   * 0 removes this second prior (ours: with `opBiasInit` 0 the controller then starts uniform).
   */
  normalCellOpOffset: z.number().min(0).default(0.25),
  /**
   * Adam's first-moment decay. Default 0, as the official `get_train_ops` builds the controller's optimizer
   * (`tf.train.AdamOptimizer(lr, beta1=0.0, epsilon=1e-3)`): RMSProp-like steps.
   */
  adamBeta1: z.number().min(0).lt(1).default(0),
  /** Adam's ε. Default 1e-3, as the official `get_train_ops` (TensorFlow's own default is 1e-8). */
  adamEpsilon: z.number().positive().default(1e-3),
  /**
   * How Adam corrects its moments. `tf1` (official): TensorFlow 1's rule, lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√v + ε)
   * with ε added to the *uncorrected* √v, so early steps with small gradients are ε-limited (at t = 1 the
   * effective ε is ε/√(1−β2) ≈ 32ε). `kingma-ba` (ours): the paper's rule, m̂/(√v̂ + ε) with both moments
   * bias-corrected (Kingma & Ba 2015, Algorithm 1), so the first updates are full-sized.
   */
  adamCorrection: z.enum(['tf1', 'kingma-ba']).default('tf1'),
  /**
   * How the moving-average reward baseline starts. `zero` (official: `baseline = tf.Variable(0.0)`), so every
   * early advantage r − b is positive and every early sample is reinforced; `first-batch` (ours): the mean
   * reward of the first scored batch, so the first update already separates better from worse samples.
   */
  baselineInit: z.enum(['zero', 'first-batch']).default('zero'),
  /**
   * Centre each update's advantages on their batch mean and divide them by their batch standard deviation
   * (ours; the usual REINFORCE/PPO normalisation). Rewards of weight-shared children differ by a few
   * hundredths of accuracy, so raw advantages give tiny gradients; and while the shared weights improve, a
   * slow baseline lags every reward, so raw advantages reinforce every sample. Default false (official).
   */
  advantageNormalize: z.boolean().default(false),
  /**
   * Rnn space only: the previous-node logits get −rnnDistancePrior·(k − j)² added (node k choosing node j),
   * a prior for recent nodes. Default 1/6: ptb_enas_controller.py divides by 6.0 (12.0 in older commits).
   * 0 disables it.
   */
  rnnDistancePrior: z.number().min(0).default(1 / 6),
});

export type ControllerConfig = z.infer<typeof controllerConfigSchema>;
