/**
 * One layer of a macro network, in either of the two forms of the official general_child.py: what the
 * network asks of a layer whatever its form. The network reads the layer's input node and its skip
 * sources (halved to the layer's stage where needed) and hands them over; the layer returns its output node.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MacroLayer } from '../../spaces';
import type { ForwardContext } from '../layers/forward-context';

/** Names of the ops of MACRO_OPS, by index (the weights' names use them). */
export const OP_NAMES = ['conv3x3', 'sep3x3', 'conv5x5', 'sep5x5', 'avg3x3', 'max3x3'] as const;

/** Kernel size of the convolution ops 0–3. */
const OP_KERNELS = [3, 3, 5, 5] as const;

/** The kinds of op: k×k convolution, depthwise-separable k×k convolution, 3×3 pooling at stride 1. */
export type MacroOpKind =
  | { readonly kind: 'conv' | 'sep'; readonly size: number }
  | { readonly kind: 'pool'; readonly pool: 'avg' | 'max' };

export function macroOpKind(op: number): MacroOpKind {
  if (op === 4) return { kind: 'pool', pool: 'avg' };
  if (op === 5) return { kind: 'pool', pool: 'max' };
  return { kind: op % 2 === 0 ? 'conv' : 'sep', size: OP_KERNELS[op] ?? 3 };
}

export interface MacroLayerBlock {
  /**
   * The layer's output node.
   * @param input node k at the layer's stage.
   * @param sources the nodes of the skip bits set in `layer.skips`, in ascending order, at the layer's stage.
   */
  apply(input: tf.Tensor4D, layer: MacroLayer, sources: readonly tf.Tensor4D[], ctx: ForwardContext): tf.Tensor4D;
  /** The trainable weights the layer reads for this choice of op and skips, each once. */
  trainable(layer: MacroLayer): tf.Variable[];
}
