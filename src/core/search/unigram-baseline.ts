/**
 * The unigram baseline of a language model: the perplexity of predicting every token of a split from the
 * training corpus's word frequencies alone, add-one smoothed so that a word unseen in training costs a finite
 * amount. A model that learned nothing about word order scores about this; "well below" it means the
 * recurrent cell learned context.
 */
export function unigramPerplexity(train: Int32Array, split: Int32Array, vocabSize: number): number {
  const counts = new Float64Array(vocabSize).fill(1);
  for (const token of train) counts[token] = (counts[token] ?? 0) + 1;
  const total = train.length + vocabSize;
  let nll = 0;
  for (const token of split) nll -= Math.log((counts[token] ?? 1) / total);
  return Math.exp(nll / split.length);
}
