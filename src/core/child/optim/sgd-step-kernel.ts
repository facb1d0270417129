/**
 * A fused update kernel a backend may provide: the whole optimiser step of train-step.ts (L2 term, global
 * norm clip, (Nesterov) momentum) for every weight of a step in one kernel call. Composed of tfjs kernels the
 * same step runs about fifteen small kernels per weight (square and sum for the penalty, its gradient, square
 * and sum for the norm, the clip's scale, the momentum update), about 2,300 per micro child step of the quick
 * search; on wasm each costs a fixed dispatch and a pass over memory (bench/README.md). Where the active backend
 * has no such kernel (cpu, webgpu), train-step.ts runs that composition, unchanged.
 *
 * Contract of `EnasSgdStep`, for n weights (the official `get_train_ops`, src/utils.py, with
 * tf.train.MomentumOptimizer; sgd-momentum.ts has the update):
 *
 * - inputs `w0…w{n−1}` (the weights), `g0…g{n−1}` (the gradients of the data loss alone, each of its weight's
 *   shape, float32), and `a{i}` (weight i's momentum) for each i listed in the attr `slots`;
 * - attrs `learningRate`, `l2Reg`, `momentum`, `useNesterov`, `gradBound` (a number > 0, or −1: no clip),
 *   `slots` (number[]);
 * - with, elementwise in float32 as the composition rounds (each product and sum rounded once):
 *     g  = g_data + l2Reg·(2w)                      the gradient of data loss + l2Reg·Σ w²
 *     s  = gradBound / max(‖g‖, gradBound)          ‖g‖ the global norm over all n gradients (tf.clip_by_global_norm)
 *     g′ = g·s  (g when there is no bound)
 *     a′ = μ·a + g′  (g′ where weight i has no slot yet);   w′ = w − lr·(g′ + μ·a′) Nesterov, w − lr·a′ plain;
 *     with μ = 0: no slots at all and w′ = w − lr·g′
 * - outputs, in order: the n new weights w′, the n new momenta a′ (none when μ = 0), and a float32 [2] tensor
 *   (Σ w² over every weight before the update, ‖g‖).
 *
 * Σ w² and ‖g‖ are sums over every weight; a kernel may sum in another order (in float64, say) than the
 * composition's per-weight float32 sums, so ‖g‖, the clip scale and what follows from it agree to float32
 * rounding. Without a bound, and for a weight the data loss uses once, the update is the composition's bit for
 * bit; where a weight is used more than once (a recurrent cell over time steps) the tape adds the L2 term to
 * its first contribution rather than to their sum, which again differs only in float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';

export const SGD_STEP = 'EnasSgdStep';

/** `gradBound` attr value meaning "do not clip". */
export const NO_GRAD_BOUND = -1;

/** Whether the active backend has the fused update kernel. */
export function hasFusedSgdStep(): boolean {
  return tf.getKernel(SGD_STEP, tf.getBackend()) !== undefined;
}
