/**
 * Search-space configurations: what a search explores. Names follow the official ENAS code in camelCase
 * (`child_num_layers` → `numLayers`, `child_num_cells` → `numNodes`, `child_num_branches` → `numBranches`)
 * so a config can be read beside the paper's scripts. Parsed with zod at every boundary.
 */
import { z } from 'zod';

/** Ops of the macro space, in the official integer order. */
export const MACRO_OPS = ['conv3x3', 'sep3x3', 'conv5x5', 'sep5x5', 'avg3x3', 'max3x3'] as const;
/** Ops of the micro space, in the official integer order. */
export const MICRO_OPS = ['sep3x3', 'sep5x5', 'avg3x3', 'max3x3', 'identity'] as const;
/** Activations of the recurrent cell, in the official integer order. */
export const RNN_ACTIVATIONS = ['tanh', 'relu', 'identity', 'sigmoid'] as const;

export const macroSpaceSchema = z.object({
  space: z.literal('macro'),
  /** Number of layers L in the child network (official `child_num_layers`). Default 12. */
  numLayers: z.number().int().min(1).max(64).default(12),
  /** Number of candidate ops per layer, a prefix of MACRO_OPS (official `child_num_branches`). Default 6. */
  numBranches: z.number().int().min(1).max(MACRO_OPS.length).default(6),
});

export const microSpaceSchema = z.object({
  space: z.literal('micro'),
  /**
   * Searched nodes per cell, not counting the two cell inputs (official `child_num_cells`). The paper's
   * B counts the inputs too: B = numNodes + 2. Default 5 (B = 7).
   */
  numNodes: z.number().int().min(1).max(16).default(5),
  /** Number of candidate ops per input, a prefix of MICRO_OPS (official `child_num_branches`). Default 5. */
  numBranches: z.number().int().min(1).max(MICRO_OPS.length).default(5),
});

export const rnnSpaceSchema = z.object({
  space: z.literal('rnn'),
  /** Nodes N of the recurrent cell (official `rnn_num_layers` in the ENAS PTB code). Default 12. */
  numNodes: z.number().int().min(1).max(32).default(12),
  /** Number of candidate activations, a prefix of RNN_ACTIVATIONS. Default 4. */
  numActivations: z.number().int().min(1).max(RNN_ACTIVATIONS.length).default(4),
});

/**
 * Ops of the NAS-Bench-201 cell (Dong & Yang, ICLR 2020), in the benchmark's own integer order: the digit
 * of an edge in its tables and the names of its `|op~j|` strings.
 */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;

/**
 * The NAS-Bench-201 cell space: 4 nodes, one op per edge j → i (j < i), 6 edges × 5 ops = 15,625 cells.
 * Nothing is configurable: the benchmark's tables are indexed by exactly this space.
 */
export const nb201SpaceSchema = z.object({
  space: z.literal('nb201'),
});

/**
 * The spaces a run trains a supernet on (a run config's `space`). nb201 is one of them since its network
 * and weight-shared supernet exist (src/core/child/nb201); it is also searched against the benchmark's
 * recorded accuracies, without training (docs/nas-bench-201.md).
 */
export const spaceConfigSchema = z.discriminatedUnion('space', [
  macroSpaceSchema,
  microSpaceSchema,
  rnnSpaceSchema,
  nb201SpaceSchema,
]);

/** Every space the engine can build and a controller can sample (today the same spaces as a run's). */
export const anySpaceConfigSchema = z.discriminatedUnion('space', [
  macroSpaceSchema,
  microSpaceSchema,
  rnnSpaceSchema,
  nb201SpaceSchema,
]);

export type MacroSpaceConfig = z.infer<typeof macroSpaceSchema>;
export type MicroSpaceConfig = z.infer<typeof microSpaceSchema>;
export type RnnSpaceConfig = z.infer<typeof rnnSpaceSchema>;
export type Nb201SpaceConfig = z.infer<typeof nb201SpaceSchema>;
export type SpaceConfig = z.infer<typeof spaceConfigSchema>;
export type SpaceName = SpaceConfig['space'];
export type AnySpaceConfig = z.infer<typeof anySpaceConfigSchema>;
export type AnySpaceName = AnySpaceConfig['space'];
