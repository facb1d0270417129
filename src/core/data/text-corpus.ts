/**
 * A word-level language-modelling corpus the way the Penn Treebank setup of Mikolov et al. (2010) and
 * the ENAS PTB experiments use it: words split on whitespace, an `<eos>` token closing every line, a
 * vocabulary built on train only, and words outside it replaced by `<unk>` in every split.
 */
import { dataError } from './data-error';

export const EOS = '<eos>';
export const UNK = '<unk>';

/** Whitespace-separated words of each non-blank line (blank lines carry no sentence and are dropped). */
export function tokenizeLines(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const line of lines) {
    const words = line.split(/\s+/).filter((w) => w.length > 0);
    if (words.length > 0) out.push(words);
  }
  return out;
}

export interface VocabularyPolicy {
  /** Words seen fewer times than this in train become `<unk>`. */
  minCount: number;
  /** Most entries, `<eos>` and `<unk>` included. */
  maxVocab: number;
}

/**
 * Id 0 is `<eos>`, id 1 `<unk>`, then the train words by falling count, ties in code-unit order, so the
 * same corpus always gives the same ids. A literal `<unk>` in the text (PTB has them) maps to id 1.
 */
export function buildVocabulary(train: readonly string[][], policy: VocabularyPolicy): string[] {
  const counts = new Map<string, number>();
  for (const line of train) {
    for (const word of line) if (word !== EOS && word !== UNK) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const words = [...counts.entries()]
    .filter(([, n]) => n >= policy.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, policy.maxVocab - 2))
    .map(([w]) => w);
  return [EOS, UNK, ...words];
}

export interface EncodedSplit {
  /** Token ids, an `<eos>` after each line. */
  ids: Uint32Array;
  lines: number;
  /** Tokens that became `<unk>` (literal `<unk>` tokens included). */
  unknown: number;
}

export function encodeSplit(lines: readonly string[][], vocabulary: readonly string[]): EncodedSplit {
  const index = new Map(vocabulary.map((w, i) => [w, i] as const));
  const unkId = index.get(UNK)!;
  const eosId = index.get(EOS)!;
  const total = lines.reduce((n, l) => n + l.length + 1, 0);
  const ids = new Uint32Array(total);
  let at = 0;
  let unknown = 0;
  for (const line of lines) {
    for (const word of line) {
      const id = index.get(word) ?? unkId;
      if (id === unkId) unknown += 1;
      ids[at++] = id;
    }
    ids[at++] = eosId;
  }
  return { ids, lines: lines.length, unknown };
}

/**
 * Cut the lines of one file into train, valid and test in file order (contiguous, as PTB's splits are:
 * a shuffle would leak context between them). Each split gets at least one line, or TEXT_EMPTY.
 */
export function splitByRatio<T>(items: readonly T[], ratios: readonly [number, number, number], file: string): [T[], T[], T[]] {
  const sum = ratios[0] + ratios[1] + ratios[2];
  const nValid = Math.round((items.length * ratios[1]) / sum);
  const nTest = Math.round((items.length * ratios[2]) / sum);
  const nTrain = items.length - nValid - nTest;
  if (nTrain < 1 || nValid < 1 || nTest < 1) {
    throw dataError(
      'TEXT_EMPTY',
      file,
      `${items.length} non-blank lines cannot be split ${ratios.join(':')} into non-empty train, valid and test splits`,
    );
  }
  return [items.slice(0, nTrain), items.slice(nTrain, nTrain + nValid), items.slice(nTrain + nValid)];
}
