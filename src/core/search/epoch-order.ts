/**
 * The order in which a split is visited: a fresh seeded permutation per epoch, and a cursor into it. Its whole
 * state (the generator state at the start of the epoch, the epoch, the cursor) fits in a checkpoint, so a
 * resumed run sees exactly the batches an uninterrupted one would.
 */
import type { Prng, PrngState } from '../random/prng';

export interface EpochOrderState {
  readonly epochStart: PrngState;
  readonly cursor: number;
}

export class EpochOrder {
  private order: Int32Array;
  private cursor = 0;
  private epochStart: PrngState;

  constructor(
    private readonly count: number,
    private readonly prng: Prng,
  ) {
    this.epochStart = prng.state();
    this.order = this.shuffle();
  }

  /** The next `n` indices, wrapping into a new permutation when this one runs out. */
  take(n: number): number[] {
    const out: number[] = [];
    while (out.length < n) {
      if (this.cursor >= this.count) {
        this.epochStart = this.prng.state();
        this.order = this.shuffle();
        this.cursor = 0;
      }
      out.push(this.order[this.cursor++] as number);
    }
    return out;
  }

  getState(): EpochOrderState {
    return { epochStart: this.epochStart, cursor: this.cursor };
  }

  setState(state: EpochOrderState): void {
    this.prng.setState(state.epochStart);
    this.epochStart = state.epochStart;
    this.order = this.shuffle();
    this.cursor = state.cursor;
  }

  /** Fisher–Yates with the seeded generator. */
  private shuffle(): Int32Array {
    const order = Int32Array.from({ length: this.count }, (_, i) => i);
    for (let i = this.count - 1; i > 0; i--) {
      const j = this.prng.int(i + 1);
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    return order;
  }
}
