/**
 * One colour per study strategy, the same in every study chart (per-seed scores, reward bands), so a strategy
 * is recognised across them. The controller strategies are cool (enas blue, enas-memory violet), parsec
 * magenta, the two random baselines warm orange and green; all hold against the light and the dark theme.
 */
import type { StudyStrategy } from '../../shared/study';

export const STUDY_STRATEGY_COLOURS: Readonly<Record<StudyStrategy, string>> = {
  enas: '#2f6fd6',
  'enas-memory': '#7f56c9',
  parsec: '#c2417f',
  'random-ws': '#d6802f',
  random: '#3a9a5b',
};
