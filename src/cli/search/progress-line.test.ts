import { describe, expect, it } from 'vitest';
import type { TrainerMessage } from '../../shared/protocol';
import { foldProgress, formatProgress, initialProgress } from './progress-line';

const fold = (messages: TrainerMessage[]) => messages.reduce(foldProgress, initialProgress());
const sampled = (phase: 'controller' | 'derive', validScore: number): TrainerMessage => ({
  type: 'architecture-sampled',
  seq: 0,
  step: 0,
  epoch: 0,
  phase,
  arc: '0 1',
  archId: 'micro-0000000000000000',
  entropy: 57.2,
  logProb: -3,
  reward: validScore,
  baseline: 0.1,
  validScore,
  paramCount: 1000,
  status: 'ok',
  reason: null,
});

describe('the live progress line', () => {
  it('names the controller phase and its own count, with the whole-run ETA', () => {
    const state = fold([
      { type: 'progress', stage: 'search', phase: 'child', epoch: 0, epochs: 1, done: 84, total: 84, etaS: 95 },
      sampled('controller', 0.2),
      { type: 'progress', stage: 'search', phase: 'controller', epoch: 0, epochs: 1, done: 12, total: 40, etaS: 70 },
    ]);
    expect(formatProgress(state, 'accuracy')).toBe(
      'search epoch 1/1 · controller 12/40 · reward 0.2 (baseline 0.1) · entropy 57.2 · valid acc 0.2 · child loss – · run ETA 1m10s',
    );
  });

  it('shows the derive candidates and the best score so far, not the search values', () => {
    const state = fold([
      sampled('controller', 0.9),
      { type: 'progress', stage: 'derive', epoch: 0, epochs: 1, done: 2, total: 10, etaS: 8 },
      sampled('derive', 0.31),
      sampled('derive', 0.42),
    ]);
    expect(formatProgress(state, 'accuracy')).toBe('derive 2/10 candidates · best valid acc 0.42 · run ETA 8s');
    expect(formatProgress(state, 'perplexity')).toBe('derive 2/10 candidates · best valid ppl 0.31 · run ETA 8s');
  });
});
