/**
 * The replay memory of `enas-memory` (Adam & Lorraine 2019, §5): the last `memorySize` scored architectures,
 * first in first out, and the draw of the ones an update replays. Its own Prng (a stream of the run's seed),
 * so drawing from the memory never shifts the controller's sample stream; memory and Prng are part of the
 * strategy's checkpointed state, so a resumed run replays what an uninterrupted one would.
 */
import type { MemoryConfig } from '../../shared/config/strategy';
import { EnasError } from '../../shared/errors';
import type { ScoredTokens } from '../controller/scored-batch';
import { createPrngFromState, createStreamPrng } from '../random/prng';
import type { Prng, PrngState } from '../random/prng';

/** One remembered architecture: arc tokens, the entropy it was sampled with and its reward. */
export interface MemoryEntry {
  readonly tokens: readonly number[];
  readonly entropy: number;
  readonly reward: number;
}

export interface ReplayMemoryState {
  /** Oldest first. */
  readonly entries: readonly MemoryEntry[];
  readonly prng: PrngState;
}

export interface ReplayMemory {
  readonly size: number;
  /** The architectures the next update replays (empty while the memory is). Advances the memory's Prng. */
  draw(): ScoredTokens[];
  /** Remember a scored batch, dropping the oldest entries past `memorySize`. */
  add(batch: readonly ScoredTokens[]): void;
  getState(): ReplayMemoryState;
  setState(state: ReplayMemoryState): void;
}

/** Stream of the run's seed the memory draws from (search-health.ts SEARCH_STREAMS uses 101–105). */
const MEMORY_STREAM = 201;

export function createReplayMemory(config: MemoryConfig, seed: number): ReplayMemory {
  let entries: MemoryEntry[] = [];
  let prng: Prng = createStreamPrng(seed, MEMORY_STREAM, 0);
  return {
    get size() {
      return entries.length;
    },
    draw() {
      if (entries.length === 0) return [];
      if (config.replayDraw === 'best') {
        // Highest reward first; the newer of equal rewards first (a stable sort over newest-first order).
        return [...entries].reverse().sort((a, b) => b.reward - a.reward).slice(0, config.replaySize);
      }
      return Array.from({ length: config.replaySize }, () => entries[prng.int(entries.length)]!);
    },
    add(batch) {
      entries = [...entries, ...batch.map(({ tokens, entropy, reward }) => ({ tokens: [...tokens], entropy, reward }))];
      if (entries.length > config.memorySize) entries = entries.slice(entries.length - config.memorySize);
    },
    getState() {
      return { entries: entries.map((e) => ({ ...e, tokens: [...e.tokens] })), prng: prng.state() };
    },
    setState(state) {
      if (state.entries.length > config.memorySize) {
        throw new EnasError(
          'STRATEGY_BAD_STATE',
          `replay memory state: ${state.entries.length} entries, more than memorySize ${config.memorySize}`,
        );
      }
      let restored: Prng;
      try {
        restored = createPrngFromState(state.prng);
      } catch (err) {
        throw new EnasError('STRATEGY_BAD_STATE', `replay memory state: ${err instanceof Error ? err.message : String(err)}`);
      }
      entries = state.entries.map((e) => ({ ...e, tokens: [...e.tokens] }));
      prng = restored;
    },
  };
}
