/**
 * The controller analysis of a run (Adam & Lorraine, "Understanding Neural Architecture Search Techniques",
 * 2019, §4): does the controller's hidden state encode the architecture it is sampling? Per epoch, over the
 * pairs of architectures the controller sampled in that epoch, the Pearson correlation between
 *   - the hidden-state distance: the Euclidean distance between the two architectures' hidden states
 *     (the top LSTM output at every decision, concatenated in decision order), and
 *   - the graph distance `arc-hamming`: the number of decisions (arc tokens) on which the two differ, an edit
 *     distance with substitutions only (every arc of a space has the same length).
 * A controller whose state tracks its past choices puts similar architectures at nearby states: a positive
 * correlation. Computed by core/analysis/controller-analysis.ts; shown in the run view and under `analysis`
 * in `enas runs show N --json`.
 */
import { z } from 'zod';

export const epochCorrelationSchema = z.object({
  epoch: z.number().int().min(0),
  /** Architectures of the epoch that were compared. */
  architectures: z.number().int().min(0),
  /** Pairs compared: architectures · (architectures − 1) / 2. */
  pairs: z.number().int().min(0),
  /** Pearson r of hidden-state distance against graph distance; null under 3 architectures or with no spread. */
  correlation: z.number().min(-1).max(1).nullable(),
});

export const controllerAnalysisSchema = z.object({
  graphDistance: z.literal('arc-hamming'),
  hiddenDistance: z.literal('euclidean'),
  epochs: z.array(epochCorrelationSchema),
  /** Mean of the epochs' correlations (those that have one); null when none has. */
  meanCorrelation: z.number().nullable(),
  /**
   * Pairs of the last epoch with a correlation, for the scatter plot: [graph distance, hidden distance]; at
   * most 2,000, every k-th pair of the epoch when it has more.
   */
  scatter: z.object({
    epoch: z.number().int().min(0),
    points: z.array(z.tuple([z.number(), z.number()])),
  }).nullable(),
});

export type EpochCorrelation = z.infer<typeof epochCorrelationSchema>;
export type ControllerAnalysis = z.infer<typeof controllerAnalysisSchema>;
