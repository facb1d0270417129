/**
 * The REINFORCE advantages of one batch, as the official controllers compute them (melodyguan/enas
 * `build_trainer`): each reward shaped with the entropy bonus, r ← reward + entropyWeight · entropy, the
 * baseline moved towards each r in batch order, b ← b − (1 − baselineDecay)(b − r), and the advantage r − b
 * taken against the baseline as it stands after that sample. The knobs that are ours (`baselineInit`,
 * `advantageNormalize`, `entropyReduction`) default to the official behaviour. Plain numbers, shared by the
 * single controller and the lockstep population (controller-population.ts), so the two cannot drift apart.
 */
import type { ControllerConfig } from '../../shared/config/controller';
import type { ScoredTokens } from './scored-batch';

export interface BatchAdvantages {
  /** One advantage per sample of the batch, in batch order. */
  readonly advantages: number[];
  /** The baseline after the batch. */
  readonly baseline: number;
}

/** `baseline` is the controller's baseline before the batch; `step` the number of updates applied so far. */
export function batchAdvantages(batch: readonly ScoredTokens[], config: ControllerConfig, baseline: number, step: number): BatchAdvantages {
  const shaped = batch.map((item) => item.reward + config.entropyWeight * entropyBonusBase(item, config.entropyReduction));
  // `first-batch`: the first update starts the baseline at its batch's mean instead of the official 0.
  let next = step === 0 && config.baselineInit === 'first-batch' ? meanOf(shaped) : baseline;
  const raw = shaped.map((r) => {
    next -= (1 - config.baselineDecay) * (next - r);
    return r - next;
  });
  return { advantages: config.advantageNormalize ? normalize(raw) : raw, baseline: next };
}

/**
 * Advantages of replayed architectures against the baseline `b` after the fresh batch: their stored reward
 * (with the entropy bonus of the sample as it was drawn) minus b, normalised among themselves when the fresh
 * advantages are. No importance weight corrects for the policy having moved since they were sampled: the
 * memory term is there to make the controller keep earlier decisions in its state, not to be unbiased.
 */
export function replayAdvantages(items: readonly ScoredTokens[], b: number, config: ControllerConfig): number[] {
  const raw = items.map((item) => item.reward + config.entropyWeight * entropyBonusBase(item, config.entropyReduction) - b);
  return config.advantageNormalize ? normalize(raw) : raw;
}

/**
 * The entropy the bonus weighs: the sample's summed entropy (official), or its mean over the decisions.
 * Every decision of every space writes exactly one token of the arc, so the decision count is the arc length.
 */
function entropyBonusBase(item: ScoredTokens, reduction: ControllerConfig['entropyReduction']): number {
  return reduction === 'mean' ? item.entropy / item.tokens.length : item.entropy;
}

function meanOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Advantages centred on their batch mean and divided by their batch standard deviation: the usual
 * normalisation, which also removes the drift of a slow baseline while the shared weights improve (every
 * reward rising above b would otherwise reinforce every sample). A batch whose advantages are all equal
 * carries no ranking and gives zeros.
 */
function normalize(advantages: readonly number[]): number[] {
  const m = meanOf(advantages);
  const std = Math.sqrt(meanOf(advantages.map((a) => (a - m) ** 2)));
  return std > 1e-8 ? advantages.map((a) => (a - m) / std) : advantages.map(() => 0);
}
