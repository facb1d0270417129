import { describe, expect, it } from 'vitest';
import { createSearchPace } from './search-pace';

function paced(now: { t: number }) {
  return createSearchPace({ epochs: 2, stepsPerEpoch: 10, rewardsPerEpoch: 4, deriveSamples: 5, deriveCostRatio: 2, clock: () => now.t });
}

describe('search pace (whole-run ETA)', () => {
  it('counts the controller phases and the derive stage, not only the shared-weight steps', () => {
    const now = { t: 0 };
    const pace = paced(now);
    for (let i = 0; i < 10; i++) {
      const start = now.t;
      now.t += 1000; // 1 s a shared-weight step
      pace.mark('step', start);
    }
    // End of phase 1 of epoch 0: 10 steps of epoch 1, 4 + 4 rewards and 5 × 2 derive units are left.
    // Rewards are not measured yet, so they are guessed at a step's pace: 10 + 8 + 10 = 28 s, not 10 s or 0 s.
    expect(pace.etaS({ epoch: 0, childStep: 10, rewardsDone: 0 })).toBeCloseTo(28);
    for (let i = 0; i < 4; i++) {
      const start = now.t;
      now.t += 3000; // 3 s a reward
      pace.mark('reward', start);
    }
    // Epoch 1 starts: 10 steps × 1 s + 4 rewards × 3 s + 10 derive units × 3 s.
    expect(pace.etaS({ epoch: 1, childStep: 0, rewardsDone: 0 })).toBeCloseTo(52);
    // Derive, 2 of 5 done: only the derive stage is left.
    expect(pace.etaS({ epoch: 2, childStep: 0, rewardsDone: 0, derived: 2 })).toBeCloseTo(18);
  });

  it('has no estimate before anything was measured', () => {
    expect(paced({ t: 0 }).etaS({ epoch: 0, childStep: 0, rewardsDone: 0 })).toBeNull();
  });
});
