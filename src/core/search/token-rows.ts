/**
 * A token stream laid out as the official PTB scripts read it (`ptb_input_producer`): cut into `rows` rows
 * read in parallel, windows of `steps` tokens taken left to right, each with the targets one token ahead.
 * The tokens at the end that do not fill a row are dropped.
 */
import type { TokenBatch } from '../child/supernet';
import { EnasError } from '../../shared/errors';

export class TokenRows {
  readonly length: number;
  readonly windows: number;

  constructor(
    private readonly tokens: Int32Array,
    readonly rows: number,
    readonly steps: number,
    what: string,
  ) {
    this.length = Math.floor(tokens.length / rows);
    this.windows = Math.floor((this.length - 1) / steps);
    if (this.windows < 1) {
      throw new EnasError(
        'SEARCH_BAD_DATA',
        `${what} has ${tokens.length} tokens: too few for ${rows} rows of ${steps + 1} tokens (batchSize × (bpttSteps + 1))`,
      );
    }
  }

  /** Window `w` (0 ≤ w < windows): inputs and the targets one token ahead. */
  window(w: number): TokenBatch {
    const { rows, steps, length } = this;
    const inputs = new Int32Array(rows * steps);
    const targets = new Int32Array(rows * steps);
    for (let r = 0; r < rows; r++) {
      const base = r * length + w * steps;
      inputs.set(this.tokens.subarray(base, base + steps), r * steps);
      targets.set(this.tokens.subarray(base + 1, base + steps + 1), r * steps);
    }
    return { inputs, targets, batchSize: rows, steps };
  }
}

