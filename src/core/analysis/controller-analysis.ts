/**
 * Computes the controller analysis (src/shared/controller-analysis.ts: Adam & Lorraine 2019, §4) from traced
 * architectures: their epoch, arc tokens and the controller's hidden state at each decision. Pure numbers, no
 * tensors; the caller groups nothing, the epochs are read off the traces.
 */
import type { ControllerAnalysis, EpochCorrelation } from '../../shared/controller-analysis';

/**
 * The hidden states of one architecture, one row of `width` values per decision (the shape of
 * core/controller's HiddenStates, restated here so this pure layer needs nothing of the tfjs controller).
 */
export interface HiddenStates {
  readonly width: number;
  readonly values: Float32Array;
}

export interface TracedArchitecture {
  readonly epoch: number;
  readonly tokens: readonly number[];
  readonly hidden: HiddenStates;
}

export interface ControllerAnalysisOptions {
  /** Most pairs kept for the scatter plot (every k-th in pair order, so every architecture has some). Default 2000. */
  readonly scatterPoints?: number;
}

/** Euclidean distance between two traces of the same shape. */
export function hiddenDistance(a: HiddenStates, b: HiddenStates): number {
  if (a.width !== b.width || a.values.length !== b.values.length) {
    throw new RangeError(`hidden traces differ in shape: ${a.values.length}/${a.width} vs ${b.values.length}/${b.width}`);
  }
  let sum = 0;
  for (let i = 0; i < a.values.length; i++) {
    const d = (a.values[i] ?? 0) - (b.values[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** `arc-hamming`: the number of arc positions whose tokens differ. */
export function arcHammingDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`arcs differ in length: ${a.length} vs ${b.length}`);
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count += 1;
  return count;
}

/** Pearson correlation; null under 3 points or when either variable has no spread. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 1e-24 || syy <= 1e-24) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Every pair i < j of `archs`: [graph distance, hidden distance]. */
export function pairDistances(archs: readonly TracedArchitecture[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < archs.length; i++) {
    for (let j = i + 1; j < archs.length; j++) {
      const a = archs[i]!;
      const b = archs[j]!;
      out.push([arcHammingDistance(a.tokens, b.tokens), hiddenDistance(a.hidden, b.hidden)]);
    }
  }
  return out;
}

export function analyseController(
  archs: readonly TracedArchitecture[],
  options: ControllerAnalysisOptions = {},
): ControllerAnalysis {
  const byEpoch = new Map<number, TracedArchitecture[]>();
  for (const arch of archs) {
    const group = byEpoch.get(arch.epoch);
    if (group === undefined) byEpoch.set(arch.epoch, [arch]);
    else group.push(arch);
  }
  const epochs: EpochCorrelation[] = [];
  let scatter: ControllerAnalysis['scatter'] = null;
  for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
    const group = byEpoch.get(epoch)!;
    const pairs = pairDistances(group);
    const correlation = pearson(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
    epochs.push({ epoch, architectures: group.length, pairs: pairs.length, correlation });
    if (correlation !== null) scatter = { epoch, points: evenlySpaced(pairs, options.scatterPoints ?? 2000) };
  }
  const known = epochs.flatMap((e) => (e.correlation === null ? [] : [e.correlation]));
  return {
    graphDistance: 'arc-hamming',
    hiddenDistance: 'euclidean',
    epochs,
    meanCorrelation: known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length,
    scatter,
  };
}

/** Every k-th item, k the smallest stride that keeps at most `most`: the first `most` pairs would all involve the epoch's first few architectures. */
function evenlySpaced<T>(items: readonly T[], most: number): T[] {
  const stride = Math.max(1, Math.ceil(items.length / most));
  return items.filter((_, i) => i % stride === 0);
}
