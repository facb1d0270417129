import { describe, expect, it } from 'vitest';
import { STUDY_STRATEGIES } from '../../shared/study';
import { STUDY_STRATEGY_COLOURS } from './study-strategy-colours';

describe('study strategy colours', () => {
  it('gives every study strategy a colour of its own', () => {
    const colours = STUDY_STRATEGIES.map((s) => STUDY_STRATEGY_COLOURS[s]);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(colours).size).toBe(STUDY_STRATEGIES.length);
  });
});
